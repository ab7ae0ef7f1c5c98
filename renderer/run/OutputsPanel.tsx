/** Step 4: what the run wrote, where, with which masters, and what failed. */
import { useState } from 'react';
import { builtWith } from '../masters/masters-slice';
import { useAppActions, useAppServices, useAppStore } from '../app-context';
import { EmptyStep } from '../EmptyStep';
import { errorMessage } from '../error-message';
import { formatCount, formatRate, formatSeconds, pathInside } from '../format-units';
import { masterTitle } from '../masters/master-title';

/** The outputs step. */
export function OutputsPanel() {
  const summary = useAppStore((s) => s.summary);
  const canReveal = useAppStore((s) => s.host?.canReveal ?? false);
  const masters = useAppStore((s) => s.masters);
  const builtWithMethod = useAppStore(builtWith);
  const { client } = useAppServices();
  const actions = useAppActions();
  const [revealError, setRevealError] = useState<string | null>(null);

  if (!summary) return <EmptyStep text="Calibrate the lights first: the run's summary and output folder appear here." />;
  const tiles: [string, string][] = [
    ['Done', formatCount(summary.done)],
    ['Failed', formatCount(summary.failed)],
    ['Skipped', formatCount(summary.skipped)],
    ['Lights', formatCount(summary.total)],
    ['Time', formatSeconds(summary.seconds)],
    ['Rate', formatRate(summary.framesPerSecond)],
  ];
  return (
    <section className="step-panel" data-testid="run-summary" aria-labelledby="outputs-title">
      <header className="panel-header">
        <div>
          <h2 id="outputs-title">Outputs</h2>
          <p className="muted">{summary.cancelled ? 'The run was cancelled; the frames written so far are valid.' : 'The run is complete.'}</p>
          {!canReveal && <p className="muted hint">The files are on the machine that runs nightcal serve, in the folder below.</p>}
        </div>
        <div className="actions">
          {canReveal && (
            <button
              type="button"
              className="primary"
              onClick={() => {
                setRevealError(null);
                client.revealOutput().catch((error: unknown) => setRevealError(errorMessage(error)));
              }}
            >
              Show output folder
            </button>
          )}
        </div>
      </header>
      {revealError && <p className="alert error">{revealError}</p>}
      <dl className="tiles tabular">
        {tiles.map(([name, value]) => (
          <div key={name} className={`tile ${name === 'Failed' && summary.failed > 0 ? 'tile-warning' : ''}`}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <dl className="facts">
        <dt>Output folder</dt>
        <dd className="mono selectable">{summary.outputDir}</dd>
        <dt>Run manifest</dt>
        <dd className="mono selectable">{summary.manifestPath}</dd>
      </dl>
      <h3>Masters used{builtWithMethod ? ` · combined by ${builtWithMethod}` : ''}</h3>
      <table className="data-table" data-testid="masters-used">
        <thead>
          <tr>
            <th>Master</th>
            <th>File, in the output folder</th>
          </tr>
        </thead>
        <tbody>
          {summary.masters.map((master) => {
            const spec = masters[master.id]?.spec;
            return (
              <tr key={master.id}>
                <td title={master.id}>{spec ? masterTitle(spec) : <span className="mono">{master.id}</span>}</td>
                <td className="mono muted selectable" title={master.path}>
                  {pathInside(master.path, summary.outputDir)}
                </td>
              </tr>
            );
          })}
          {summary.masters.length === 0 && (
            <tr>
              <td colSpan={2} className="muted">
                No masters: the lights were written as read.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {summary.errors.length > 0 && (
        <>
          <h3>Errors ({formatCount(summary.errors.length)})</h3>
          <ul className="error-list">
            {summary.errors.map((entry, index) => (
              <li key={entry.scope === 'frame' ? entry.frameId : entry.scope === 'master' ? `master:${entry.masterId}` : `run:${index}`}>
                {entry.scope === 'frame' ? (
                  <button type="button" className="link mono" onClick={() => actions().openViewer({ kind: 'frame', frameId: entry.frameId })}>
                    {entry.frameId}
                  </button>
                ) : (
                  <span className="mono">{entry.scope === 'master' ? `master ${entry.masterId}` : 'the run'}</span>
                )}
                <span className="error-text">
                  {entry.error.code}: {entry.error.message}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
