/**
 * The viewer's status line: the FITS coordinates of the pixel under the cursor (1-based, y up,
 * as DS9 shows them) and each pane's value there — the stored value of that full-resolution
 * pixel once its tile is loaded (asked for when the cursor rests, never at every move), until
 * then the preview's mean, said to be one.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ImageSource, PreviewImage } from '../../shared/contract';
import { useAppActions, useAppStore } from '../app-context';
import { formatAdu } from '../format-units';
import { sourceLabel } from './HeaderPanel';
import { paneReading, type PaneReading } from './pixel-readout';
import { sourceKey, tileKey, VIEWER_PREVIEW_SIZE } from './preview-slice';
import { tileOf } from './tile-geometry';
import { storedPixelAt, type Point } from './view-transform';

/** How long the cursor rests on a tile before its true pixels are asked for. */
const HOVER_SETTLE_MS = 120;

/** The status line for the panes shown. */
export function PixelReadout({ sources, mosaic, hover, hint }: { readonly sources: readonly ImageSource[]; readonly mosaic: boolean; readonly hover: Point | null; readonly hint: string }) {
  const actions = useAppActions();
  const images = useAppStore(useShallow((s) => sources.map((source) => readyPreview(s.previews[sourceKey(source, VIEWER_PREVIEW_SIZE, mosaic)]))));
  const first = images.find((image) => image !== null) ?? null;
  const pixel = hover && first ? storedPixelAt(hover, first.sourceWidth, first.sourceHeight) : null;
  const tile = pixel ? tileOf(pixel) : null;
  const blocks = useAppStore(
    useShallow((s) =>
      sources.map((source) => {
        const entry = tile ? s.tiles[tileKey(source, tile)] : undefined;
        return entry?.status === 'ready' ? entry.value : null;
      }),
    ),
  );
  const tileId = tile ? `${tile.column},${tile.row}` : null;
  useEffect(() => {
    if (!tile || !first) return;
    const timer = setTimeout(() => {
      for (const source of sources) void actions().loadTile(source, tile, first.sourceWidth, first.sourceHeight);
    }, HOVER_SETTLE_MS);
    return () => clearTimeout(timer);
    // keyed by the tile's identity (tileId), not the object made at every render
  }, [tileId, sources, first, actions]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <div className="viewer-status tabular" aria-live="off">
      {hover && pixel ? (
        <>
          <span title="Full-frame pixel, FITS convention: the first pixel stored is (1, 1), at the bottom left">
            x {pixel.x + 1} · y {pixel.y + 1}
          </span>
          {sources.map((source, i) => {
            const image = images[i];
            const reading = image ? paneReading(image, blocks[i], hover) : null;
            return (
              <span key={sourceKey(source)} data-testid={`readout-${source.kind}`}>
                {sourceLabel(source)} {reading && image ? readingText(reading, image) : '—'}
              </span>
            );
          })}
        </>
      ) : (
        <span className="muted">{hint}</span>
      )}
    </div>
  );
}

function readyPreview(entry: { status: string; value?: PreviewImage } | undefined): PreviewImage | null {
  return entry?.status === 'ready' && entry.value ? entry.value : null;
}

/** "1,234 ADU (G)" for a stored value, "≈ 1,230 ADU (mean of 4×4)" for the preview's. */
export function readingText(reading: PaneReading, image: PreviewImage): string {
  const value = formatAdu(reading.value, image.source.kind === 'master' && image.stats.median < 10);
  if (reading.kind === 'true') return reading.channel ? `${value} (${reading.channel})` : value;
  return `≈ ${value} (mean of ${reading.bin}×${reading.bin})`;
}
