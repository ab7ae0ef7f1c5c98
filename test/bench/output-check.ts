/**
 * Is the fast output still right? On a sample of pixels of a few calibrated lights, the output
 * must equal the straightforward formula (raw − bias − scale·dark) / flat, computed here from the
 * raw file and the master files, all read with fitsjs-ng, and the dark scale taken from the
 * exposure times (light EXPTIME / master dark EXPTIME), not from NightCal's own DARKSCAL.
 * A flat pixel that is ≤ 0 or not finite must give NaN. Values must agree to float32 rounding:
 * the formula is evaluated in double and rounded once; a result computed in float32 steps may
 * differ by a few float32 units of the operands' size, and no more.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FITS, Image, type Header } from 'fitsjs-ng';

const READ_OPTIONS = { maxHeaderLines: 100_000, onWarning: () => undefined };
/** Float32 units of rounding allowed, relative to the largest operand over |flat|. */
const ROUNDING_UNITS = 4;

export interface CheckResult {
  readonly frames: number;
  readonly pixels: number;
  /** Bit-identical to the double-precision formula rounded to float32. */
  readonly identical: number;
  /** Different bits, but within float32 rounding of the formula. */
  readonly withinRounding: number;
  /** Pixels (or frames) that do not match, and the first few described. */
  readonly mismatches: number;
  readonly examples: readonly string[];
}

interface FitsImage {
  readonly header: Header;
  readonly pixels: ArrayLike<number>;
}

async function readImage(path: string): Promise<FitsImage> {
  const bytes = readFileSync(path);
  const fits = FITS.fromArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, READ_OPTIONS);
  const image = fits.getDataUnit();
  if (!(image instanceof Image)) throw new Error(`${path}: no image`);
  const pixels = await image.getFrame(0);
  if (pixels instanceof BigInt64Array || pixels instanceof BigUint64Array) throw new Error(`${path}: 64-bit integer pixels are not expected here`);
  return { header: fits.getHeader()!, pixels };
}

/** Seeded pixel indices: the four corners and `count` spread at random. */
function samplePixels(width: number, height: number, count: number, seed: number): number[] {
  const n = width * height;
  const picks = [0, width - 1, n - width, n - 1];
  let state = seed >>> 0 || 1;
  for (let i = 0; i < count; i += 1) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    picks.push(state % n);
  }
  return picks;
}

/**
 * Checks the first, middle and last of `lightIds` (paths relative to the night, as NightCal
 * writes them relative to its output folder). Masters are the files the output header names
 * (BIASFILE, DARKFILE, FLATFILE) in `<outputDir>/masters/`.
 */
export async function checkOutputs(night: string, outputDir: string, lightIds: readonly string[], samplesPerFrame = 5000): Promise<CheckResult> {
  const frameIds = [...new Set([lightIds[0], lightIds[lightIds.length >> 1], lightIds[lightIds.length - 1]])];
  const masters = new Map<string, FitsImage>();
  const master = async (name: string): Promise<FitsImage> => {
    if (!masters.has(name)) masters.set(name, await readImage(join(outputDir, 'masters', name)));
    return masters.get(name)!;
  };
  let pixels = 0;
  let identical = 0;
  let withinRounding = 0;
  let mismatches = 0;
  const examples: string[] = [];
  const mismatch = (text: string): void => {
    mismatches += 1;
    if (examples.length < 5) examples.push(text);
  };
  for (const [index, frameId] of frameIds.entries()) {
    const output = await readImage(join(outputDir, frameId));
    const raw = await readImage(join(night, frameId));
    const names = ['BIASFILE', 'DARKFILE', 'FLATFILE'].map((key) => String(output.header.get(key) ?? ''));
    if (names.some((name) => name === '')) {
      mismatch(`${frameId}: the output header does not name all three masters (${names.join(', ')})`);
      continue;
    }
    const [bias, dark, flat] = await Promise.all(names.map(master));
    const scale = Number(raw.header.get('EXPTIME')) / Number(dark.header.get('EXPTIME'));
    const width = Number(raw.header.get('NAXIS1'));
    const height = Number(raw.header.get('NAXIS2'));
    for (const i of samplePixels(width, height, samplesPerFrame, 17 + index)) {
      pixels += 1;
      const r = raw.pixels[i];
      const b = bias.pixels[i];
      const d = scale * dark.pixels[i];
      const f = flat.pixels[i];
      const got = output.pixels[i];
      const expected = f > 0 && Number.isFinite(f) ? Math.fround((r - b - d) / f) : NaN;
      if (Object.is(got, expected) || (Number.isNaN(got) && Number.isNaN(expected))) {
        identical += 1;
        continue;
      }
      const tolerance = (ROUNDING_UNITS * 2 ** -24 * Math.max(Math.abs(r), Math.abs(b), Math.abs(d), Math.abs(expected * f))) / Math.abs(f);
      if (Number.isFinite(expected) && Math.abs(got - expected) <= tolerance) {
        withinRounding += 1;
      } else {
        mismatch(`${frameId} pixel (x ${i % width}, y ${Math.floor(i / width)}): output ${got}, formula ${expected} = (${r} − ${b} − ${scale}·${dark.pixels[i]}) / ${f}`);
      }
    }
  }
  return { frames: frameIds.length, pixels, identical, withinRounding, mismatches, examples };
}
