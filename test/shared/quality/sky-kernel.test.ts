/**
 * The sky mesh measured by its kernels (the sample grids gathered and each cell's clipped median
 * and noise computed in the pixels' memory) against the JavaScript path: the same mesh to the bit
 * for big-endian and host-order pixels, blank pixels, a gradient and stars, and a frame whose last
 * sample row is the image's last row (its neighbours are the row before).
 */
import { describe, expect, it } from 'vitest';
import { wasmSimdSupported } from '../../../shared/pixels/wasm-api';
import { hostPixelRows } from '../../../shared/quality/pixel-rows';
import { measureSky } from '../../../shared/quality/sky-mesh';
import { pixelsInMemory } from './pixels-in-memory';
import { syntheticFrame } from './synthetic-sky';

const SCRATCH = 1024 * 1024;

/** The pixels in a shared memory, in either byte order, with a slot's scratch after them (zeroed). */
const inMemory = (pixels: Float32Array, width: number, height: number, bigEndian: boolean) => pixelsInMemory(pixels, width, height, bigEndian, SCRATCH);

describe.runIf(wasmSimdSupported())('the sky kernels', () => {
  const cases = [
    { name: '1030×700 with stars and blank pixels', width: 1030, height: 700 },
    { name: '300×16: the last sample row is the last row', width: 300, height: 16 },
    { name: '2048×1024, 64 samples a cell (longer than a short selection)', width: 2048, height: 1024 },
    { name: '512×512, 32-px cells', width: 512, height: 512, cellSize: 32 },
  ];
  it.each(cases as { name: string; width: number; height: number; cellSize?: number }[])('measures the mesh of the JavaScript path to the bit: $name', ({ width, height, cellSize }) => {
    const truth = syntheticFrame({ width, height, seed: 8, stars: Math.round((width * height) / 2000), psf: { fwhm: 3, beta: 3 } });
    const pixels = truth.pixels.slice();
    for (let i = 0; i < pixels.length; i += 37) pixels[i] = NaN;
    pixels.fill(NaN, 5 * width, 6 * width); // a blank row
    const expected = measureSky(hostPixelRows(pixels, width, height), { cellSize });
    for (const bigEndian of [true, false]) {
      const { image, scratch } = inMemory(pixels, width, height, bigEndian);
      const sky = measureSky(image, { cellSize });
      expect(sky).toEqual(expected);
      // the kernel did the work: the samples lie in the scratch
      expect(scratch.some((b) => b !== 0)).toBe(true);
    }
    expect(expected.mesh.noise).toBeGreaterThan(0);
  });

  it('clips as the JavaScript path does where cold pixels outnumber the stars in a cell, and the stars the cold pixels in others', () => {
    const width = 2048;
    const height = 1024;
    const truth = syntheticFrame({ width, height, seed: 12, stars: 3000, psf: { fwhm: 3, beta: 3 } });
    const pixels = truth.pixels.slice();
    // cold pixels in the left half, dense enough that some cells lose more below than above
    for (let i = 0; i < pixels.length; i += 29) if (i % width < width / 2) pixels[i] -= 5000;
    const expected = measureSky(hostPixelRows(pixels, width, height));
    const { image } = inMemory(pixels, width, height, true);
    expect(measureSky(image)).toEqual(expected);
  });
});
