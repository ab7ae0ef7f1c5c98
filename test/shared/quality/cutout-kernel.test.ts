/**
 * The star cut-outs' kernel against the JavaScript loops it stands in for (star-shape.ts,
 * psf-template.ts): the same cut-out values, moments, profile fits and template fits to the bit,
 * for pixels big-endian in a shared memory (as a worker's slot holds them) and host-order ones,
 * with blank pixels, stars at the edges and an elliptical PSF.
 */
import { describe, expect, it } from 'vitest';
import { wasmSimdSupported } from '../../../shared/pixels/wasm-api';
import { cutoutKernelOf, CUTOUT_SCRATCH_BYTES } from '../../../shared/quality/cutout-kernel';
import { measureFrame } from '../../../shared/quality/measure-frame';
import { hostPixelRows } from '../../../shared/quality/pixel-rows';
import { matchTemplate, psfTemplate } from '../../../shared/quality/psf-template';
import { adaptiveMoments, createPatch, fitProfile, readPatch } from '../../../shared/quality/star-shape';
import { pixelsInMemory } from './pixels-in-memory';
import { syntheticFrame } from './synthetic-sky';

const WIDTH = 600;
const HEIGHT = 400;

/** The frame's pixels in a shared memory, in either byte order, with room for the kernels' scratch. */
const inMemory = (pixels: Float32Array, bigEndian: boolean) => pixelsInMemory(pixels, WIDTH, HEIGHT, bigEndian, 2 * CUTOUT_SCRATCH_BYTES).image;

/** NaN equals NaN (its bits may differ: only being blank matters); everything else bit for bit. */
const sameValues = (a: Float32Array, b: Float32Array) => Array.from(a, (v, i) => (Number.isNaN(v) && Number.isNaN(b[i])) || Object.is(v, b[i])).every(Boolean);

describe.runIf(wasmSimdSupported())('the cut-out kernel', () => {
  const truth = syntheticFrame({ width: WIDTH, height: HEIGHT, seed: 31, stars: 150, psf: { fwhm: 3.2, beta: 3, eccentricity: 0.4, angle: 0.6 } });
  const pixels = truth.pixels.slice();
  for (let i = 0; i < pixels.length; i += 211) pixels[i] = NaN; // blank pixels, some inside cut-outs
  const host = hostPixelRows(pixels, WIDTH, HEIGHT);
  const images = [['big-endian', inMemory(pixels, true)], ['host order', inMemory(pixels, false)]] as const;
  // the stars, and places at the edges and corners where cut-outs leave the image
  const places = [...truth.stars.map((s) => [s.x, s.y]), [0.2, 0.4], [WIDTH - 1, HEIGHT / 2], [WIDTH / 3, HEIGHT - 1.2], [WIDTH - 1, 0]];

  it.each(images)('reads the very cut-outs of the JavaScript path (%s)', (_, image) => {
    for (const [x, y] of places) {
      const expected = readPatch(host, x, y, 6, 812.5, createPatch());
      const patch = readPatch(image, x, y, 6, 812.5, createPatch());
      expect(patch.kernel).not.toBeNull();
      expect(patch.values.buffer).toBe(image.wasm.memory.buffer);
      expect([patch.x0, patch.y0, patch.side]).toEqual([expected.x0, expected.y0, expected.side]);
      expect(sameValues(patch.values.subarray(0, 13 * 13), expected.values.subarray(0, 13 * 13))).toBe(true);
    }
  });

  it.each(images)('gives the same moments, profile fits and template fits to the bit (%s)', (_, image) => {
    const template = psfTemplate(2.1, 1.6, 0.3);
    let measured = 0;
    for (const [x, y] of places) {
      const level = 800 + (600 * x) / WIDTH + (150 * y) / HEIGHT;
      const expected = adaptiveMoments(host, level, x, y, 1.2, 12, createPatch());
      const moments = adaptiveMoments(image, level, x, y, 1.2, 12, createPatch());
      expect(moments).toEqual(expected);
      if (expected !== null) {
        measured++;
        expect(fitProfile(image, level, expected, createPatch())).toEqual(fitProfile(host, level, expected, createPatch()));
      }
      expect(matchTemplate(image, level, template, x, y, createPatch())).toEqual(matchTemplate(host, level, template, x, y, createPatch()));
    }
    expect(measured).toBeGreaterThan(100);
  });

  it('keeps a cut-out too large for the scratch in JavaScript, to the same values', () => {
    const image = images[0][1];
    const [x, y] = places[0];
    const huge = readPatch(image, x, y, 200, 900, createPatch());
    expect(huge.kernel).toBeNull();
    expect(sameValues(huge.values.subarray(0, 401 * 401), readPatch(host, x, y, 200, 900, createPatch()).values.subarray(0, 401 * 401))).toBe(true);
  });

  it('measures the frame to the same figures as the JavaScript path', () => {
    const quality = measureFrame(images[0][1], WIDTH, HEIGHT);
    expect(quality.psfStars).toBeGreaterThan(5);
    expect(quality).toEqual(measureFrame(pixels, WIDTH, HEIGHT));
  });

  it('sums a pass as the loops define it: NaN and pixels outside the window left out, the weight exp(−q/2)', () => {
    const image = images[0][1];
    const kernel = cutoutKernelOf(image)!;
    const side = 9;
    const values = Array.from({ length: side * side }, (_, i) => (i % 9 === 4 ? NaN : 100 - 3 * i + (i % 5) * 7));
    kernel.values.set(values, 0);
    const [x0, y0, cx, cy, ixx, ixy, iyy] = [10, 20, 14.3, 24.2, 0.45, 0.12, 0.3];
    // every pixel's weight from its own exponential (the kernel's comes by recurrence along the row)
    const direct = (inside: (dx: number, dy: number, q: number) => boolean) => {
      const s = { n: 0, w: 0, ww: 0, v: 0, wv: 0, wvx: 0, wvy: 0, wvxx: 0, wvyy: 0, wvxy: 0 };
      values.forEach((v, i) => {
        const dx = x0 + (i % side) - cx;
        const dy = y0 + Math.floor(i / side) - cy;
        const q = ixx * dx * dx + 2 * ixy * dx * dy + iyy * dy * dy;
        if (Number.isNaN(v) || !inside(dx, dy, q)) return;
        const w = Math.exp(-q / 2);
        s.n++; s.w += w; s.ww += w * w; s.v += v; s.wv += w * v; s.wvx += w * v * dx; s.wvy += w * v * dy; s.wvxx += w * v * dx * dx; s.wvyy += w * v * dy * dy; s.wvxy += w * v * dx * dy;
      });
      return s;
    };
    const close = (got: number[], want: number[]) => got.forEach((g, k) => expect(Math.abs(g - want[k])).toBeLessThan(1e-12 * Math.max(1, Math.abs(want[k]))));

    const e = direct((_dx, _dy, q) => q <= 2.5);
    kernel.sums.fill(0);
    kernel.pass('moments', side, x0, y0, cx, cy, ixx, ixy, iyy, Math.exp(-ixx), 2.5);
    close(Array.from(kernel.sums.subarray(0, 7)), [e.wv, e.ww, e.wvx, e.wvy, e.wvxx, e.wvyy, e.wvxy]);
    expect(e.n).toBeGreaterThan(10);
    // the window leaves pixels out, whole rows too (the first and last rows miss the ellipse)
    expect(e.n).toBeLessThan(values.filter((v) => !Number.isNaN(v)).length);
    expect([y0, y0 + side - 1].map((y) => iyy * (y - cy) ** 2 * (1 - (ixy * ixy) / (ixx * iyy)) > 2.5)).toEqual([true, true]);

    const c = direct((dx, dy) => dx * dx + dy * dy <= 6.25);
    kernel.sums.fill(0);
    kernel.pass('template', side, x0, y0, cx, cy, ixx, ixy, iyy, Math.exp(-ixx), 6.25);
    close(Array.from(kernel.sums.subarray(0, 8)), [c.n, c.w, c.ww, c.v, c.wv, c.wv, c.wvxx, c.wvyy]);
    kernel.sums.fill(0);
    kernel.pass('centroid', side, x0, y0, cx, cy, ixx, ixy, iyy, Math.exp(-ixx), 6.25);
    close(Array.from(kernel.sums.subarray(0, 3)), [c.wv, c.wvx, c.wvy]);

    const tooLarge = Math.ceil(Math.sqrt(kernel.values.length)) + 1;
    expect(() => kernel.pass('moments', tooLarge, 0, 0, 0, 0, 1, 0, 1, Math.exp(-1), 16)).toThrow(RangeError);
    expect(() => kernel.cutout(WIDTH - 2, 0, 1, 4, 4, 0, 0)).toThrow(RangeError);
  });
});
