/**
 * The calibration libraries the night was planned with: what each holds and what of it this
 * night uses (main's LibraryView, shown as it is). Hidden when the session uses none.
 */
import { useAppStore } from '../app-context';
import { plural } from '../../shared/plural';

export function LibrariesList() {
  const libraries = useAppStore((s) => s.night?.libraries);
  if (!libraries || libraries.length === 0) return null;
  return (
    <>
      <h3>Calibration libraries</h3>
      <ul className="libraries" data-testid="libraries">
        {libraries.map((library) => (
          <li key={library.root} data-testid="library">
            <span className="mono selectable">{library.root}</span>
            <span className="muted">
              {' '}
              · {plural(library.masters, 'master')}, {library.used.length} used by this night
              {library.rawFrames > 0 && ` · ${plural(library.rawFrames, 'raw calibration frame')} not yet made into masters (nightcal library add)`}
            </span>
            {library.used.length > 0 && (
              <ul className="small">
                {library.used.map((used) => (
                  <li key={used.masterId} className="mono">
                    {used.origin}
                  </li>
                ))}
              </ul>
            )}
            {library.skipped.length > 0 && (
              <details className="small">
                <summary>{plural(library.skipped.length, 'file')} not used</summary>
                <ul>
                  {library.skipped.map((skip) => (
                    <li key={skip.relativePath}>
                      <span className="mono">{skip.relativePath}</span>: {skip.reason}
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
