/**
 * The lights of a run as a virtual list: fixed-height rows, only those on screen (plus a few)
 * rendered, each row subscribed to its own frame. A run of thousands of frames scrolls and
 * updates smoothly because a frame event re-renders one row, not the list. The run step shows
 * each light's status and output; the outputs step the masters it was calibrated with (and,
 * later, its quality figures, in columns of their own).
 */
import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { FrameRunState } from '../../shared/contract';
import type { LightTreatment } from '../../shared/run/light-treatment';
import { useAppActions, useAppStore } from '../app-context';
import { baseName, formatMilliseconds, pathInside } from '../format-units';
import { masterTitle } from '../masters/master-title';
import { findFrame } from '../night/frame-index';
import type { AppState } from '../store';
import { treatmentsOf } from './run-slice';
import { STATUS_GLYPHS } from './status-glyphs';
import { visibleRange } from './visible-range';

/** The folder a run writes to: the summary's once it ended, else the one main says the next run goes to. */
export function runOutputDir(s: AppState): string | null {
  return s.summary?.outputDir ?? s.destination?.outputDir ?? null;
}

/** Row height in CSS pixels (kept in step with .frame-row in run.css). */
export const ROW_HEIGHT = 30;
const OVERSCAN = 10;

/** Which columns a list shows: the run's (status and output) or the outputs' (status and masters used). */
export type FrameListVariant = 'run' | 'outputs';

/** What a light got, as a badge with the whole reason on hover; nothing for a light that was not calibrated. */
export function TreatmentBadge({ treatment, state }: { readonly treatment: LightTreatment | undefined; readonly state: FrameRunState | undefined }) {
  const status = state?.status ?? 'queued';
  if (!treatment || status === 'failed' || status === 'cancelled') return null;
  // Before and while it runs, the badge says what the light will get.
  const pending = status === 'queued' || status === 'running';
  const tone = treatment.blocked || !treatment.complete ? 'incomplete' : treatment.notes.length > 0 ? 'noted' : 'complete';
  return (
    <span className={`chip treatment treatment-${tone} ${pending ? 'pending' : ''}`} data-testid="treatment" data-complete={treatment.complete} title={treatment.reason}>
      {treatment.badge}
    </span>
  );
}

/** The masters a light was (or will be) calibrated with, as the plan chose them, by their titles ("Bias · Dark · 60 s"); their ids for the hover. */
function mastersUsed(s: AppState, treatment: LightTreatment | undefined): { readonly titles: string; readonly ids: string } {
  if (!treatment) return { titles: '', ids: '' };
  const ids = [treatment.masters.bias, treatment.masters.dark, treatment.masters.flat].filter((id): id is string => id !== null);
  return { titles: ids.map((id) => (s.masters[id] ? masterTitle(s.masters[id].spec, false) : id)).join(' + '), ids: ids.join(' + ') };
}

const FrameRow = memo(function FrameRow({ frameId, index, variant }: { readonly frameId: string; readonly index: number; readonly variant: FrameListVariant }) {
  const state = useAppStore((s) => s.runFrames[frameId]);
  const treatment = useAppStore((s) => treatmentsOf(s.night)?.get(frameId));
  const filter = useAppStore((s) => findFrame(s.night, frameId)?.facts?.filter ?? null);
  const outputDir = useAppStore(runOutputDir);
  const masters = useAppStore(useShallow((s) => (variant === 'outputs' ? mastersUsed(s, treatment) : { titles: '', ids: '' })));
  const actions = useAppActions();
  const status = state?.status ?? 'queued';
  // Outputs are shown inside the run's folder (named once above the list): the full paths
  // all began alike and their file names were cut off.
  const error = state?.error ? `${state.error.code}: ${state.error.message}` : null;
  const note = variant === 'outputs' ? (error ?? masters.titles) : (error ?? (state?.outputPath ? pathInside(state.outputPath, outputDir) : ''));
  const noteTitle = error ?? (variant === 'outputs' ? masters.ids : (state?.outputPath ?? ''));
  return (
    <div
      className={`frame-row frame-row-${variant} status-${status}`}
      role="row"
      style={{ transform: `translateY(${index * ROW_HEIGHT}px)` }}
      data-testid="frame-row"
      data-status={status}
      data-frame-id={frameId}
      onClick={() => actions().openViewer({ kind: 'frame', frameId })}
      title={`${frameId} — click to view`}
    >
      <span role="cell" className="col-index tabular">
        {index + 1}
      </span>
      <span role="cell" className="col-file mono">
        {baseName(frameId)}
      </span>
      <span role="cell" className="col-filter">
        {filter ?? '—'}
      </span>
      <span role="cell" className="col-status">
        <span className={`chip status-${status}`}>
          <span aria-hidden="true">{STATUS_GLYPHS[status]}</span> {status}
        </span>
      </span>
      <span role="cell" className="col-treatment">
        <TreatmentBadge treatment={treatment} state={state} />
      </span>
      <span role="cell" className="col-time tabular">
        {formatMilliseconds(state?.ms ?? null)}
      </span>
      <span role="cell" className={`col-note ${error ? 'error-text' : 'muted mono'}`} title={noteTitle}>
        {note}
      </span>
    </div>
  );
});

export interface FrameListProps {
  readonly frameIds: readonly string[];
  /** Keep this row in view (the frame being worked on), or null to leave scrolling to the user. */
  readonly followIndex: number | null;
  /** What an empty list says ("No failed frames."). */
  readonly emptyText: string;
  readonly variant?: FrameListVariant;
}

/** The virtualised list of frames. */
export function FrameList({ frameIds, followIndex, emptyText, variant = 'run' }: FrameListProps) {
  const bodyRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(600);

  useEffect(() => {
    const body = bodyRef.current;
    if (!body) return;
    const observer = new ResizeObserver(([entry]) => setViewportHeight(entry.contentRect.height));
    observer.observe(body);
    return () => observer.disconnect();
  }, []);

  // Before paint, and with the rows of the new position: following the running frames must
  // not show a frame of blank list (the rows of the old position) until the scroll event.
  useLayoutEffect(() => {
    const body = bodyRef.current;
    if (!body || followIndex === null) return;
    const top = followIndex * ROW_HEIGHT;
    if (top < body.scrollTop || top + ROW_HEIGHT > body.scrollTop + body.clientHeight) {
      body.scrollTop = Math.max(0, top - body.clientHeight / 3);
      setScrollTop(body.scrollTop);
    }
  }, [followIndex]);

  const { first, end } = visibleRange({ scrollTop, viewportHeight, rowHeight: ROW_HEIGHT, rowCount: frameIds.length, overscan: OVERSCAN });
  const rows = [];
  for (let i = first; i < end; i += 1) rows.push(<FrameRow key={frameIds[i]} frameId={frameIds[i]} index={i} variant={variant} />);

  return (
    <div className={`frame-list frame-list-${variant}`} role="table" aria-label={variant === 'outputs' ? 'Lights of the run and their masters' : 'Lights of the run'} aria-rowcount={frameIds.length}>
      <div className={`frame-list-head frame-row-${variant}`} role="row">
        <span role="columnheader" className="col-index">#</span>
        <span role="columnheader" className="col-file">File</span>
        <span role="columnheader" className="col-filter">Filter</span>
        <span role="columnheader" className="col-status">Status</span>
        <span role="columnheader" className="col-treatment" title="The steps applied (B bias, D dark, F flat) and what the light went without; hover a badge for why">
          Calibration
        </span>
        <span role="columnheader" className="col-time">Time</span>
        <span role="columnheader" className="col-note">{variant === 'outputs' ? 'Masters used / reason' : 'Output / reason'}</span>
      </div>
      <div className="frame-list-body" ref={bodyRef} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        <div className="frame-list-spacer" style={{ height: frameIds.length * ROW_HEIGHT }}>
          {rows}
        </div>
        {frameIds.length === 0 && <p className="muted list-empty">{emptyText}</p>}
      </div>
    </div>
  );
}
