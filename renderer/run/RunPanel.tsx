/**
 * Step 3: calibrate every light. One button, Cancel while it runs, the overall progress with
 * rate and ETA from main's throttled totals, counts per status, and the virtual frame list.
 */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { FrameRunStatus } from '../../shared/contract';
import { useAppActions, useAppStore } from '../app-context';
import { EmptyStep } from '../EmptyStep';
import { formatCount, formatRate, formatSeconds } from '../format-units';
import { FrameList, runOutputDir } from './FrameList';
import { countFrameStatuses, idsWithStatus, lightIdsOf, overallPercent, processedCount, settledRate } from './run-slice';
import { STATUS_GLYPHS } from './status-glyphs';
import './run.css';

const FILTERS: readonly { readonly label: string; readonly statuses: readonly FrameRunStatus[]; readonly empty: string }[] = [
  { label: 'All', statuses: [], empty: 'No lights to calibrate.' },
  { label: 'Running', statuses: ['running'], empty: 'No frame is being calibrated now.' },
  { label: 'Failed', statuses: ['failed'], empty: 'No failed frames.' },
  { label: 'Done', statuses: ['done', 'skipped'], empty: 'No frame written yet.' },
  { label: 'Waiting', statuses: ['queued'], empty: 'No frame waiting.' },
];
const SHOWN_STATUSES: readonly FrameRunStatus[] = ['done', 'failed', 'skipped', 'cancelled', 'running', 'queued'];

/** The calibrate step. */
export function RunPanel({ onShowOutputs }: { readonly onShowOutputs: () => void }) {
  const lightCount = useAppStore((s) => (s.night ? lightIdsOf(s.night).length : null));
  const outputDir = useAppStore(runOutputDir);
  const { runActive, runStage, progress, summary, runError, cancelRequested } = useAppStore(
    useShallow((s) => ({ runActive: s.runActive, runStage: s.runStage, progress: s.progress, summary: s.summary, runError: s.runError, cancelRequested: s.cancelRequested })),
  );
  const counts = useAppStore(useShallow((s) => countFrameStatuses(s.runFrameIds, s.runFrames)));
  const [filter, setFilter] = useState(0);
  const [follow, setFollow] = useState(true);
  const frameIds = useAppStore(useShallow((s) => idsWithStatus(s.runFrameIds, s.runFrames, FILTERS[filter].statuses)));
  const followIndex = useAppStore((s) => (follow && s.runActive ? lastRunningIndex(frameIds, s.runFrames) : null));
  const actions = useAppActions();

  if (lightCount === null) return <EmptyStep text="Open a night first: its lights are calibrated here." />;
  const percent = overallPercent(progress, counts, summary);
  const buildingMasters = runActive && runStage === 'masters';
  const calibrateProgress = progress?.stage === 'calibrate' ? progress : null;
  const rate = settledRate(progress);

  return (
    <section className="step-panel run-panel" aria-labelledby="run-title">
      <header className="panel-header">
        <div>
          <h2 id="run-title">Calibrate</h2>
          <p className="muted tabular">{formatCount(lightCount)} lights · (light − bias − scale·dark) ÷ flat, written as float32 FITS</p>
          {outputDir && (
            <p className="muted output-dir" data-testid="run-output-dir">
              into <span className="mono selectable">{outputDir}</span>
            </p>
          )}
        </div>
        <div className="actions">
          {runActive ? (
            <button type="button" className="danger" data-testid="cancel-run" disabled={cancelRequested} onClick={() => void actions().cancelRun()}>
              {cancelRequested ? 'Cancelling…' : 'Cancel'}
            </button>
          ) : (
            <button type="button" className="primary" data-testid="calibrate" disabled={lightCount === 0} onClick={() => void actions().calibrate()}>
              {summary ? 'Calibrate again' : `Calibrate ${formatCount(lightCount)} lights`}
            </button>
          )}
        </div>
      </header>
      {runError && <p className="alert error">{runError}</p>}

      <div className="run-progress">
        <div className="run-progress-line tabular">
          <strong>{buildingMasters ? 'Building masters' : summary ? (summary.cancelled ? 'Cancelled' : 'Finished') : runActive ? 'Calibrating' : 'Ready'}</strong>
          <span>{buildingMasters && progress ? `${progress.done} / ${progress.total} masters` : `${formatCount(processedCount(counts))} / ${formatCount(counts.total)} frames`}</span>
          <span>{Math.floor(percent)} %</span>
          <span title="frames calibrated per second">{formatRate(summary ? summary.framesPerSecond : rate.framesPerSecond)}</span>
          <span title="elapsed">elapsed {formatSeconds(summary ? summary.seconds : (calibrateProgress?.elapsedSeconds ?? null))}</span>
          {runActive && <span title="estimated time left">ETA {formatSeconds(rate.etaSeconds)}</span>}
        </div>
        <div className={`bar big ${runActive ? 'active' : ''}`} role="progressbar" data-testid="overall-progress" aria-label="Overall progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(percent)}>
          <span style={{ width: `${percent}%` }} />
        </div>
        <ul className="status-counts tabular">
          {SHOWN_STATUSES.map((status) => (
            <li key={status} className={`status-${status}`}>
              <span aria-hidden="true">{STATUS_GLYPHS[status]}</span> {formatCount(counts[status])} {status}
            </li>
          ))}
        </ul>
      </div>

      {summary && (
        <div className={`alert ${summary.failed > 0 || summary.cancelled ? 'warning' : 'ok'} run-finished`}>
          <span>
            {summary.cancelled ? 'Run cancelled' : 'Run finished'} in {formatSeconds(summary.seconds)}: {formatCount(summary.done)} done, {formatCount(summary.failed)} failed, {formatCount(summary.skipped)} skipped.
          </span>
          <button type="button" onClick={onShowOutputs}>
            Outputs →
          </button>
        </div>
      )}

      <div className="list-toolbar">
        <div className="segmented small" role="group" aria-label="Show frames">
          {FILTERS.map((f, i) => (
            <button key={f.label} type="button" aria-pressed={filter === i} onClick={() => setFilter(i)}>
              {f.label}
            </button>
          ))}
        </div>
        <label className="follow">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.currentTarget.checked)} /> follow the running frames
        </label>
      </div>
      <FrameList frameIds={frameIds} followIndex={followIndex} emptyText={FILTERS[filter].empty} />
    </section>
  );
}

/** The index of the last running frame in the list, or null. */
function lastRunningIndex(ids: readonly string[], frames: Readonly<Record<string, { readonly status: FrameRunStatus }>>): number | null {
  for (let i = ids.length - 1; i >= 0; i -= 1) if (frames[ids[i]]?.status === 'running') return i;
  return null;
}
