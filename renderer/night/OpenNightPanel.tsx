/**
 * The ways to open a night: drop a folder, the native dialog (desktop), a path typed or
 * browsed on the server (browser mode), a recent night (main offers only those this session
 * may open), or the demo night.
 */
import { useAppActions, useAppServices, useAppStore } from '../app-context';
import { FolderBrowser } from './FolderBrowser';

/** The panel that opens a night. */
export function OpenNightPanel() {
  const { pathForDroppedFile } = useAppServices();
  const host = useAppStore((s) => s.host);
  const recent = useAppStore((s) => s.recentNights);
  const busy = useAppStore((s) => s.nightBusy);
  const actions = useAppActions();
  // Kept in the store: a refused path stays as typed, to be corrected.
  const path = useAppStore((s) => s.nightPathDraft);
  const browser = host !== null && !host.canChooseFolder;

  return (
    <div className="open-night">
      <div className="drop-hint">
        <p className="drop-title">Drop a night folder here</p>
        <p className="muted">
          {pathForDroppedFile
            ? 'A folder of raw FITS frames: biases, darks, flats and lights, in any sub-folders.'
            : 'Dropping a folder needs the desktop app: a browser never tells a page where a file lives. Type the folder’s path or browse the server’s folders below.'}
        </p>
        <div className="actions">
          {host?.canChooseFolder && (
            <button type="button" className="primary" data-testid="open-night" disabled={busy} onClick={() => void actions().chooseAndOpenNight()}>
              Open night…
            </button>
          )}
          <button type="button" data-testid="demo-night" disabled={busy} onClick={() => void actions().openDemoNight()}>
            Try the demo night
          </button>
        </div>
      </div>

      <form
        className="path-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (path.trim() !== '') void actions().openNight(path.trim());
        }}
      >
        <label htmlFor="night-path">Night folder</label>
        <input id="night-path" className="mono" data-testid="night-path-input" type="text" spellCheck={false} placeholder={browser ? '/srv/astro/nights/2026-03-14' : '/path/to/night'} value={path} onChange={(e) => actions().setNightPathDraft(e.currentTarget.value)} />
        <button type="submit" disabled={busy || path.trim() === ''}>
          Open
        </button>
      </form>

      {browser && <FolderBrowser pickLabel="Open this folder" pickEntries onPick={(folder) => void actions().openNight(folder)} />}

      {recent.length > 0 && (
        <div className="recent-nights">
          <h3>Recent nights</h3>
          {browser && <p className="muted hint">Only those inside the folders this server may open (nightcal serve --root DIR).</p>}
          <ul>
            {recent.map((night) => (
              <li key={night}>
                <button type="button" className="link mono" disabled={busy} onClick={() => void actions().openNight(night)} title={`Open ${night}`}>
                  {night}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
