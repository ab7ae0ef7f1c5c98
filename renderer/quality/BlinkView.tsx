/**
 * Blink: the lights of one filter in time order, one after another at an adjustable rate, all
 * drawn with one stretch (the first light's zscale, so a clouded frame shows bright and a
 * defocused one soft), the figures and the verdict over the image. ←/→ step, space plays or
 * pauses, x rejects or keeps the light shown, Escape closes.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { ImageSource, PreviewImage } from '../../shared/contract';
import { qualityLines, type FilterSeries } from '../../shared/quality/quality-series';
import { useAppServices, useAppStore } from '../app-context';
import { renderPreviewBitmap } from '../preview/preview-bitmap';
import { sourceKey } from '../preview/preview-slice';
import { stretchParams, type StretchParams } from '../preview/stretch-params';
import { useNightRed } from '../theme';

/** Blink previews are smaller than the viewer's: they are fetched one after another, fast. */
export const BLINK_PREVIEW_SIZE = 768;

const calibrated = (frameId: string): ImageSource => ({ kind: 'calibrated', frameId });

/** The blink view over a filter's series. */
export function BlinkView({ series }: { readonly series: FilterSeries }) {
  const { store } = useAppServices();
  const index = useAppStore((s) => s.blinkIndex) ?? 0;
  const playing = useAppStore((s) => s.blinkPlaying);
  const rate = useAppStore((s) => s.blinkRate);
  const previews = useAppStore((s) => s.previews);
  const { loadPreview, setBlinkIndex, setBlinkPlaying, setBlinkRate, closeBlink, setVerdict } = store.getState();
  const points = series.points;
  const point = points[Math.min(index, points.length - 1)];
  const entry = (frameId: string) => previews[sourceKey(calibrated(frameId), BLINK_PREVIEW_SIZE)];
  const first = points.length > 0 ? entry(points[0].frameId) : undefined;
  const shown = point ? entry(point.frameId) : undefined;

  // The first light and the next few are fetched ahead, so stepping never waits on the one shown.
  useEffect(() => {
    if (points.length === 0) return;
    for (const i of [0, index, index + 1, index + 2]) if (i < points.length) void loadPreview(calibrated(points[i].frameId), BLINK_PREVIEW_SIZE);
  }, [points, index, loadPreview]);

  // One stretch for every light: fixed from the first light's zscale.
  const params = useMemo<StretchParams | null>(() => (first?.status === 'ready' ? stretchParams({ method: 'zscale', curve: 'linear', manual: {} }, first.value, 'calibrated') : null), [first]);

  useEffect(() => {
    if (!playing || points.length === 0) return;
    const timer = setInterval(() => {
      const at = store.getState().blinkIndex ?? 0;
      setBlinkIndex((at + 1) % points.length);
    }, 1000 / rate);
    return () => clearInterval(timer);
  }, [playing, rate, points.length, setBlinkIndex, store]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement && event.target.type !== 'range') return;
      const at = store.getState().blinkIndex ?? 0;
      if (event.key === 'ArrowRight') setBlinkIndex(Math.min(points.length - 1, at + 1));
      else if (event.key === 'ArrowLeft') setBlinkIndex(Math.max(0, at - 1));
      else if (event.key === ' ') setBlinkPlaying(!store.getState().blinkPlaying);
      else if (event.key === 'Escape') closeBlink();
      else if (event.key === 'x' || event.key === 'X') {
        const p = points[at];
        if (p) void setVerdict(p.frameId, p.rejected ? 'keep' : 'reject');
      } else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [points, setBlinkIndex, setBlinkPlaying, closeBlink, setVerdict, store]);

  if (!point) return null;
  return (
    <section className="blink" aria-label="Blink" data-testid="blink">
      <div className="blink-bar">
        <strong>
          Blink · {series.filter ?? 'no filter'} · {index + 1} / {points.length}
        </strong>
        <button type="button" onClick={() => setBlinkIndex(Math.max(0, index - 1))} aria-label="Previous light">
          ←
        </button>
        <button type="button" onClick={() => setBlinkPlaying(!playing)}>
          {playing ? 'Pause' : 'Play'}
        </button>
        <button type="button" onClick={() => setBlinkIndex(Math.min(points.length - 1, index + 1))} aria-label="Next light">
          →
        </button>
        <label className="blink-rate">
          {rate} fr/s
          <input type="range" min={0.5} max={10} step={0.5} value={rate} onChange={(e) => setBlinkRate(Number(e.target.value))} aria-label="Blink rate (frames per second)" />
        </label>
        <button type="button" onClick={() => void setVerdict(point.frameId, point.rejected ? 'keep' : 'reject')}>
          {point.rejected ? 'Keep (x)' : 'Reject (x)'}
        </button>
        <span className="muted">←/→ step · space play · x reject/keep · Esc close</span>
        <button type="button" className="blink-close" onClick={closeBlink}>
          Close
        </button>
      </div>
      <div className="blink-stage">
        {shown?.status === 'ready' && params ? <BlinkImage image={shown.value} params={params} /> : <p className="muted">{shown?.status === 'failed' ? shown.message : 'Loading…'}</p>}
        <div className={`blink-overlay ${point.rejected ? 'rejected' : 'kept'}`} data-testid="blink-overlay">
          <div className="blink-name">{point.frameId}</div>
          <div className="blink-verdict">{point.rejected ? `REJECTED${point.verdict === 'reject' ? ' by hand' : ''}` : point.verdict === 'keep' ? 'KEPT by hand' : 'kept'}</div>
          {qualityLines(point.quality).map((line) => (
            <div key={line}>{line}</div>
          ))}
          {point.rejected && point.reasons.filter((r) => !r.endsWith('by hand')).map((reason) => <div key={reason} className="blink-reason">{reason}</div>)}
        </div>
      </div>
    </section>
  );
}

/** The light drawn to fit the stage, keeping its aspect. */
function BlinkImage({ image, params }: { readonly image: PreviewImage; readonly params: StretchParams }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const nightRed = useNightRed();
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const bitmap = renderPreviewBitmap(image, params, nightRed ? 'red' : 'grey');
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
  }, [image, params, nightRed]);
  return <canvas ref={ref} className="blink-image" aria-label={`Light ${image.source.kind === 'master' ? '' : image.source.frameId}`} />;
}
