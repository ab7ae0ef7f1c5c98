/** The Watch switch of the Calibrate step: how files are found, how far behind, the newest light raw and calibrated with its figures, and a notice when its quality jumped (main's words). */
import { useEffect, useMemo, useRef } from 'react';
import type { ImageSource } from '../../shared/contract';
import { useAppActions, useAppStore } from '../app-context';
import { drawPreview } from '../preview/preview-bitmap';
import { sourceKey, THUMBNAIL_PREVIEW_SIZE } from '../preview/preview-slice';
import { channelStretchParams, defaultStretch, stretchParams } from '../preview/stretch-params';
import { useNightRed } from '../theme';

export function WatchPanel() {
  const watch = useAppStore((s) => s.watch);
  const requested = useAppStore((s) => s.watchRequested);
  const error = useAppStore((s) => s.watchError);
  const runActive = useAppStore((s) => s.runActive);
  const actions = useAppActions();
  const on = watch?.active === true || requested;
  const newest = watch?.newest ?? null;
  const behind = watch && (watch.queued > 0 || watch.behindSeconds >= 0.05) ? `${watch.behindSeconds.toFixed(1)} s behind, ${watch.queued} queued` : 'up to date';

  return (
    <div className="watch-panel" data-testid="watch-panel" data-active={on}>
      <label className="watch-switch">
        <input type="checkbox" role="switch" aria-checked={on} data-testid="watch-switch" checked={on} disabled={(runActive && !watch?.active) || requested} onChange={() => void (on ? actions().stopWatch() : actions().startWatch())} /> Watch the night folder
      </label>
      {watch && (
        <p className="muted tabular" data-testid="watch-status">
          <span data-testid="watch-mode" title="how new files are found">{watch.modeNote ?? 'starting…'}</span>
          {' · '}
          <span data-testid="watch-counts">
            {watch.calibrated} calibrated{watch.kept > 0 && `, ${watch.kept} kept`}{watch.redone > 0 && `, ${watch.redone} redone`}{watch.failed > 0 && `, ${watch.failed} failed`}
          </span>
          {' · '}
          <span data-testid="watch-behind">{watch.active ? behind : 'stopped'}</span>
          {watch.arriving > 0 && ` · ${watch.arriving} being written`}
          {watch.calibrationWaiting > 0 && ` · ${watch.calibrationWaiting} calibration frames wait for their series to end`}
        </p>
      )}
      {error && <p className="error-text">{error}</p>}
      {watch?.incomplete.map((file) => (
        <p key={file.path} className="muted">
          never completed: {file.path} ({file.missing})
        </p>
      ))}
      {newest && (
        <figure className="watch-newest" data-testid="watch-newest" data-frame-id={newest.frameId}>
          <NewestImage source={{ kind: 'raw', frameId: newest.frameId }} label="raw" />
          <NewestImage source={{ kind: 'calibrated', frameId: newest.frameId }} label="calibrated" />
          <figcaption className="muted tabular">
            {newest.frameId}
            {newest.latencyMs !== null && ` · calibrated ${(newest.latencyMs / 1000).toFixed(2)} s after it was found complete`}
            {newest.quality && (
              <span className="watch-metrics" data-testid="watch-metrics">
                {' · '}
                {newest.quality.fwhm === null ? `FWHM — (${newest.quality.unmeasured ?? 'not measured'})` : `FWHM ${newest.quality.fwhm.toFixed(2)} px${newest.quality.fwhmArcsec !== null ? ` (${newest.quality.fwhmArcsec.toFixed(2)}″)` : ''}`}
                {` · ${newest.quality.stars} stars`}
                {newest.quality.eccentricity !== null && ` · eccentricity ${newest.quality.eccentricity.toFixed(2)}`}
                {newest.quality.background !== null && ` · sky ${newest.quality.background.toFixed(0)} ADU`}
              </span>
            )}
          </figcaption>
        </figure>
      )}
      {watch?.lastNotice && (
        <p className={`alert ${watch.lastNotice.frameId === newest?.frameId ? 'warning' : 'info'}`} role="alert" data-testid="watch-notice">
          {watch.lastNotice.frameId}: {watch.lastNotice.text}
        </p>
      )}
    </div>
  );
}

/** One auto-stretched thumbnail through the preview cache (a redone output's entry is dropped on its event). */
function NewestImage({ source, label }: { readonly source: Extract<ImageSource, { frameId: string }>; readonly label: string }) {
  const key = sourceKey(source, THUMBNAIL_PREVIEW_SIZE);
  const stable = useMemo(() => source, [key]); // eslint-disable-line react-hooks/exhaustive-deps
  const entry = useAppStore((s) => s.previews[key]);
  const actions = useAppActions();
  const nightRed = useNightRed();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (entry === undefined) void actions().loadPreview(stable, THUMBNAIL_PREVIEW_SIZE);
  }, [actions, stable, entry]);
  const image = entry?.status === 'ready' ? entry.value : null;
  useEffect(() => {
    if (!canvasRef.current || !image) return;
    const settings = { ...defaultStretch, method: 'auto' as const };
    drawPreview(canvasRef.current, image, stretchParams(settings, image, source.kind), nightRed ? 'red' : 'grey', channelStretchParams(settings, image, source.kind));
  }, [image, nightRed]);
  return (
    <div className="watch-image" data-testid={`watch-${label}`} data-state={entry?.status ?? 'loading'}>
      {image ? <canvas ref={canvasRef} aria-label={`${label} ${source.frameId}`} /> : <span className="muted">{entry?.status === 'failed' ? entry.message : 'Loading…'}</span>}
      <span className="muted">{label}</span>
    </div>
  );
}
