/**
 * The profile fit's kernel against fitMoffatGauss (profile-fit.ts), the JavaScript definition:
 * the same fit to the bit from exact and noisy rings, Gaussian (the end where ∂/∂u is a
 * difference), Moffat and mixed profiles, distant starts, and the same failures.
 */
import { describe, expect, it } from 'vitest';
import { createSharedMemory, wasmSimdSupported } from '../../../shared/pixels/wasm-api';
import { fitMoffatGauss, moffatGauss } from '../../../shared/quality/profile-fit';
import { FIT_WORK_FLOATS, profileFitKernelOf } from '../../../shared/quality/profile-fit-kernel';
import { makeRandom } from '../pixels/seeded-random';

describe.runIf(wasmSimdSupported())('the profile fit kernel', () => {
  const memory = createSharedMemory(1)!;
  const kernel = profileFitKernelOf(memory)!;
  const f64 = new Float64Array(memory.buffer);
  /** The kernel's fit of these rings from `start`, or null. */
  const fit = (rs: number[], vs: number[], ns: number[], start: number[]): number[] | null => {
    const n = rs.length;
    f64.set(rs, 0);
    f64.set(vs, 64);
    f64.set(ns, 128);
    f64.set(start, 192);
    const ok = kernel(0, 8 * 64, 8 * 128, n, 8 * 192, 8 * 200);
    return ok === 1 ? Array.from(f64.subarray(192, 196)) : null;
  };
  const random = makeRandom(77);
  const rings = (n: number, step: number) => Array.from({ length: n }, (_, i) => (i + 0.5) * step);

  it('is there, and its scratch fits', () => {
    expect(kernel).not.toBeNull();
    expect(200 + FIT_WORK_FLOATS).toBeLessThanOrEqual(f64.length);
  });

  it.each([0, 1e-7, 5e-4, 0.1, 0.25, 0.4, 0.7, 1])('fits exact and noisy rings of u = %s as the JavaScript does, to the bit', (u) => {
    for (let trial = 0; trial < 40; trial++) {
      const fwhm = 1.5 + 6 * random();
      const rs = rings(10 + Math.floor(25 * random()), fwhm / 10);
      const noise = trial % 2 === 0 ? 0 : 5 + 40 * random();
      const vs = rs.map((r) => moffatGauss(r, 300 + 3000 * random(), fwhm, u, 20 * random() - 10) + noise * (random() - 0.5));
      const ns = rs.map((r) => Math.max(1, Math.round(2 * Math.PI * r * (1 + random()))));
      const start = [vs[0], fwhm * (0.5 + random()), 0.25, 0];
      const expected = fitMoffatGauss(rs, vs, ns, start);
      expect(fit(rs, vs, ns, start)).toEqual(expected);
    }
  });

  it('fails where the JavaScript fails: flat rings, a negative star', () => {
    const rs = rings(12, 0.3);
    const cases = [rs.map(() => 5), rs.map((r) => -100 * Math.exp(-r)), rs.map(() => 0)];
    let failed = 0;
    for (const vs of cases) {
      const ns = rs.map(() => 4);
      const start = [10, 3, 0.25, 0];
      const expected = fitMoffatGauss(rs, vs, ns, start);
      if (expected === null) failed++;
      expect(fit(rs, vs, ns, start)).toEqual(expected);
    }
    expect(failed).toBeGreaterThan(0);
  });
});
