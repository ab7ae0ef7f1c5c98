/** A master's thumbnail: its preview drawn on a canvas; click to open it in the viewer. */
import { useEffect, useMemo, useRef } from 'react';
import type { ImageSource } from '../../shared/contract';
import { useAppActions, useAppStore } from '../app-context';
import { drawPreview } from '../preview/preview-bitmap';
import { sourceKey, THUMBNAIL_PREVIEW_SIZE } from '../preview/preview-slice';
import { channelStretchParams, defaultStretch, stretchParams } from '../preview/stretch-params';
import { useNightRed } from '../theme';

/** The thumbnail of a built master. */
export function MasterPreview({ masterId }: { readonly masterId: string }) {
  const source = useMemo<ImageSource>(() => ({ kind: 'master', masterId }), [masterId]);
  const entry = useAppStore((s) => s.previews[sourceKey(source, THUMBNAIL_PREVIEW_SIZE)]);
  const kind = useAppStore((s) => s.masters[masterId]?.spec.kind);
  const actions = useAppActions();
  const nightRed = useNightRed();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const missing = entry === undefined;

  useEffect(() => {
    if (missing) void actions().loadPreview(source, THUMBNAIL_PREVIEW_SIZE);
  }, [actions, source, missing]);

  const image = entry?.status === 'ready' ? entry.value : null;
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !image) return;
    // A flat's bright background makes the auto-stretch clip it white; zscale shows its vignetting and dust.
    const settings = { ...defaultStretch, method: kind === 'flat' ? ('zscale' as const) : ('auto' as const) };
    drawPreview(canvas, image, stretchParams(settings, image, 'master'), nightRed ? 'red' : 'grey', channelStretchParams(settings, image, 'master'));
  }, [image, kind, nightRed]);

  if (entry?.status === 'failed') {
    return (
      <div className="master-preview message" data-testid="master-preview" data-state="failed">
        <span className="error-text">{entry.message}</span>
        <button type="button" className="small" onClick={() => void actions().loadPreview(source, THUMBNAIL_PREVIEW_SIZE)}>
          Retry
        </button>
      </div>
    );
  }
  if (!image) {
    return (
      <div className="master-preview message muted" data-testid="master-preview" data-state="loading">
        Loading preview…
      </div>
    );
  }
  return (
    <button type="button" className="master-preview" data-testid="master-preview" data-state="ready" title="Open in the viewer" onClick={() => actions().openViewer({ kind: 'master', masterId })}>
      <canvas ref={canvasRef} aria-label={`Preview of ${masterId}`} />
    </button>
  );
}
