/**
 * One pane of the viewer: the stretched preview drawn on a canvas through the shared view
 * transform. Wheel zooms about the cursor, drag pans, double-click fits; the pane reports the
 * full-frame point under the cursor so both panes can show their value there.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { PreviewImage } from '../../shared/contract';
import { useNightRed } from '../theme';
import { renderPreviewBitmap } from './preview-bitmap';
import type { StretchParams } from './stretch-params';
import { fitView, panBy, screenToSource, sourceToScreen, zoomAt, type Point, type ViewTransform, type Viewport } from './view-transform';

export interface FrameCanvasProps {
  readonly image: PreviewImage;
  readonly params: StretchParams;
  /** A colour preview's stretch per channel (null: draw grey). */
  readonly colourParams: readonly [StretchParams, StretchParams, StretchParams] | null;
  readonly view: ViewTransform | null;
  readonly onViewChange: (view: ViewTransform) => void;
  /** The full-frame point under the cursor, or null when it leaves the pane. */
  readonly onHover: (point: Point | null) => void;
  readonly label: string;
}

/** One wheel notch (deltaY 100) zooms by about 16 %. */
const WHEEL_ZOOM_RATE = 0.0015;

/** The canvas pane of one image. */
export function FrameCanvas({ image, params, colourParams, view, onViewChange, onHover, label }: FrameCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [viewport, setViewport] = useState<Viewport | null>(null);
  const nightRed = useNightRed();
  const bitmap = useMemo(() => renderPreviewBitmap(image, params, nightRed ? 'red' : 'grey', colourParams), [image, params, nightRed, colourParams]);
  const latest = useRef({ view, viewport, onViewChange, image });
  latest.current = { view, viewport, onViewChange, image };

  // Follow the pane's size; the canvas backing store matches device pixels for a crisp image.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const observer = new ResizeObserver(([entry]) => {
      const { width, height } = entry.contentRect;
      setViewport((old) => (old && old.width === width && old.height === height ? old : { width, height }));
    });
    observer.observe(canvas);
    return () => observer.disconnect();
  }, []);

  // The first pane to know its size fits the image; the other follows the shared view.
  useEffect(() => {
    if (!view && viewport && viewport.width > 0) onViewChange(fitView(image.sourceWidth, image.sourceHeight, viewport));
  }, [view, viewport, image, onViewChange]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context || !viewport || !view) return;
    const ratio = window.devicePixelRatio || 1;
    const backingWidth = Math.round(viewport.width * ratio);
    const backingHeight = Math.round(viewport.height * ratio);
    if (canvas.width !== backingWidth || canvas.height !== backingHeight) {
      canvas.width = backingWidth;
      canvas.height = backingHeight;
    }
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, viewport.width, viewport.height);
    const origin = sourceToScreen(view, viewport, { x: 0, y: 0 });
    const scale = view.zoom * image.binFactor;
    // Zoomed in, each preview pixel is a crisp square (as in DS9); zoomed out, it is smoothed.
    context.imageSmoothingEnabled = scale < 1.5;
    context.drawImage(bitmap, origin.x, origin.y, image.width * scale, image.height * scale);
  }, [bitmap, view, viewport, image]);

  // A non-passive wheel listener: React's onWheel cannot prevent the page from scrolling.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const onWheel = (event: WheelEvent) => {
      const { view: current, viewport: size, onViewChange: change } = latest.current;
      if (!current || !size) return;
      event.preventDefault();
      const rect = canvas.getBoundingClientRect();
      change(zoomAt(current, size, { x: event.clientX - rect.left, y: event.clientY - rect.top }, Math.exp(-event.deltaY * WHEEL_ZOOM_RATE)));
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => canvas.removeEventListener('wheel', onWheel);
  }, []);

  const drag = useRef<{ x: number; y: number } | null>(null);
  const localPoint = (event: React.PointerEvent): Point => {
    const rect = event.currentTarget.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  };

  return (
    <canvas
      ref={canvasRef}
      className="frame-canvas"
      aria-label={label}
      onPointerDown={(event) => {
        event.currentTarget.setPointerCapture(event.pointerId);
        drag.current = { x: event.clientX, y: event.clientY };
      }}
      onPointerMove={(event) => {
        if (drag.current && view) {
          onViewChange(panBy(view, event.clientX - drag.current.x, event.clientY - drag.current.y));
          drag.current = { x: event.clientX, y: event.clientY };
        }
        if (view && viewport) onHover(screenToSource(view, viewport, localPoint(event)));
      }}
      onPointerUp={() => {
        drag.current = null;
      }}
      onPointerLeave={() => onHover(null)}
      onDoubleClick={() => viewport && onViewChange(fitView(image.sourceWidth, image.sourceHeight, viewport))}
    />
  );
}
