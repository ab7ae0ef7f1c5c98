/**
 * The frame viewer: a master alone, or a light's raw and calibrated frames side by side with
 * linked zoom and pan — or in one pane, flipped between them with `t` at the same zoom and pan —
 * the stretch controls, each pane's histogram with its stretch limits marked, the true value
 * under the cursor in each, and the FITS header. At 1:1 and closer each pane draws the sensor's
 * own pixels (full-resolution tiles) over its binned preview. Arrow keys step through the run's
 * lights at the same zoom (to blink them); Escape closes.
 */
import { stepWithinFilter } from '../../shared/run/step-within-filter';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ImageSource } from '../../shared/contract';
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
import { PixelReadout } from './PixelReadout';
import { sourceKey, tileKey, VIEWER_PREVIEW_SIZE, type PaneLayout, type ViewerTarget } from './preview-slice';
import { StretchControls } from './StretchControls';
import { channelStretchParams, stretchParams } from './stretch-params';
import { visibleTiles, wantsTruePixels } from './tile-geometry';
import type { Point, ViewTransform, Viewport } from './view-transform';
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
  const paneLayout = useAppStore((s) => s.paneLayout);
  // One pane flips between the two (same zoom and pan); side by side shows both.
  const shown = useMemo(() => (sources.length === 2 && paneLayout !== 'both' ? sources.filter((source) => source.kind === paneLayout) : sources), [sources, paneLayout]);
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
      if (event.key === 't' || event.key === 'T') flipPane(actions());
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
        {sources.length === 2 && <PaneLayoutSwitch layout={paneLayout} onChange={(layout) => actions().setPaneLayout(layout)} />}
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
        <div className={`viewer-panes panes-${shown.length}`}>
          {shown.map((source) => (
            <ErrorBoundary key={sourceKey(source)} label={sourceLabel(source)}>
              <ViewerPane source={source} mosaic={showMosaic} view={view} onViewChange={setView} onHover={setHover} />
            </ErrorBoundary>
          ))}
        </div>
        <ErrorBoundary label="The header">
          <HeaderPanel sources={sources} />
        </ErrorBoundary>
      </div>
      <PixelReadout sources={shown} mosaic={showMosaic} hover={hover} hint={`Scroll to zoom · drag to pan · double-click to fit · ← → next light${sources.length === 2 ? ' · t raw/calibrated in one pane' : ''} · Esc to close`} />
    </section>
  );
}

/** `t`: one pane, flipped between the light's raw and calibrated frames (from side by side, the raw frame first). */
function flipPane(state: AppState): void {
  if (state.viewer?.kind !== 'frame') return;
  const status = state.runFrames[state.viewer.frameId]?.status;
  if (status !== 'done' && status !== 'skipped') return;
  state.setPaneLayout(state.paneLayout === 'raw' ? 'calibrated' : 'raw');
}

const LAYOUTS: readonly { readonly layout: PaneLayout; readonly label: string; readonly title: string }[] = [
  { layout: 'both', label: 'Side by side', title: 'Raw and calibrated side by side' },
  { layout: 'raw', label: 'Raw', title: 'One pane: the raw frame (t flips to the calibrated one)' },
  { layout: 'calibrated', label: 'Calibrated', title: 'One pane: the calibrated frame (t flips to the raw one)' },
];

function PaneLayoutSwitch({ layout, onChange }: { readonly layout: PaneLayout; readonly onChange: (layout: PaneLayout) => void }) {
  return (
    <div className="segmented" role="group" aria-label="Panes">
      {LAYOUTS.map((option) => (
        <button key={option.layout} type="button" aria-pressed={layout === option.layout} title={option.title} onClick={() => onChange(option.layout)}>
          {option.label}
        </button>
      ))}
    </div>
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

/** How long the view rests before the tiles it shows are asked for. */
const TILE_SETTLE_MS = 80;

function ViewerPane({ source, mosaic, view, onViewChange, onHover }: { readonly source: ImageSource; readonly mosaic: boolean; readonly view: ViewTransform | null; readonly onViewChange: (view: ViewTransform) => void; readonly onHover: (point: Point | null) => void }) {
  const entry = useAppStore((s) => s.previews[sourceKey(source, VIEWER_PREVIEW_SIZE, mosaic)]);
  const stretch = useAppStore((s) => s.stretch);
  const image = entry?.status === 'ready' ? entry.value : null;
  const params = useMemo(() => (image ? stretchParams(stretch, image, source.kind) : null), [stretch, image, source.kind]);
  const colourParams = useMemo(() => (image ? channelStretchParams(stretch, image, source.kind) : null), [stretch, image, source.kind]);
  const [viewport, setViewport] = useState<Viewport | null>(null);
  const tiles = useMemo(
    () => (image && view && viewport && wantsTruePixels(view.zoom, image.binFactor, image.colour !== null) ? visibleTiles(view, viewport, image.sourceWidth, image.sourceHeight) : []),
    [image, view, viewport],
  );
  const actions = useAppActions();
  useEffect(() => {
    if (!image || tiles.length === 0) return;
    // asked for once the view rests a moment: a drag across the frame does not ask for every tile it passes
    const timer = setTimeout(() => {
      for (const tile of tiles) void actions().loadTile(source, tile, image.sourceWidth, image.sourceHeight);
    }, TILE_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [actions, source, image, tiles]);
  const blocks = useAppStore(
    useShallow((s) =>
      tiles.flatMap((tile) => {
        const entry = s.tiles[tileKey(source, tile)];
        return entry?.status === 'ready' ? [entry.value] : [];
      }),
    ),
  );
  const trueShown = image !== null && tiles.length > 0 && blocks.length === tiles.length;
  return (
    <figure className="pane">
      <figcaption>
        <strong>{sourceLabel(source)}</strong>
        {image && (
          <span className="muted tabular">
            {` ${image.sourceWidth}×${image.sourceHeight} px${image.binFactor > 1 ? (trueShown ? ' · sensor pixels' : ` · shown 1:${image.binFactor}`) : ''} · median ${formatAdu(image.stats.median, source.kind === 'master' && image.stats.median < 10)}`}
          </span>
        )}
      </figcaption>
      <div className="pane-canvas">
        {image && params && <FrameCanvas image={image} params={params} colourParams={colourParams} view={view} onViewChange={onViewChange} onHover={onHover} label={`${sourceLabel(source)} frame`} blocks={blocks} onViewport={setViewport} />}
        {(!entry || entry.status === 'loading') && <div className="pane-message muted">Loading preview…</div>}
        {entry?.status === 'failed' && <div className="pane-message alert error">{entry.message}</div>}
      </div>
      {image && params && <HistogramPlot histogram={image.histogram} unit="ADU" height={90} limits={params} />}
    </figure>
  );
}
