/**
 * The calibration libraries the night was planned with: what each holds and what of it this
 * night uses (main's LibraryView, shown as it is). Hidden when the session uses none.
 */
import { useAppStore } from '../app-context';
import { plural } from '../../shared/plural';
import { SkippedFiles } from '../library/SkippedFiles';

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
            <SkippedFiles files={library.skipped.map((skip) => ({ key: skip.relativePath, file: skip.relativePath, reason: skip.reason }))} label="not used" />
          </li>
        ))}
      </ul>
    </>
  );
}
