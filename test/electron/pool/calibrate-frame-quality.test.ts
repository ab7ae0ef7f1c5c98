/**
 * Every light is measured in its worker from the pixels in hand: the figures it reports (and
 * writes into the header) are measureFrame's on the very pixels it wrote, with the raw values as
 * the file holds them for saturation, on either path: the arena's WebAssembly kernel (the
 * big-endian output in the slot) and the JavaScript one (stored numbers in scratch, a gzip
 * file's pixels). The file's checksum still covers the header as finally written.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FrameQuality } from '../../../shared/contract';
import { checksumOf } from '../../../shared/pixels/checksum';
import { frameFacts } from '../../../shared/night/header-facts';
import { measureFrame } from '../../../shared/quality/measure-frame';
import { bigEndianPixelRows, hostPixelRows } from '../../../shared/quality/pixel-rows';
import { measureOptions, qualityInputs, type QualityInputs } from '../../../shared/quality/quality-inputs';
import { qualityRecord } from '../../../shared/quality/quality-record';
import { readFitsHeader } from '../../../electron/fits/read-header';
import { createPixelBuffers, readImageSync } from '../../../electron/fits/read-pixels';
import type { FitsFileInfo } from '../../../electron/fits/fits-file';
import { formatCard } from '../../../electron/fits/write-fits';
import { qualityCards } from '../../../electron/pipeline/provenance';
import { allocateMasters } from '../../../electron/pool/arena';
import { CalibrationPool } from '../../../electron/pool/calibration-pool';
import type { CalibrateFrameResult, CalibrateFrameTask } from '../../../electron/pool/task-messages';
import { syntheticFrame } from '../../shared/quality/synthetic-sky';
import { removeFolder, tempFolder, tools, writeImageFile } from '../fits/fits-fixtures';

const WIDTH = 384;
const HEIGHT = 320;
const COUNT = WIDTH * HEIGHT;
const BIAS = 500;
const DARK = 20;
const DARK_SCALE = 0.5;

/** A light as a camera stores it: the sky and stars over the bias, through a flat of 0.8–1.2, in 16 bits. */
function rawCounts(seed: number, psf: { fwhm: number; beta?: number }): Float64Array {
  const scene = syntheticFrame({ width: WIDTH, height: HEIGHT, seed, stars: 250, psf, snrRange: [3, 20000] });
  return Float64Array.from(scene.pixels, (v, i) => Math.min(65535, Math.max(0, Math.round(v * flatAt(i) + BIAS + DARK_SCALE * DARK))));
}

function flatAt(i: number): number {
  const x = i % WIDTH;
  const y = Math.floor(i / WIDTH);
  return 0.8 + (0.4 * (x + y)) / (WIDTH + HEIGHT);
}

interface Light {
  readonly name: string;
  readonly bitpix: 16 | 32;
  readonly counts: Float64Array;
  readonly cards?: readonly string[];
  readonly gzip?: boolean;
}

const LIGHTS: readonly Light[] = [
  { name: 'mono', bitpix: 16, counts: rawCounts(1, { fwhm: 3, beta: 3 }) },
  { name: 'saturate-keyword', bitpix: 16, counts: rawCounts(2, { fwhm: 4 }), cards: [formatCard('SATURATE', 20000), formatCard('XPIXSZ', 3.76), formatCard('FOCALLEN', 800)] },
  { name: 'bayer', bitpix: 16, counts: rawCounts(3, { fwhm: 6 }), cards: [formatCard('BAYERPAT', 'RGGB'), formatCard('YBAYROFF', 1)] },
  // BITPIX 32 never takes the kernel: the JavaScript path's stored numbers
  { name: 'int32', bitpix: 32, counts: rawCounts(4, { fwhm: 3 }) },
];

let folder: string;
const pools: { wasm: CalibrationPool; javascript: CalibrationPool } = {} as never;
const frames = new Map<string, FitsFileInfo>();
const results = new Map<string, CalibrateFrameResult>();

function task(frame: FitsFileInfo, outputPath: string, quality: QualityInputs | null): CalibrateFrameTask {
  return { kind: 'calibrate-frame', frame, outputPath, biasId: 'bias', darkId: 'dark', darkScale: DARK_SCALE, flatId: 'flat', provenanceCards: [formatCard('SOFTWARE', 'NightCal test')], durable: false, directIo: false, quality };
}

function inputsOf(frame: FitsFileInfo): QualityInputs {
  return qualityInputs(frameFacts(frame.header, frame.layout), { ...frame.layout });
}

async function pool(wasm: boolean): Promise<CalibrationPool> {
  const specs = ['bias', 'dark', 'flat'].map((id) => ({ id, width: WIDTH, height: HEIGHT }));
  const created = new CalibrationPool({ workers: 1, memory: allocateMasters(specs, { workers: 1, wasm }) });
  created.master('bias').fill(BIAS);
  created.master('dark').fill(DARK);
  created.master('flat').set(Float32Array.from({ length: COUNT }, (_, i) => flatAt(i)));
  return created;
}

/** What measureFrame makes of an output file's pixels, with the input's raw values. */
async function expectedQuality(output: string, input: FitsFileInfo): Promise<FrameQuality> {
  const written = await readFitsHeader(output);
  const bytes = readFileSync(output).subarray(written.layout.dataOffset, written.layout.dataOffset + COUNT * 4);
  const raw = readImageSync(input.storage === 'fits' ? input : await readFitsHeader(input.path.replace(/\.gz$/, '')), null, createPixelBuffers());
  const inputs = inputsOf(input);
  return qualityRecord(measureFrame(bigEndianPixelRows(bytes, WIDTH, HEIGHT, { bitpix: -32 }), WIDTH, HEIGHT, measureOptions(inputs, hostPixelRows(raw, WIDTH, HEIGHT))));
}

beforeAll(async () => {
  folder = tempFolder('frame-quality');
  pools.wasm = await pool(true);
  pools.javascript = await pool(false);
  for (const light of LIGHTS) {
    const path = writeImageFile(join(folder, `${light.name}.fits`), { bitpix: light.bitpix, width: WIDTH, height: HEIGHT, stored: light.bitpix === 16 ? light.counts.map((v) => v - 32768) : light.counts, bzero: light.bitpix === 16 ? 32768 : undefined, extraCards: light.cards });
    frames.set(light.name, await readFitsHeader(path));
  }
  if (tools.gzip) {
    execFileSync('gzip', ['-k', join(folder, 'mono.fits')]);
    frames.set('mono-gz', await readFitsHeader(join(folder, 'mono.fits.gz')));
  }
  for (const [name, frame] of frames) {
    for (const [kind, used] of Object.entries(pools)) {
      results.set(`${name}/${kind}`, await used.run(task(frame, join(folder, `${name}-${kind}-out.fits`), inputsOf(frame))));
    }
  }
}, 120_000);

afterAll(async () => {
  await pools.wasm?.destroy();
  await pools.javascript?.destroy();
  removeFolder(folder);
});

describe('the quality measured in the worker', () => {
  const cases = [...LIGHTS.map((light) => light.name), 'mono-gz'].flatMap((name) => (['wasm', 'javascript'] as const).map((kind) => [name, kind] as const));

  test.each(cases)('%s (%s pool): equals measureFrame on the pixels written and the raw values read', async (name, kind) => {
    if (name === 'mono-gz' && !tools.gzip) return void console.log('skipped: gzip is not installed');
    const result = results.get(`${name}/${kind}`)!;
    expect(result.status).toBe('done');
    if (result.status !== 'done') return;
    const input = frames.get(name)!;
    // the kernel takes plain 16-bit lights in the arena; BITPIX 32, a gzip file, or no arena: JavaScript
    expect(result.kernel).toBe(kind === 'wasm' && input.layout.bitpix === 16 && input.storage === 'fits' ? 'wasm-simd' : 'javascript');
    const output = join(folder, `${name}-${kind}-out.fits`);
    expect(result.quality).toEqual(await expectedQuality(output, input));
    expect(result.quality!.fwhm).not.toBeNull();
    expect(result.measureMs).toBeGreaterThan(0);
    // the header says the same, and the recorded checksum is the file's as it lies on disk
    const header = (await readFitsHeader(output)).header.cards;
    const cards = qualityCards(result.quality);
    expect(header.slice(-cards.length)).toEqual(cards);
    expect(result.outputChecksum).toBe(checksumOf(readFileSync(output)));
  });

  test('each light reads its own inputs: a SATURATE level, a pixel scale, a Bayer pattern with its offset', () => {
    expect(inputsOf(frames.get('mono')!)).toEqual({ bayerPattern: null, pixelScale: null, saturation: 65535 });
    expect(inputsOf(frames.get('saturate-keyword')!)).toEqual({ bayerPattern: null, pixelScale: expect.closeTo((206.2648 * 3.76) / 800, 6), saturation: 20000 });
    expect(inputsOf(frames.get('bayer')!).bayerPattern).toBe('GBRG'); // RGGB moved down a row
    const q = (name: string) => (results.get(`${name}/wasm`) as Extract<CalibrateFrameResult, { status: 'done' }>).quality!;
    expect(q('saturate-keyword').saturated).toBeGreaterThan(q('mono').saturated!);
    expect(q('saturate-keyword').fwhmArcsec).toBeCloseTo(q('saturate-keyword').fwhm! * ((206.2648 * 3.76) / 800), 3);
    expect(q('bayer').channels?.map((c) => c.name)).toEqual(['R', 'G1', 'G2', 'B']);
    expect(Math.abs(q('mono').fwhm! / 3 - 1)).toBeLessThan(0.05);
  });

  test('without inputs nothing is measured and the header has no quality cards', async () => {
    const frame = frames.get('mono')!;
    const output = join(folder, 'unmeasured.fits');
    const result = await pools.wasm.run(task(frame, output, null));
    expect(result).toMatchObject({ status: 'done', quality: null, measureMs: null });
    const header = (await readFitsHeader(output)).header;
    expect(Object.keys(header.values).filter((key) => key.startsWith('Q'))).toEqual([]);
    expect(result.status === 'done' && result.outputChecksum).toBe(checksumOf(readFileSync(output)));
  });
});
