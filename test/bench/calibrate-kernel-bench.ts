/**
 * Micro-benchmark of the light hot path's compute, JavaScript against WebAssembly SIMD:
 *   node --import tsx test/bench/calibrate-kernel-bench.ts [--size=2048] [--rounds=21]
 *
 * One frame of size² pixels with bias, dark and flat, on one core, as a worker does it:
 *   JavaScript  raw bytes swapped to host order (Buffer.swap16/32), calibrateStored into a
 *               Float32Array, swapped to big-endian for writing (float32DataInPlace's swap32);
 *   WebAssembly calibrate16 / calibrate32f straight from the big-endian bytes to big-endian
 *               output in the shared memory, both swaps included.
 * Each line is the median of the rounds (min–max) after a warm-up; the outputs are checked
 * equal first. Timings belong here, never in tests.
 */
import { calibrateStored, type StoredScaling } from '../../shared/pixels/calibrate';
import { createCalibrateKernel } from '../../shared/pixels/calibrate-simd';
import { createSharedMemory, WASM_PAGE_BYTES } from '../../shared/pixels/wasm-api';
import { makeRandom } from '../shared/pixels/seeded-random';

const arg = (name: string, fallback: number): number => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const size = arg('size', 2048);
const rounds = arg('rounds', 21);
const n = size * size;


/** Median, min and max of `run` in ms; `prepare` runs before each round, off the clock. */
function timings(run: () => void, prepare: () => void = () => undefined): { median: number; min: number; max: number } {
  prepare();
  run(); // warm-up (and compile)
  const ms: number[] = [];
  for (let r = 0; r < rounds; r++) {
    prepare();
    const started = performance.now();
    run();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[ms.length >> 1], min: ms[0], max: ms[ms.length - 1] };
}

function line(label: string, t: { median: number; min: number; max: number }, baseline?: number): void {
  const speedup = baseline === undefined ? '' : `  ${(baseline / t.median).toFixed(1)}× the JavaScript path`;
  console.log(`${label.padEnd(52)} ${t.median.toFixed(2).padStart(7)} ms (${t.min.toFixed(2)}–${t.max.toFixed(2)}), ${((n / t.median) * 1e-3).toFixed(0)} Mpix/s${speedup}`);
}

// Layout in one shared memory: raw (4 bytes a pixel), three masters, the output.
const memory = createSharedMemory(Math.ceil((n * 20 + 64) / WASM_PAGE_BYTES));
const kernel = memory && createCalibrateKernel(memory);
if (!memory || !kernel) {
  console.log('WebAssembly SIMD with shared memory is not available in this Node: nothing to compare');
  process.exit(0);
}
const [rawAt, biasAt, darkAt, flatAt, outAt] = [0, 1, 2, 3, 4].map((k) => k * n * 4);
const buffer = memory.buffer;
const random = makeRandom(7);
/** A master in the shared memory at `offset`, filled in place. */
const master = (offset: number, value: () => number): Float32Array => {
  const pixels = new Float32Array(buffer, offset, n);
  for (let i = 0; i < n; i++) pixels[i] = value();
  return pixels;
};
const bias = master(biasAt, () => 1000 + random() * 4);
const dark = master(darkAt, () => random() * 10);
const flat = master(flatAt, () => 0.9 + random() * 0.2);
const frames = { bias, dark, flat, darkScale: 1.5 };
const rawBytes = Buffer.from(buffer, rawAt, n * 4);
const outBytes = Buffer.from(buffer, outAt, n * 4);

// What the worker's JavaScript path has: its own raw scratch and output buffers.
const jsRaw = Buffer.allocUnsafeSlow(n * 4);
const jsOut = Buffer.allocUnsafeSlow(n * 4);
const jsOutPixels = new Float32Array(jsOut.buffer, jsOut.byteOffset, n);

const cases: [string, 2 | 4, StoredScaling, () => number][] = [
  ['16-bit camera frame (BITPIX 16, BZERO 32768)', 2, { bzero: 32768, bscale: 1, blank: null }, () => 1200 + Math.floor(random() * 3000) - 32768],
  ['float32 frame (BITPIX −32)', 4, { bzero: 0, bscale: 1, blank: null }, () => 1200 + random() * 3000],
];

console.log(`Light calibration compute, ${size}² (${n} pixels), bias + dark + flat; median of ${rounds} rounds, one thread, node ${process.version}`);
for (const [label, bytes, scaling, value] of cases) {
  const source = Buffer.allocUnsafe(n * bytes);
  for (let i = 0; i < n; i++) {
    if (bytes === 2) source.writeInt16BE(value(), 2 * i);
    else source.writeFloatBE(value(), 4 * i);
  }
  source.copy(rawBytes);
  const fileBytes = (): void => void source.copy(jsRaw); // as readSync leaves them
  const javascript = (): void => {
    const held = jsRaw.subarray(0, n * bytes);
    if (bytes === 2) held.swap16();
    else held.swap32();
    const stored = bytes === 2 ? new Int16Array(jsRaw.buffer, jsRaw.byteOffset, n) : new Float32Array(jsRaw.buffer, jsRaw.byteOffset, n);
    calibrateStored(stored, scaling, frames, jsOutPixels);
    jsOut.swap32();
  };
  const calibrate = bytes === 2 ? kernel.calibrate16 : kernel.calibrate32f;
  const wasm = (): void => calibrate(rawAt, n, biasAt, darkAt, flatAt, outAt, scaling.bzero, scaling.bscale, frames.darkScale);

  fileBytes();
  javascript();
  wasm();
  if (!jsOut.subarray(0, n * 4).equals(outBytes)) throw new Error(`${label}: the two kernels' outputs differ`);

  console.log(`\n${label}`);
  const js = timings(javascript, fileBytes);
  line('  JavaScript: swap, calibrateStored, swap', js);
  line('  WebAssembly SIMD kernel (swaps included)', timings(wasm), js.median);
  line('  floor: copy the output (memcpy)', timings(() => outBytes.copy(jsOut)));
}
