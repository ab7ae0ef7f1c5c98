/** What the kernels' own exp and log1p tests share: arguments where a function differs from its Math twin, and seeded arguments. */
import { makeRandom } from './seeded-random';

/** The arguments where `got` differs from `want` (NaN equals NaN), the first few. */
export function differing(got: (x: number) => number, want: (x: number) => number, xs: Iterable<number>): number[] {
  const found: number[] = [];
  for (const x of xs) {
    const a = got(x);
    const b = want(x);
    if (!(Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))) && found.push(x) >= 5) break;
  }
  return found;
}

/** `count` seeded arguments uniform in [from, to). */
export function* uniform(count: number, from: number, to: number, seed: number): Generator<number> {
  const random = makeRandom(seed);
  for (let i = 0; i < count; i++) yield from + (to - from) * random();
}

/** `count` seeded doubles of random bits: every exponent, both signs, NaNs. */
export function* anyBits(count: number, seed: number): Generator<number> {
  const random = makeRandom(seed);
  const bits = new Uint32Array(2);
  const value = new Float64Array(bits.buffer);
  for (let i = 0; i < count; i++) {
    bits[0] = random() * 2 ** 32;
    bits[1] = random() * 2 ** 32;
    yield value[0];
  }
}
