/**
 * The frame viewer: a master alone, or a light's raw and calibrated frames side by side with
 * linked zoom and pan, the stretch controls, each pane's histogram with its stretch limits
 * marked, the value under the cursor in both, and the FITS header. Arrow keys step through the run's lights at the same zoom (to blink them);
 * Escape closes.
 */
import { stepWithinFilter } from '../../shared/run/step-within-filter';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ImageSource, PreviewImage } from '../../shared/contract';
import { useShallow } from 'zustand/react/shallow';
import { useAppActions, useAppStore } from '../app-context';
import { ErrorBoundary } from '../ErrorBoundary';
import type { AppState } from '../store';
import { findFrame } from '../night/frame-index';
import { lightIdsOf } from '../run/run-slice';
import { formatAdu, formatCount, formatExposure } from '../format-units';
import { HistogramPlot } from '../masters/HistogramPlot';
import { FrameCanvas } from './FrameCanvas';
import { HeaderPanel, sourceLabel } from './HeaderPanel';
import { sourceKey, VIEWER_PREVIEW_SIZE, type ViewerTarget } from './preview-slice';
import { StretchControls } from './StretchControls';
import { channelStretchParams, stretchParams } from './stretch-params';
import { pixelAt, type Point, type ViewTransform } from './view-transform';
import './preview.css';

/** The viewer for the store's current target. */
export function FrameViewer() {
  const target = useAppStore((s) => s.viewer);
  const calibrated = useAppStore((s) => {
    if (s.viewer?.kind !== 'frame') return false;
    const status = s.runFrames[s.viewer.frameId]?.status;
    return status === 'done' || status === 'skipped';
  });
  const sources = useMemo<ImageSource[]>(() => {
    if (!target) return [];
    if (target.kind === 'master') return [{ kind: 'master', masterId: target.masterId }];
    const raw: ImageSource = { kind: 'raw', frameId: target.frameId };
    return calibrated ? [raw, { kind: 'calibrated', frameId: target.frameId }] : [raw];
  }, [target, calibrated]);
  const actions = useAppActions();
  const [hover, setHover] = useState<Point | null>(null);
  const view = useAppStore((s) => s.view);
  const setView = useCallback((next: ViewTransform) => actions().setView(next), [actions]);

  const mosaic = useAppStore((s) => s.mosaic);
  const colourSensor = useAppStore((s) => isColourSensor(s, target));
  const showMosaic = mosaic && colourSensor;
  useEffect(() => {
    for (const source of sources) void actions().loadPreview(source, VIEWER_PREVIEW_SIZE, showMosaic);
  }, [actions, sources, showMosaic]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) return;
      if (event.key === 'Escape') actions().closeViewer();
      if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') stepThroughRun(actions(), event.key === 'ArrowRight' ? 1 : -1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions]);

  const paneImages = useAppStore(
    useShallow((s) =>
      sources.map((source) => {
        const entry = s.previews[sourceKey(source, VIEWER_PREVIEW_SIZE, showMosaic)];
        return entry?.status === 'ready' ? entry.value : null;
      }),
    ),
  );
  const panes = useMemo(() => sources.map((source, i) => ({ pane: source.kind, label: sourceLabel(source), image: paneImages[i] })), [sources, paneImages]);
  if (!target) return null;
  const title = target.kind === 'master' ? target.masterId : target.frameId;

  return (
    <section className="viewer" data-testid="frame-viewer" aria-label="Frame viewer">
      <div className="viewer-toolbar">
        <button type="button" className="ghost" onClick={() => actions().closeViewer()} title="Close (Esc)">
          ← Back
        </button>
        <div className="viewer-title">
          <span className="mono" title={title}>
            {title}
          </span>
          <FrameFacts target={target} />
        </div>
        <StretchControls panes={panes} />
        {colourSensor && (
          <div className="segmented" role="group" aria-label="Colour sensor">
            <button type="button" aria-pressed={!mosaic} onClick={() => actions().setMosaic(false)} title="Debayered: each 2×2 cell becomes one colour pixel">
              Colour
            </button>
            <button type="button" aria-pressed={mosaic} onClick={() => actions().setMosaic(true)} title="The raw mosaic: one value per photosite, as calibration sees it">
              Mosaic
            </button>
          </div>
        )}
        <div className="segmented" role="group" aria-label="Zoom">
          <button type="button" onClick={() => actions().setView(null)} title="Fit the whole frame (double-click)">
            Fit
          </button>
          <button type="button" disabled={!view} onClick={() => view && actions().setView({ ...view, zoom: 1 })} title="One screen pixel per sensor pixel">
            1:1
          </button>
        </div>
        <span className="zoom-readout tabular">{view ? `${(view.zoom * 100).toPrecision(3)} %` : ''}</span>
      </div>
      <div className="viewer-body">
        <div className={`viewer-panes panes-${sources.length}`}>
          {sources.map((source) => (
            <ErrorBoundary key={sourceKey(source)} label={sourceLabel(source)}>
              <ViewerPane source={source} mosaic={showMosaic} view={view} onViewChange={setView} onHover={setHover} />
            </ErrorBoundary>
          ))}
        </div>
        <ErrorBoundary label="The header">
          <HeaderPanel sources={sources} />
        </ErrorBoundary>
      </div>
      <PixelReadout sources={sources} mosaic={showMosaic} hover={hover} />
    </section>
  );
}

function stepThroughRun(state: AppState, delta: number): void {
  const target = state.viewer;
  if (target?.kind !== 'frame') return;
  const ids = state.runFrameIds.length > 0 ? state.runFrameIds : state.night ? lightIdsOf(state.night) : [];
  const next = stepWithinFilter(ids, (id) => findFrame(state.night, id)?.facts?.filter ?? null, target.frameId, delta);
  if (next) state.openViewer({ kind: 'frame', frameId: next }, true);
}

/** True when the target comes from a colour (CFA) sensor, as the scan or the master's plan says. */
function isColourSensor(state: AppState, target: ViewerTarget | null): boolean {
  if (!target) return false;
  if (target.kind === 'master') return (state.masters[target.masterId]?.spec.bayer ?? null) !== null;
  return (findFrame(state.night, target.frameId)?.facts?.bayer ?? null) !== null;
}

function FrameFacts({ target }: { readonly target: ViewerTarget }) {
  const facts = useAppStore((s) => (target.kind === 'frame' ? (findFrame(s.night, target.frameId)?.facts ?? null) : null));
  const spec = useAppStore((s) => (target.kind === 'master' ? (s.masters[target.masterId]?.spec ?? null) : null));
  if (facts) {
    return (
      <span className="muted tabular">
        {[facts.object, facts.filter && `filter ${facts.filter}`, formatExposure(facts.exposure), facts.dateObs?.replace('T', ' ').replace('Z', ' UTC')].filter(Boolean).join(' · ')}
      </span>
    );
  }
  if (spec) return <span className="muted tabular">{`master ${spec.kind} · ${formatCount(spec.frameIds.length)} frames combined`}</span>;
  return null;
}

function ViewerPane({ source, mosaic, view, onViewChange, onHover }: { readonly source: ImageSource; readonly mosaic: boolean; readonly view: ViewTransform | null; readonly onViewChange: (view: ViewTransform) => void; readonly onHover: (point: Point | null) => void }) {
  const entry = useAppStore((s) => s.previews[sourceKey(source, VIEWER_PREVIEW_SIZE, mosaic)]);
  const stretch = useAppStore((s) => s.stretch);
  const image = entry?.status === 'ready' ? entry.value : null;
  const params = useMemo(() => (image ? stretchParams(stretch, image, source.kind) : null), [stretch, image, source.kind]);
  const colourParams = useMemo(() => (image ? channelStretchParams(stretch, image, source.kind) : null), [stretch, image, source.kind]);
  return (
    <figure className="pane">
      <figcaption>
        <strong>{sourceLabel(source)}</strong>
        {image && (
          <span className="muted tabular">
            {` ${image.sourceWidth}×${image.sourceHeight} px${image.binFactor > 1 ? ` · shown 1:${image.binFactor}` : ''} · median ${formatAdu(image.stats.median, source.kind === 'master' && image.stats.median < 10)}`}
          </span>
        )}
      </figcaption>
      <div className="pane-canvas">
        {image && params && <FrameCanvas image={image} params={params} colourParams={colourParams} view={view} onViewChange={onViewChange} onHover={onHover} label={`${sourceLabel(source)} frame`} />}
        {(!entry || entry.status === 'loading') && <div className="pane-message muted">Loading preview…</div>}
        {entry?.status === 'failed' && <div className="pane-message alert error">{entry.message}</div>}
      </div>
      {image && params && <HistogramPlot histogram={image.histogram} unit="ADU" height={90} limits={params} />}
    </figure>
  );
}

function valueIn(image: PreviewImage | null, point: Point): string {
  if (!image) return '—';
  const reading = pixelAt(image, point);
  return reading ? formatAdu(reading.value, image.source.kind === 'master' && image.stats.median < 10) : '—';
}

/** Coordinates (full frame, FITS 1-based) and the value of every pane under the cursor. */
function PixelReadout({ sources, mosaic, hover }: { readonly sources: readonly ImageSource[]; readonly mosaic: boolean; readonly hover: Point | null }) {
  const images = useAppStore(useShallow((s) => sources.map((source) => s.previews[sourceKey(source, VIEWER_PREVIEW_SIZE, mosaic)])));
  const inside = hover && images.some((entry) => entry?.status === 'ready' && pixelAt(entry.value, hover));
  return (
    <div className="viewer-status tabular" aria-live="off">
      {hover && inside ? (
        <>
          <span title="Full-frame pixel, FITS convention (first pixel is 1, 1)">
            x {Math.floor(hover.x) + 1} · y {Math.floor(hover.y) + 1}
          </span>
          {sources.map((source, i) => {
            const entry = images[i];
            return (
              <span key={sourceKey(source)}>
                {sourceLabel(source)} {valueIn(entry?.status === 'ready' ? entry.value : null, hover)}
              </span>
            );
          })}
        </>
      ) : (
        <span className="muted">Scroll to zoom · drag to pan · double-click to fit · ← → next light · Esc to close</span>
      )}
    </div>
  );
}
