/**
 * One pane of the viewer: the stretched preview drawn on a canvas through the shared view
 * transform, and over it the full-resolution tiles it is given (at 1:1 and closer). Wheel zooms about the cursor, drag pans, double-click fits; the pane reports the
 * full-frame point under the cursor so both panes can show their value there.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { PixelBlock, PreviewImage } from '../../shared/contract';
import { useNightRed } from '../theme';
import { renderBlockBitmap, renderPreviewBitmap } from './preview-bitmap';
import type { StretchParams } from './stretch-params';
import { displayTop, fitView, panBy, screenToSource, sourceToScreen, zoomAt, type Point, type ViewTransform, type Viewport } from './view-transform';

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
  /** Full-resolution blocks of this image to draw over the preview, through the same stretch. */
  readonly blocks?: readonly PixelBlock[];
  /** The pane's size, whenever it changes. */
  readonly onViewport?: (viewport: Viewport) => void;
}

/** One wheel notch (deltaY 100) zooms by about 16 %. */
const WHEEL_ZOOM_RATE = 0.0015;

/** The canvas pane of one image. */
export function FrameCanvas({ image, params, colourParams, view, onViewChange, onHover, label, blocks = [], onViewport }: FrameCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [viewport, setViewport] = useState<Viewport | null>(null);
  const nightRed = useNightRed();
  const bitmap = useMemo(() => renderPreviewBitmap(image, params, nightRed ? 'red' : 'grey', colourParams), [image, params, nightRed, colourParams]);
  const blockBitmaps = useMemo(() => blocks.map((block) => ({ block, ...renderBlockBitmap(block, image.colour !== null, params, nightRed ? 'red' : 'grey', colourParams) })), [blocks, image.colour, params, nightRed, colourParams]);
  useEffect(() => {
    if (viewport) onViewport?.(viewport);
  }, [viewport, onViewport]);
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
    // Preview row r covers stored rows r·bin…, so its bitmap's top row (the last, maybe partial) starts where those rows would.
    const origin = sourceToScreen(view, viewport, { x: 0, y: displayTop(0, image.height * image.binFactor, image.sourceHeight) });
    const scale = view.zoom * image.binFactor;
    // Zoomed in, each preview pixel is a crisp square (as in DS9); zoomed out, it is smoothed.
    context.imageSmoothingEnabled = scale < 1.5;
    context.drawImage(bitmap, origin.x, origin.y, image.width * scale, image.height * scale);
    for (const { block, canvas: tile, scale: cell } of blockBitmaps) {
      const corner = sourceToScreen(view, viewport, { x: block.x, y: displayTop(block.y, tile.height * cell, image.sourceHeight) });
      // Sensor pixels are never blurred from 1:1 on (a pixel drawn at a half-pixel offset would be averaged with its neighbours).
      context.imageSmoothingEnabled = view.zoom * cell < 1;
      context.drawImage(tile, corner.x, corner.y, tile.width * cell * view.zoom, tile.height * cell * view.zoom);
    }
  }, [bitmap, blockBitmaps, view, viewport, image]);

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
