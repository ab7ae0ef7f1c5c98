/**
 * Seeded mutations of FITS files for the fuzz test: blind ones (byte flips, cuts, inserted
 * and deleted bytes) and ones that know the format (header cards rewritten with huge,
 * negative or bogus values, END removed or doubled, garbage after END). Same seed, same
 * files, so a failing case can be replayed from the seed and case number the test prints.
 */
import { gzipSync } from 'node:zlib';

/** Uniform in [0, 1) from a seed (sfc32: small, fast, good enough to pick mutations). */
export function seededRandom(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (a + b + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const between = (random: Random, min: number, max: number): number => min + Math.floor(random() * (max - min + 1));

/** A header card found in the bytes: where it starts and its keyword. */
interface CardAt {
  readonly offset: number;
  readonly keyword: string;
}

const VALUE_CARD = /^([A-Z0-9_-]{1,8}) *= /;

/** Value cards and END cards at 80-byte steps in the first `limit` bytes (headers start on 2880-byte blocks). */
function findCards(bytes: Buffer, limit = 64 * 2880): { cards: CardAt[]; ends: number[] } {
  const cards: CardAt[] = [];
  const ends: number[] = [];
  for (let at = 0; at + 80 <= Math.min(bytes.length, limit); at += 80) {
    const text = bytes.toString('latin1', at, at + 80);
    if (text.startsWith('END     ') || text === 'END'.padEnd(80)) ends.push(at);
    const match = VALUE_CARD.exec(text);
    if (match) cards.push({ offset: at, keyword: match[1] });
  }
  return { cards, ends };
}

/** Values that stress a reader: huge, negative, fractional, non-numeric, empty. */
const HOSTILE_NUMBERS = [
  '0', '-1', '1', '3', '-2147483648', '2147483647', '2147483648', '4294967296', '99999999999', '9007199254740993',
  '1E20', '1E400', '-1E400', '1.5', '1.0D3', 'NaN', 'Infinity', "'64'", "'abc'", 'T', 'F', '', '(1,2)', '0x10', '1e',
];
const BITPIX_VALUES = ['0', '7', '12', '-16', '128', '-128', '64', '8', '32', '-64', '16', '-32', "'16'", 'T', '1E400'];

function setCardValue(bytes: Buffer, card: CardAt, value: string): void {
  const text = `${card.keyword.padEnd(8)}= ${value.padStart(20)}`.slice(0, 80).padEnd(80);
  bytes.write(text, card.offset, 'latin1');
}

/** One mutation: its name (for the report) and what it does to a copy of the bytes. */
interface Mutation {
  readonly name: string;
  apply(bytes: Buffer, random: Random): { bytes: Buffer; detail: string };
}

/** An offset favouring the header and block boundaries, where readers make decisions. */
function interestingOffset(bytes: Buffer, random: Random): number {
  if (bytes.length === 0) return 0;
  const choice = random();
  if (choice < 0.4) return Math.floor(random() * Math.min(bytes.length, 3 * 2880));
  if (choice < 0.6) {
    const block = Math.floor(random() * Math.ceil(bytes.length / 2880)) * 2880;
    return Math.min(bytes.length - 1, Math.max(0, block + between(random, -2, 2)));
  }
  return Math.floor(random() * bytes.length);
}

const MUTATIONS: readonly Mutation[] = [
  {
    name: 'flip bytes',
    apply(bytes, random) {
      const copy = Buffer.from(bytes);
      const count = between(random, 1, 8);
      const at: number[] = [];
      for (let i = 0; i < count && copy.length > 0; i++) {
        const offset = interestingOffset(copy, random);
        copy[offset] ^= between(random, 1, 255);
        at.push(offset);
      }
      return { bytes: copy, detail: `at ${at.join(',')}` };
    },
  },
  {
    name: 'cut',
    apply(bytes, random) {
      const length = interestingOffset(bytes, random);
      return { bytes: Buffer.from(bytes.subarray(0, length)), detail: `to ${length} bytes` };
    },
  },
  {
    name: 'insert bytes',
    apply(bytes, random) {
      const offset = interestingOffset(bytes, random);
      const count = pick(random, [1, 2, 7, 80, 2880, between(random, 1, 5000)]);
      const junk = Buffer.alloc(count);
      for (let i = 0; i < count; i++) junk[i] = random() < 0.5 ? 0x20 + Math.floor(random() * 95) : Math.floor(random() * 256);
      return { bytes: Buffer.concat([bytes.subarray(0, offset), junk, bytes.subarray(offset)]), detail: `${count} at ${offset}` };
    },
  },
  {
    name: 'delete bytes',
    apply(bytes, random) {
      const offset = interestingOffset(bytes, random);
      const count = pick(random, [1, 80, 2880, between(random, 1, 5000)]);
      return { bytes: Buffer.concat([bytes.subarray(0, offset), bytes.subarray(offset + count)]), detail: `${count} at ${offset}` };
    },
  },
  {
    name: 'rewrite a card',
    apply(bytes, random) {
      const { cards } = findCards(bytes);
      if (cards.length === 0) return { bytes: Buffer.from(bytes), detail: 'no card found' };
      // Structural keywords most of the time: they size buffers and steer the reader.
      const structural = cards.filter((c) => /^(BITPIX|NAXIS\d*|ZNAXIS\d*|ZBITPIX|PCOUNT|GCOUNT|BZERO|BSCALE|BLANK|SIMPLE|XTENSION|ZTILE\d|ZCMPTYPE|ZIMAGE|THEAP|TFORM\d|EXTEND)$/.test(c.keyword));
      const card = random() < 0.85 && structural.length > 0 ? pick(random, structural) : pick(random, cards);
      const value = /BITPIX/.test(card.keyword) ? pick(random, BITPIX_VALUES) : card.keyword === 'ZCMPTYPE' ? pick(random, ["'PLIO_1'", "'NOPE_9'", "''", '3']) : pick(random, HOSTILE_NUMBERS);
      const copy = Buffer.from(bytes);
      setCardValue(copy, card, value);
      return { bytes: copy, detail: `${card.keyword} = ${value}` };
    },
  },
  {
    name: 'huge axes',
    apply(bytes, random) {
      const copy = Buffer.from(bytes);
      const axes = findCards(copy).cards.filter((c) => /^Z?NAXIS\d+$/.test(c.keyword));
      const value = pick(random, ['16384', '65536', '2147483647', '46341', '1000000', '99999']);
      for (const card of axes) if (random() < 0.7) setCardValue(copy, card, value);
      return { bytes: copy, detail: `NAXISn = ${value}` };
    },
  },
  {
    name: 'remove END',
    apply(bytes, random) {
      const copy = Buffer.from(bytes);
      const { ends } = findCards(copy);
      if (ends.length === 0) return { bytes: copy, detail: 'no END' };
      const end = pick(random, ends);
      copy.write(pick(random, ['COMMENT no end here'.padEnd(80), 'ENDX'.padEnd(80), ' '.repeat(80), 'end'.padEnd(80)]), end, 'latin1');
      return { bytes: copy, detail: `at ${end}` };
    },
  },
  {
    name: 'garbage after END',
    apply(bytes, random) {
      const copy = Buffer.from(bytes);
      const { ends } = findCards(copy);
      if (ends.length === 0) return { bytes: copy, detail: 'no END' };
      const end = pick(random, ends) + 80;
      const blockEnd = Math.min(copy.length, Math.ceil(end / 2880) * 2880 + (random() < 0.3 ? 2880 : 0));
      for (let i = end; i < blockEnd; i++) copy[i] = random() < 0.5 ? 0 : Math.floor(random() * 256);
      return { bytes: copy, detail: `${blockEnd - end} bytes from ${end}` };
    },
  },
  {
    name: 'second END early',
    apply(bytes, random) {
      const copy = Buffer.from(bytes);
      const { cards } = findCards(copy);
      if (cards.length < 2) return { bytes: copy, detail: 'too few cards' };
      const card = pick(random, cards.slice(1));
      copy.write('END'.padEnd(80), card.offset, 'latin1');
      return { bytes: copy, detail: `END over ${card.keyword}` };
    },
  },
  {
    name: 'non-ASCII in a card',
    apply(bytes, random) {
      const copy = Buffer.from(bytes);
      const { cards } = findCards(copy);
      if (cards.length === 0) return { bytes: copy, detail: 'no card' };
      const card = pick(random, cards);
      const text = Buffer.from(pick(random, ["'Müller ñ €'", "'\u0000\u0001\u0007'", '\u00ff\u00fe', "'日本語'"]), 'utf8');
      text.copy(copy, card.offset + 10, 0, Math.min(text.length, 70));
      return { bytes: copy, detail: `in ${card.keyword}` };
    },
  },
];

/** The names of all mutations (to report which ones ran). */
export const MUTATION_NAMES = MUTATIONS.map((m) => m.name);

export interface MutatedFile {
  readonly bytes: Buffer;
  readonly description: string;
}

/**
 * One to three mutations of `source`. For a gzip source given with its plain bytes, the
 * mutations hit the plain bytes, then the result is gzipped again half of the time (so
 * the header of a .fits.gz is fuzzed too, not only its compressed stream).
 */
export function mutate(source: { readonly bytes: Buffer; readonly plain?: Buffer }, random: Random): MutatedFile {
  const regzip = source.plain !== undefined && random() < 0.5;
  let bytes = regzip ? source.plain! : source.bytes;
  const steps: string[] = [];
  const count = random() < 0.7 ? 1 : between(random, 2, 3);
  for (let i = 0; i < count; i++) {
    const mutation = pick(random, MUTATIONS);
    const result = mutation.apply(bytes, random);
    bytes = result.bytes;
    steps.push(`${mutation.name} (${result.detail})`);
  }
  if (regzip) {
    bytes = gzipSync(bytes);
    steps.push('gzipped');
  }
  return { bytes, description: steps.join(' + ') };
}
