/**
 * The lights of a run as a virtual list: fixed-height rows, only those on screen (plus a few)
 * rendered, each row subscribed to its own frame. A run of thousands of frames scrolls and
 * updates smoothly because a frame event re-renders one row, not the list.
 */
import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useAppActions, useAppStore } from '../app-context';
import { baseName, formatMilliseconds, pathInside } from '../format-units';
import { findFrame } from '../night/frame-index';
import type { AppState } from '../store';
import { STATUS_GLYPHS } from './status-glyphs';
import { visibleRange } from './visible-range';

/**
 * The folder a run writes to: the summary's once it ended; else the one the built masters are
 * in (`<folder>/masters/`: main moves to `calibrated-2`… rather than mix runs of other masters
 * into a folder); else the night's default.
 */
export function runOutputDir(s: AppState): string | null {
  if (s.summary) return s.summary.outputDir;
  for (const id of s.masterIds) {
    const path = s.masters[id]?.path;
    const folder = path ? /^(.*)[\\/]masters[\\/][^\\/]+$/.exec(path)?.[1] : undefined;
    if (folder) return folder;
  }
  return s.night?.outputDir ?? null;
}

/** Row height in CSS pixels (kept in step with .frame-row in styles.css). */
export const ROW_HEIGHT = 30;
const OVERSCAN = 10;

const FrameRow = memo(function FrameRow({ frameId, index }: { readonly frameId: string; readonly index: number }) {
  const state = useAppStore((s) => s.runFrames[frameId]);
  const filter = useAppStore((s) => findFrame(s.night, frameId)?.facts?.filter ?? null);
  const outputDir = useAppStore(runOutputDir);
  const actions = useAppActions();
  const status = state?.status ?? 'queued';
  // Outputs are shown inside the run's folder (named once above the list): the full paths
  // all began alike and their file names were cut off.
  const note = state?.error ? `${state.error.code}: ${state.error.message}` : state?.outputPath ? pathInside(state.outputPath, outputDir) : '';
  const noteTitle = state?.error ? note : (state?.outputPath ?? '');
  return (
    <div
      className={`frame-row status-${status}`}
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
      <span role="cell" className="col-time tabular">
        {formatMilliseconds(state?.ms ?? null)}
      </span>
      <span role="cell" className={`col-note ${state?.error ? 'error-text' : 'muted mono'}`} title={noteTitle}>
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
}

/** The virtualised list of frames. */
export function FrameList({ frameIds, followIndex, emptyText }: FrameListProps) {
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
  for (let i = first; i < end; i += 1) rows.push(<FrameRow key={frameIds[i]} frameId={frameIds[i]} index={i} />);

  return (
    <div className="frame-list" role="table" aria-label="Lights of the run" aria-rowcount={frameIds.length}>
      <div className="frame-list-head" role="row">
        <span role="columnheader" className="col-index">#</span>
        <span role="columnheader" className="col-file">File</span>
        <span role="columnheader" className="col-filter">Filter</span>
        <span role="columnheader" className="col-status">Status</span>
        <span role="columnheader" className="col-time">Time</span>
        <span role="columnheader" className="col-note">Output / reason</span>
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
