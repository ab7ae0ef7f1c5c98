/**
 * Step 4: what the run wrote, where, with which masters; what it says (the lights calibrated
 * without every step, its notes, its errors of the run, of a master, of a light); every light
 * with what it got; and the next run: its output folder, and "Calibrate again", redoing every
 * light if asked.
 */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RunSummary } from '../../shared/contract';
import { noteCountPhrases } from '../../shared/run/light-treatment';
import { builtWith } from '../masters/masters-slice';
import { useAppActions, useAppServices, useAppStore } from '../app-context';
import { EmptyStep } from '../EmptyStep';
import { errorMessage } from '../error-message';
import { countOf, formatCount, formatRate, formatSeconds, pathInside } from '../format-units';
import { masterTitle } from '../masters/master-title';
import { FrameList } from './FrameList';
import { DestinationNote, OutputFolderChooser } from './OutputDestination';
import { RunAlerts } from './RunAlerts';
import { FRAME_FILTERS, FrameFilters, IncompleteReasons, useFilteredFrameIds } from './RunPanel';
import './run.css';

/** The outputs step. */
export function OutputsPanel({ onCalibrate }: { readonly onCalibrate: () => void }) {
  const summary = useAppStore((s) => s.summary);
  const runActive = useAppStore((s) => s.runActive);
  const canReveal = useAppStore((s) => s.host?.canReveal ?? false);
  const { client } = useAppServices();
  const [revealError, setRevealError] = useState<string | null>(null);

  if (!summary || runActive) {
    return <EmptyStep text={runActive ? 'A run is going on: its summary and output folder appear here when it ends.' : "Calibrate the lights first: the run's summary and output folder appear here."} />;
  }
  const incomplete = summary.lightNotes['no-flat'] + summary.lightNotes['no-dark'] + summary.lightNotes['no-bias'] + summary.lightNotes['dark-unscaled'];
  const tiles: [string, string, boolean][] = [
    ['Done', formatCount(summary.done), false],
    ['Failed', formatCount(summary.failed), summary.failed > 0],
    ['Skipped', formatCount(summary.skipped), false],
    ['Lights', formatCount(summary.total), false],
    ['Time', formatSeconds(summary.seconds), false],
    ['Rate', formatRate(summary.framesPerSecond > 0 ? summary.framesPerSecond : null), false],
  ];
  return (
    <section className="step-panel outputs-panel" data-testid="run-summary" aria-labelledby="outputs-title">
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
        {tiles.map(([name, value, warn]) => (
          <div key={name} className={`tile ${warn ? 'tile-warning' : ''}`}>
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
      <RunWarnings summary={summary} incomplete={incomplete} />
      <MastersUsed summary={summary} />
      <LightsTable />
      <CalibrateAgain onStart={onCalibrate} />
    </section>
  );
}

/** What the run says: the lights calibrated without every step, its notes, and its errors by what they are about. */
function RunWarnings({ summary, incomplete }: { readonly summary: RunSummary; readonly incomplete: number }) {
  const actions = useAppActions();
  const masters = useAppStore((s) => s.masters);
  const phrases = noteCountPhrases(summary.lightNotes);
  const count = phrases.length + summary.notes.length + summary.errors.length;
  return (
    <>
      <h3>What the run says{count > 0 ? ` (${formatCount(count)})` : ''}</h3>
      <ul className="run-warnings" data-testid="run-warnings">
        {count === 0 && <li className="muted">Every light got bias, dark and flat; nothing failed.</li>}
        {phrases.map((phrase) => (
          <li key={phrase} className={`warning-item ${incomplete > 0 && !phrase.includes('scaled dark') ? 'severity-warning' : 'severity-info'}`} data-scope="lights">
            <span className="scope">lights</span> Calibrated {phrase}.
          </li>
        ))}
        {summary.notes.map((note) => (
          <li key={note} className="warning-item severity-info" data-scope="run">
            <span className="scope">run</span> {note}
          </li>
        ))}
        {summary.errors.map((entry, index) => (
          <li key={entry.scope === 'frame' ? entry.frameId : entry.scope === 'master' ? `master:${entry.masterId}` : `run:${index}`} className="warning-item severity-error" data-scope={entry.scope}>
            <span className="scope">{entry.scope === 'frame' ? 'light' : entry.scope}</span>{' '}
            {entry.scope === 'frame' ? (
              <button type="button" className="link mono" onClick={() => actions().openViewer({ kind: 'frame', frameId: entry.frameId })}>
                {entry.frameId}
              </button>
            ) : entry.scope === 'master' ? (
              <span>{masters[entry.masterId] ? masterTitle(masters[entry.masterId].spec) : entry.masterId}</span>
            ) : null}{' '}
            <span className="error-text">
              {entry.error.code}: {entry.error.message}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

/** The masters the run used, with their files. */
function MastersUsed({ summary }: { readonly summary: RunSummary }) {
  const masters = useAppStore((s) => s.masters);
  const builtWithMethod = useAppStore(builtWith);
  return (
    <>
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
    </>
  );
}

/** Every light of the run: its status, what it got, the masters it was calibrated with, its time. */
function LightsTable() {
  const [filter, setFilter] = useState(0);
  const frameIds = useFilteredFrameIds(filter);
  const total = useAppStore((s) => s.runFrameIds.length);
  return (
    <>
      <div className="list-toolbar">
        <h3>Lights ({formatCount(total)})</h3>
        <FrameFilters filter={filter} onChange={setFilter} />
      </div>
      {FRAME_FILTERS[filter].statuses === 'incomplete' && <IncompleteReasons frameIds={frameIds} />}
      <div className="outputs-lights" data-testid="outputs-lights">
        <FrameList frameIds={frameIds} followIndex={null} emptyText={FRAME_FILTERS[filter].empty} variant="outputs" />
      </div>
    </>
  );
}

/** The next run: where it writes, and whether every light is written again. */
function CalibrateAgain({ onStart }: { readonly onStart: () => void }) {
  const [redo, setRedo] = useState(false);
  const { busy, lights } = useAppStore(useShallow((s) => ({ busy: s.runActive || s.calibrateRequested, lights: s.runFrameIds.length })));
  const refused = useAppStore((s) => s.destination?.outputDir === null);
  const actions = useAppActions();
  return (
    <div className="calibrate-again" data-testid="calibrate-again">
      <h3>Calibrate again</h3>
      <OutputFolderChooser />
      <DestinationNote />
      <RunAlerts />
      <div className="actions">
        <label className="follow" title="Without this, lights an earlier run of the same settings wrote into that folder are kept">
          <input type="checkbox" data-testid="redo-all" checked={redo} onChange={(e) => setRedo(e.currentTarget.checked)} /> write every light again ({countOf(lights, 'light')})
        </label>
        <button
          type="button"
          className="primary"
          data-testid="calibrate-again-button"
          disabled={busy || refused}
          onClick={() => {
            void actions().calibrate({ redo });
            onStart();
          }}
        >
          {busy ? 'Starting…' : 'Calibrate again'}
        </button>
      </div>
    </div>
  );
}
