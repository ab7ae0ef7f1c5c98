/**
 * Step 3: calibrate every light. One button, Cancel while it runs, the overall progress with
 * main's rate and time left (the light stage's own, shown once they mean something), counts per
 * status, and the virtual frame list: before a run, the lights it will take, each with what it
 * will get.
 */
import { WatchPanel } from './WatchPanel';
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { FrameRunStatus } from '../../shared/contract';
import { useAppActions, useAppStore } from '../app-context';
import { EmptyStep } from '../EmptyStep';
import { countOf, formatCount, formatRate, formatSeconds } from '../format-units';
import { FrameList } from './FrameList';
import { DestinationNote } from './OutputDestination';
import { RunAlerts } from './RunAlerts';
import { countFrameStatuses, idsCalibratedIncompletely, idsWithStatus, lightCounts, processedCount, progressPercent, shownFrameIds, treatmentsOf } from './run-slice';
import { STATUS_GLYPHS } from './status-glyphs';
import './run.css';

/** The list's filters: by status, or the lights calibrated (or to be calibrated) without every step. */
export const FRAME_FILTERS: readonly { readonly label: string; readonly statuses: readonly FrameRunStatus[] | 'incomplete'; readonly empty: string; readonly title?: string }[] = [
  { label: 'All', statuses: [], empty: 'No lights to calibrate.' },
  { label: 'Running', statuses: ['running'], empty: 'No frame is being calibrated now.' },
  { label: 'Failed', statuses: ['failed'], empty: 'No failed frames.' },
  { label: 'Done', statuses: ['done', 'skipped'], empty: 'No frame written yet.' },
  { label: 'Waiting', statuses: ['queued'], empty: 'No frame waiting.' },
  { label: 'Incomplete', statuses: 'incomplete', empty: 'Every light gets bias, dark and flat.', title: 'Lights calibrated without a flat, a dark or a bias, or with a dark of another exposure unscaled' },
];
const SHOWN_STATUSES: readonly FrameRunStatus[] = ['done', 'failed', 'skipped', 'cancelled', 'running', 'queued'];

/** The frames a filter keeps, from the store. */
export function useFilteredFrameIds(filter: number): readonly string[] {
  return useAppStore(
    useShallow((s) => {
      const ids = shownFrameIds(s);
      const { statuses } = FRAME_FILTERS[filter];
      return statuses === 'incomplete' ? idsCalibratedIncompletely(ids, s.runFrames, treatmentsOf(s.night)) : idsWithStatus(ids, s.runFrames, statuses);
    }),
  );
}

/** The filter buttons above a frame list. */
export function FrameFilters({ filter, onChange }: { readonly filter: number; readonly onChange: (filter: number) => void }) {
  return (
    <div className="segmented small" role="group" aria-label="Show frames">
      {FRAME_FILTERS.map((f, i) => (
        <button key={f.label} type="button" aria-pressed={filter === i} title={f.title} onClick={() => onChange(i)}>
          {f.label}
        </button>
      ))}
    </div>
  );
}

/** Why the lights of the "Incomplete" filter go without a step: each distinct reason of the plan, with how many lights it is. */
export function IncompleteReasons({ frameIds }: { readonly frameIds: readonly string[] }) {
  const treatments = useAppStore((s) => treatmentsOf(s.night));
  const reasons = new Map<string, { badge: string; count: number }>();
  for (const id of frameIds) {
    const treatment = treatments?.get(id);
    if (!treatment) continue;
    const entry = reasons.get(treatment.reason) ?? { badge: treatment.badge, count: 0 };
    entry.count += 1;
    reasons.set(treatment.reason, entry);
  }
  if (reasons.size === 0) return null;
  return (
    <ul className="incomplete-reasons" data-testid="incomplete-reasons">
      {[...reasons].slice(0, 4).map(([reason, { badge, count }]) => (
        <li key={reason}>
          <span className="chip treatment treatment-incomplete">{badge}</span> <span className="tabular">{countOf(count, 'light')}</span>: <span className="muted">{reason}</span>
        </li>
      ))}
      {reasons.size > 4 && <li className="muted">and {countOf(reasons.size - 4, 'other reason')}: hover a badge for its own</li>}
    </ul>
  );
}

/** The calibrate step. */
export function RunPanel({ onShowOutputs }: { readonly onShowOutputs: () => void }) {
  const lights = useAppStore(useShallow((s) => (s.night ? lightCounts(s.night) : null)));
  const { runActive, runStage, progress, summary, runFailure, cancelRequested, calibrateRequested } = useAppStore(
    useShallow((s) => ({
      runActive: s.runActive,
      runStage: s.runStage,
      progress: s.progress,
      summary: s.summary,
      runFailure: s.runFailure,
      cancelRequested: s.cancelRequested,
      calibrateRequested: s.calibrateRequested,
    })),
  );
  const masters = useAppStore(useShallow((s) => ({ built: s.masterIds.filter((id) => s.masters[id]?.status === 'done').length, total: s.masterIds.length })));
  const counts = useAppStore(useShallow((s) => countFrameStatuses(shownFrameIds(s), s.runFrames)));
  const [filter, setFilter] = useState(0);
  const [follow, setFollow] = useState(true);
  const frameIds = useFilteredFrameIds(filter);
  const followIndex = useAppStore((s) => (follow && s.runActive ? lastRunningIndex(frameIds, s.runFrames) : null));
  // A watch is the one stage in progress: a run would be refused as busy.
  const watching = useAppStore((state) => state.watch?.active === true);
  const actions = useAppActions();

  if (lights === null) return <EmptyStep text="Open a night first: its lights are calibrated here." />;
  const percent = progressPercent(counts, summary);
  const buildingMasters = runActive && runStage === 'masters';
  // The rate is main's: the light stage's recent frames while it runs, its average once it ended.
  const framesPerSecond = summary ? summary.framesPerSecond : (progress?.framesPerSecond ?? null);
  // Asked, not yet begun: the last run's end is no longer what this window is about.
  const starting = calibrateRequested && !runActive;
  const state = buildingMasters ? 'Building masters' : runActive ? 'Calibrating' : starting ? 'Starting' : summary ? (summary.cancelled ? 'Cancelled' : 'Finished') : runFailure ? 'Stopped' : 'Ready';

  return (
    <section className="step-panel run-panel" aria-labelledby="run-title">
      <header className="panel-header">
        <div>
          <h2 id="run-title">Calibrate</h2>
          <p className="muted tabular">
            {countOf(lights.calibratable, 'light')}
            {lights.blocked > 0 && ` (and ${countOf(lights.blocked, 'light file')} that cannot be calibrated: listed as failed, with why)`} · (light − bias − scale·dark) ÷ flat, written as float32 FITS
          </p>
          <DestinationNote />
        </div>
        <div className="actions">
          {runActive ? (
            <button type="button" className="danger" data-testid="cancel-run" disabled={cancelRequested} onClick={() => void actions().cancelRun()}>
              {cancelRequested ? 'Cancelling…' : 'Cancel'}
            </button>
          ) : (
            <button type="button" className="primary" data-testid="calibrate" disabled={lights.calibratable === 0 || calibrateRequested || watching} onClick={() => void actions().calibrate()}>
              {calibrateRequested ? 'Starting…' : summary ? 'Calibrate again' : `Calibrate ${countOf(lights.calibratable, 'light')}`}
            </button>
          )}
        </div>
      </header>
      <WatchPanel />
      <RunAlerts />

      <div className="run-progress">
        <div className="run-progress-line tabular">
          <strong>{state}</strong>
          <span>{buildingMasters ? `${formatCount(masters.built)} / ${countOf(masters.total, 'master')} built` : `${formatCount(processedCount(counts))} / ${countOf(counts.total, 'frame')}`}</span>
          <span data-testid="progress-percent">{percent} %</span>
          {framesPerSecond !== null && framesPerSecond > 0 && (
            <span title={summary ? 'frames calibrated per second of the light stage' : 'frames calibrated per second, over the last frames'} data-testid="run-rate">
              {formatRate(framesPerSecond)}
            </span>
          )}
          {(summary || progress) && <span title="since the run started">elapsed {formatSeconds(summary ? summary.seconds : (progress?.elapsedSeconds ?? null))}</span>}
          {runActive && progress?.etaSeconds != null && (
            <span title="estimated time left, at the recent rate" data-testid="run-eta">
              ETA {formatSeconds(progress.etaSeconds)}
            </span>
          )}
        </div>
        <div className={`bar big ${runActive ? 'active' : ''}`} role="progressbar" data-testid="overall-progress" aria-label="Overall progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
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

      {summary && !runActive && !starting && (
        <div className={`alert ${summary.failed > 0 || summary.cancelled ? 'warning' : 'ok'} run-finished`} data-output-dir={summary.outputDir}>
          <span>
            {summary.cancelled ? 'Run cancelled' : 'Run finished'} in {formatSeconds(summary.seconds)}: {formatCount(summary.done)} done, {formatCount(summary.failed)} failed, {formatCount(summary.skipped)} skipped.
          </span>
          <button type="button" onClick={onShowOutputs}>
            Outputs →
          </button>
        </div>
      )}

      <div className="list-toolbar">
        <FrameFilters filter={filter} onChange={setFilter} />
        <label className="follow">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.currentTarget.checked)} /> follow the running frames
        </label>
      </div>
      {FRAME_FILTERS[filter].statuses === 'incomplete' && <IncompleteReasons frameIds={frameIds} />}
      <FrameList frameIds={frameIds} followIndex={followIndex} emptyText={FRAME_FILTERS[filter].empty} />
    </section>
  );
}

/** The index of the last running frame in the list, or null. */
function lastRunningIndex(ids: readonly string[], frames: Readonly<Record<string, { readonly status: FrameRunStatus }>>): number | null {
  for (let i = ids.length - 1; i >= 0; i -= 1) if (frames[ids[i]]?.status === 'running') return i;
  return null;
}
