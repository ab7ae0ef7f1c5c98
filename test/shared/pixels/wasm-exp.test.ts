/**
 * The kernels' exp against Math.exp, bit for bit: the arguments the star loops give it (−q/2 of
 * a weight, q up to a few hundred), every branch of the algorithm (|x| < 2⁻²⁸, |x| < 1.5 ln2,
 * exp(1), the scale below 2⁻¹⁰²¹, overflow, underflow, ±∞, NaN) and a million doubles of any bits.
 */
import { describe, expect, it } from 'vitest';
import { expFunction } from '../../../shared/pixels/wasm-exp';
import { kernelModule } from '../../../shared/pixels/wasm-module';
import { anyBits, differing as differingBits, uniform } from './same-bits';

const exp = (new WebAssembly.Instance(new WebAssembly.Module(kernelModule([expFunction()], { kind: 'own', pages: 1 }))).exports as { exp: (x: number) => number }).exp;

const differing = (xs: Iterable<number>): number[] => differingBits(exp, Math.exp, xs);

describe('exp in a kernel', () => {
  it('gives Math.exp at the edges of every branch', () => {
    const edges = [0, -0, 1, -1, 2 ** -28, -(2 ** -28), 2 ** -29, 1e-300, 5e-324, 0.5 * Math.LN2, -0.5 * Math.LN2, 1.5 * Math.LN2, -1.5 * Math.LN2, 709.78, 709.782712893384, 709.7827128933841, 710, -708.39, -708.4, -709.1, -744.44, -745.13, -745.1332191019412, -745.14, -800, Infinity, -Infinity, NaN, Number.MAX_VALUE, -Number.MAX_VALUE];
    expect(differing(edges)).toEqual([]);
    expect([exp(1), exp(0), exp(-Infinity), exp(Infinity), exp(800), exp(-800)]).toEqual([Math.E, 1, 0, Infinity, Infinity, 0]);
    expect(exp(NaN)).toBeNaN();
  });

  it('gives Math.exp on the weights the star loops ask for, and on any argument', () => {
    expect(differing(uniform(1_000_000, -200, 0, 3))).toEqual([]);
    expect(differing(uniform(300_000, -1.5, 1.5, 5))).toEqual([]);
    expect(differing(uniform(300_000, -760, 720, 7))).toEqual([]);
    // doubles of random bits: every exponent, both signs, NaNs
    expect(differing(anyBits(300_000, 11))).toEqual([]);
  });
});
