import { describe, expect, it } from 'vitest';
import type { PixelBlock, PreviewImage } from '../../shared/contract';
import { paneReading } from '../../renderer/preview/pixel-readout';
import { readingText } from '../../renderer/preview/PixelReadout';

/** A 4 × 4 frame previewed at bin 2: preview rows 0, 1 = stored rows 0–1, 2–3. */
const preview = { width: 2, height: 2, binFactor: 2, sourceWidth: 4, sourceHeight: 4, pixels: Float32Array.from([1, 2, 3, 4]), colour: null } as unknown as PreviewImage;
/** Its true pixels: value 10·y + x at stored (x, y). */
const truth = Float32Array.from({ length: 16 }, (_, i) => 10 * Math.floor(i / 4) + (i % 4));
const whole: PixelBlock = { source: { kind: 'raw', frameId: 'a' }, x: 0, y: 0, width: 4, height: 4, sourceWidth: 4, sourceHeight: 4, pixels: truth, bayer: null };

describe('the readout of one pane', () => {
  it('before the tile arrives: the preview mean, said to be one (mean of 2×2)', () => {
    // Display (3.5, 0.5) is stored (3, 3): preview pixel (1, 1).
    expect(paneReading(preview, null, { x: 3.5, y: 0.5 })).toEqual({ kind: 'mean', value: 4, bin: 2 });
  });

  it('with the tile: the stored value of that very pixel, FITS y up', () => {
    expect(paneReading(preview, whole, { x: 3.5, y: 0.5 })).toEqual({ kind: 'true', value: 33, channel: null });
    expect(paneReading(preview, whole, { x: 1.2, y: 3.9 })).toEqual({ kind: 'true', value: 1, channel: null });
    // a tile that does not hold the point is not read
    const elsewhere = { ...whole, x: 2, width: 2, pixels: new Float32Array(8) };
    expect(paneReading(preview, elsewhere, { x: 1.2, y: 3.9 })).toMatchObject({ kind: 'mean' });
    expect(paneReading(preview, whole, { x: 4.1, y: 0 })).toBeNull();
  });

  it("a colour sensor's pixel says its colour in the mosaic (RGGB, top-down: stored (1, 0) is G, (1, 1) B)", () => {
    const colour = { ...whole, bayer: { pattern: 'RGGB', xOffset: 0, yOffset: 0, rowOrder: 'top-down' } } as const;
    expect(paneReading(preview, colour, { x: 1.5, y: 3.5 })).toEqual({ kind: 'true', value: 1, channel: 'G' });
    expect(paneReading(preview, colour, { x: 1.5, y: 2.5 })).toEqual({ kind: 'true', value: 11, channel: 'B' });
    expect(paneReading(preview, colour, { x: 0.5, y: 3.5 })).toEqual({ kind: 'true', value: 0, channel: 'R' });
  });

  it('an unbinned grey preview is the pixel itself; an unbinned colour one is not', () => {
    const full = { ...preview, width: 4, height: 4, binFactor: 1, pixels: truth } as PreviewImage;
    expect(paneReading(full, null, { x: 2.5, y: 1.5 })).toEqual({ kind: 'true', value: 22, channel: null });
    const colourPreview = { ...full, colour: {} } as PreviewImage;
    expect(paneReading(colourPreview, null, { x: 2.5, y: 1.5 })).toMatchObject({ kind: 'mean', bin: 1 });
  });

  it('a float64 block (32-bit data past 2²⁴) reads and prints the stored value, not its float32 neighbour', () => {
    const deep = { ...whole, pixels: Float64Array.from({ length: 16 }, (_, i) => 16_777_217 + 2 * i) };
    const reading = paneReading(preview, deep, { x: 0.5, y: 3.5 })!;
    expect(reading).toEqual({ kind: 'true', value: 16_777_217, channel: null });
    expect(readingText(reading, { ...preview, source: { kind: 'raw', frameId: 'a' }, stats: { median: 1 } } as unknown as PreviewImage)).toBe('16,777,217 ADU');
  });
});
