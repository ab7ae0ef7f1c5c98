/**
 * The kernels' log1p against Math.log1p, bit for bit: the arguments the profile fit gives it
 * (c·x ≥ 0, from 0 to a few hundred), every branch of the algorithm (x ≤ −1, |x| < 2⁻⁵⁴ and
 * 2⁻²⁹, the unreduced range around 0, u below and above √2, x ≥ 2⁵³, |f| < 2⁻²⁰, ±∞, NaN) and a
 * million doubles of any bits.
 */
import { describe, expect, it } from 'vitest';
import { log1pFunction } from '../../../shared/pixels/wasm-log1p';
import { kernelModule } from '../../../shared/pixels/wasm-module';
import { makeRandom } from './seeded-random';
import { anyBits, differing as differingBits, uniform } from './same-bits';

const log1p = (new WebAssembly.Instance(new WebAssembly.Module(kernelModule([log1pFunction()], { kind: 'own', pages: 1 }))).exports as { log1p: (x: number) => number }).log1p;

const differing = (xs: Iterable<number>): number[] => differingBits(log1p, Math.log1p, xs);

function* logUniform(count: number, fromExponent: number, toExponent: number, sign: number, seed: number): Generator<number> {
  const random = makeRandom(seed);
  for (let i = 0; i < count; i++) yield sign * 2 ** (fromExponent + (toExponent - fromExponent) * random());
}

describe('log1p in a kernel', () => {
  it('gives Math.log1p at the edges of every branch', () => {
    const edges = [0, -0, 1, -1, -1 - 2 ** -52, -2, 2 ** -54, 2 ** -55, -(2 ** -54), 2 ** -29, 2 ** -30, -(2 ** -29), 5e-324, -5e-324, Math.SQRT2 - 1, Math.SQRT1_2 - 1, 0.41421356, -0.2928932, 2 ** 53, 2 ** 53 - 1, 2 ** 54, 1 + 2 ** -20, 2 ** -20, 3, 7, 1e300, Number.MAX_VALUE, Infinity, -Infinity, NaN];
    expect(differing(edges)).toEqual([]);
    expect([log1p(0), log1p(-1), log1p(Infinity), log1p(Math.E - 1)]).toEqual([0, -Infinity, Infinity, Math.log1p(Math.E - 1)]);
    expect(Object.is(log1p(-0), -0)).toBe(true);
    expect(log1p(-2)).toBeNaN();
    expect(log1p(NaN)).toBeNaN();
  });

  it('gives Math.log1p on the profile fit’s arguments, and on any argument', () => {
    expect(differing(uniform(1_000_000, 0, 300, 3))).toEqual([]);
    expect(differing(uniform(300_000, -0.999999, 1, 5))).toEqual([]);
    expect(differing(logUniform(300_000, -60, 60, 1, 7))).toEqual([]);
    expect(differing(logUniform(300_000, -60, 0, -1, 9))).toEqual([]);
    // doubles of random bits: every exponent, both signs, NaNs
    expect(differing(anyBits(300_000, 11))).toEqual([]);
  });
});
