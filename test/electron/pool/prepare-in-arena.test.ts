/**
 * A flat's preparation for its median in the arena against the JavaScript path it replaces: the
 * same frames (16-bit with BZERO and BSCALE ≠ 1, float32 with NaN and ±∞, negative results) read
 * straight into a slot and prepared by the kernel, and read with readRows then prepared with
 * calibratePixels; every pixel the same float32, and frameMedian the same median with and
 * without the arena. Frames the kernel does not take (BLANK, BITPIX 32, nothing to subtract)
 * give null and take the JavaScript path.
 */
import { closeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FitsFileInfo } from '../../../electron/fits/fits-file';
import { openInputSync } from '../../../electron/fits/open-input';
import { readFitsHeader } from '../../../electron/fits/read-header';
import { readRows } from '../../../electron/fits/read-pixels';
import { allocateMasters, type PoolMemory } from '../../../electron/pool/arena';
import { pixelsOnly } from '../../../electron/pool/task-messages';
import { frameMedian } from '../../../electron/pool/tasks/combine-strip';
import { prepareInArena } from '../../../electron/pool/tasks/prepare-in-arena';
import { WorkerArena } from '../../../electron/pool/worker-arena';
import { WorkerMasters } from '../../../electron/pool/worker-masters';
import { WorkerScratch } from '../../../electron/pool/worker-scratch';
import type { FramePreparation } from '../../../shared/night/frames';
import { calibratePixels } from '../../../shared/pixels/calibrate';
import { createCalibrateKernel } from '../../../shared/pixels/calibrate-simd';
import { median } from '../../../shared/pixels/statistics';
import { wasmSimdSupported } from '../../../shared/pixels/wasm-api';
import { makeRandom } from '../../shared/pixels/seeded-random';
import { removeFolder, tempFolder, writeImageFile } from '../fits/fits-fixtures';

const WIDTH = 61;
const HEIGHT = 19; // 1159 pixels: the kernel's last n % 4 = 3 pixels take its lane-by-lane path
const COUNT = WIDTH * HEIGHT;

let folder: string;
let memory: PoolMemory;
let masters: WorkerMasters;
let arena: WorkerArena;
const frames = new Map<string, FitsFileInfo>();

const PREPARATIONS: Record<string, FramePreparation> = {
  'bias and dark': { biasId: 'bias', darkId: 'dark', darkScale: 0.75 },
  'bias only': { biasId: 'bias', darkId: null, darkScale: 1 },
  'dark only, negative scale': { biasId: null, darkId: 'dark', darkScale: -1.25 },
};

beforeAll(async () => {
  folder = tempFolder('prepare-in-arena');
  memory = allocateMasters(['bias', 'dark'].map((id) => ({ id, width: WIDTH, height: HEIGHT })), { workers: 1 });
  masters = new WorkerMasters(memory.masters);
  if (memory.arena) arena = new WorkerArena(memory.arena, createCalibrateKernel(memory.arena.memory)!, 4242);
  const random = makeRandom(7);
  const odd = (usual: () => number, values: readonly number[]) => () => (random() < 0.03 ? values[Math.floor(random() * values.length)] : usual());
  masters.get('bias')!.set(Float32Array.from({ length: COUNT }, odd(() => 1000 + random() * 10, [NaN, Infinity, 3e38, -0])));
  masters.get('dark')!.set(Float32Array.from({ length: COUNT }, odd(() => random() * 30, [NaN, -Infinity, -3e38, 0])));
  const int16 = Int16Array.from({ length: COUNT }, () => Math.floor(random() * 40000) - 32768);
  const floats = Float64Array.from({ length: COUNT }, odd(() => (random() - 0.2) * 5e4, [NaN, Infinity, -Infinity, 0, -0, 3.4e38]));
  const specs = {
    'int16, BZERO 32768': { bitpix: 16, stored: int16, bzero: 32768, bscale: 1 },
    'int16, BSCALE 0.37, BZERO −12.5': { bitpix: 16, stored: int16, bzero: -12.5, bscale: 0.37 },
    'float32': { bitpix: -32, stored: floats },
    'float32, BSCALE 1.000001, BZERO 17.3': { bitpix: -32, stored: floats, bzero: 17.3, bscale: 1.000001 },
    'int16 with BLANK': { bitpix: 16, stored: int16, bzero: 32768, bscale: 1, blank: -32768 },
    'int32': { bitpix: 32, stored: Int32Array.from(int16, (v) => v * 3) },
  } as const;
  for (const [name, spec] of Object.entries(specs)) {
    const path = writeImageFile(join(folder, `${frames.size}.fits`), { width: WIDTH, height: HEIGHT, ...spec });
    frames.set(name, pixelsOnly(await readFitsHeader(path)));
  }
}, 60_000);

afterAll(() => removeFolder(folder));

/** What frameMedian's JavaScript path prepares: readRows, then calibratePixels with no flat. */
function javascriptPrepared(frame: FitsFileInfo, prep: FramePreparation): Float32Array {
  const pixels = new Float32Array(COUNT);
  const fd = openInputSync(frame.path);
  try {
    readRows(fd, frame, 0, HEIGHT, pixels, new WorkerScratch().pixels);
  } finally {
    closeSync(fd);
  }
  const bias = masters.get(prep.biasId);
  const dark = masters.get(prep.darkId);
  if (bias || dark) calibratePixels(pixels, { bias, dark, darkScale: prep.darkScale, flat: null }, pixels);
  return pixels;
}

function valueDifferences(actual: Float32Array, expected: Float32Array): number[] {
  const found: number[] = [];
  for (let i = 0; i < expected.length; i++) if (!Object.is(actual[i], expected[i])) found.push(i);
  return found;
}

describe.runIf(wasmSimdSupported())('preparing a flat in the arena', () => {
  const kernelFrames = ['int16, BZERO 32768', 'int16, BSCALE 0.37, BZERO −12.5', 'float32', 'float32, BSCALE 1.000001, BZERO 17.3'];

  test.each(kernelFrames)('%s: the kernel prepares every pixel as the JavaScript path does, with each set of masters', (name) => {
    const frame = frames.get(name)!;
    for (const [label, prep] of Object.entries(PREPARATIONS)) {
      const prepared = prepareInArena(frame, prep, masters, arena);
      expect(prepared, label).not.toBeNull();
      expect(prepared!.buffer).toBe(memory.arena!.memory.buffer);
      const expected = javascriptPrepared(frame, prep);
      expect(valueDifferences(prepared!, expected), label).toEqual([]);
      // the frame has both: NaN pixels and finite ones, negative among them where a bias is subtracted
      expect(expected.some(Number.isNaN), label).toBe(true);
      if (prep.biasId) expect(expected.some((v) => v < 0), label).toBe(true);
    }
  });

  test.each(kernelFrames)('%s: frameMedian gives the same median with the arena and without, the median of the prepared pixels', (name) => {
    const frame = frames.get(name)!;
    for (const [label, preparation] of Object.entries(PREPARATIONS)) {
      const task = { kind: 'frame-median', frame, preparation } as const;
      const expected = median(javascriptPrepared(frame, preparation));
      expect(frameMedian(task, masters, new WorkerScratch(), arena).median, label).toBe(expected);
      expect(frameMedian(task, masters, new WorkerScratch(), null).median, label).toBe(expected);
    }
  });

  test('BLANK, BITPIX 32 and a frame with nothing to subtract take the JavaScript path, with the same median', () => {
    const none: FramePreparation = { biasId: null, darkId: null, darkScale: 1 };
    const cases: [string, FramePreparation][] = [['int16 with BLANK', PREPARATIONS['bias and dark']], ['int32', PREPARATIONS['bias only']], ['int16, BZERO 32768', none]];
    for (const [name, preparation] of cases) {
      const frame = frames.get(name)!;
      expect(prepareInArena(frame, preparation, masters, arena), name).toBeNull();
      const expected = median(javascriptPrepared(frame, preparation));
      expect(frameMedian({ kind: 'frame-median', frame, preparation }, masters, new WorkerScratch(), arena).median, name).toBe(expected);
    }
  });

  test('a frame cut short fails with the file named', () => {
    const frame = frames.get('int16, BZERO 32768')!;
    const short = { ...frame, layout: { ...frame.layout, dataOffset: frame.layout.dataOffset + COUNT } };
    expect(() => prepareInArena(short, PREPARATIONS['bias and dark'], masters, arena)).toThrow(frame.path);
  });
});
