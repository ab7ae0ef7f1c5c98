/** The top bar: the app, the open night's folder, the host it runs in, and the night-red switch. */
import { useContext } from 'react';
import { useAppStore } from './app-context';
import { NightRedContext } from './theme';

/** The header bar. */
export function HeaderBar() {
  const root = useAppStore((s) => s.night?.root ?? null);
  const host = useAppStore((s) => s.host);
  const version = useAppStore((s) => s.version);
  const connectionError = useAppStore((s) => s.connectionError);
  const { nightRed, setNightRed } = useContext(NightRedContext);
  return (
    <header className="header-bar">
      <span className="brand">
        <span className="brand-mark" aria-hidden="true" />
        NightCal
      </span>
      <span className={`night-path mono ${root ? '' : 'muted'}`} title={root ?? ''}>
        {root ?? 'No night open'}
      </span>
      {connectionError && (
        <span className="alert error compact" title={connectionError}>
          Not connected: {connectionError}
        </span>
      )}
      <span className="spacer" />
      {host && (
        <span className="host-badge" title={host.kind === 'browser' ? 'Browser mode: served by nightcal serve on this machine' : `Running as the ${host.kind} app`}>
          <span className="host-kind">{host.kind}</span>
          {version && <span className="version"> · v{version}</span>}
        </span>
      )}
      <button type="button" className={`night-red-toggle ${nightRed ? 'on' : ''}`} aria-pressed={nightRed} onClick={() => setNightRed(!nightRed)} title="Red on black, to keep your dark adaptation">
        Night red
      </button>
    </header>
  );
}
