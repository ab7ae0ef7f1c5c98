/**
 * Micro-benchmark of shared/pixels:
 *   node --import tsx test/bench/pixels-bench.ts [--quick] [--only=median,select,clip,calibrate,display,masters,quality,checksum]
 *
 * Prints ns/pixel for the median of 5, 10, 15, 30 and 100 frames and the sigma clip of 15,
 * calibratePixels throughput (Mpix/s) for 2048² with all three masters, and the candidate
 * strategies the shipped kernels were chosen from (direct gather versus a transposed tile,
 * insertion sort versus quickselect, Float64 versus Float32 scratch); the masters' kernels
 * (--only=masters): the fused 16-bit strip median against the JavaScript path it replaced, the
 * statistics kernel against the JavaScript passes, and a flat's exact median (flat-median-bench.ts),
 * first call and warmed (a master's finish runs a few times per run, so first calls are what a
 * run sees); the per-frame quality
 * measurement (--only=quality) on synthetic 2048² and 6248×4176 lights (host-order pixels, and as a
 * worker reads them, where the WebAssembly kernels run), against the light
 * kernel's compute on the same frame size in the same run; the light stage's input and output
 * checksums (--only=checksum, checksum-bench.ts) against the light kernel and the light stage,
 * with zlib.crc32 and sha256 for comparison. Each figure is the best of a
 * few rounds after a warm-up, on one core, unless it says first call. Timings belong here, never
 * in tests.
 */
import { calibratePixels } from '../../shared/pixels/calibrate';
import { combineStack } from '../../shared/pixels/combine';
import { downsample } from '../../shared/pixels/downsample';
import { insertionSort, medianInPlace, selectKth } from '../../shared/pixels/select';
import { histogram, imageStatistics, sampledMedian } from '../../shared/pixels/statistics';
import { createStatisticsKernel } from '../../shared/pixels/statistics-simd';
import { stripMedian } from '../../shared/pixels/strip-median-simd';
import { createSharedMemory } from '../../shared/pixels/wasm-api';
import { displayLimits, renderRgba } from '../../shared/pixels/stretch';
import { makeRandom } from '../shared/pixels/seeded-random';
import { createCalibrateKernel } from '../../shared/pixels/calibrate-simd';
import { WASM_PAGE_BYTES } from '../../shared/pixels/wasm-api';
import { measureFrame } from '../../shared/quality/measure-frame';
import { hostPixelRows, wasmPixelRows } from '../../shared/quality/pixel-rows';
import { measureSky } from '../../shared/quality/sky-mesh';
import { findCandidates } from '../../shared/quality/detect-stars';
import { syntheticFrame } from '../shared/quality/synthetic-sky';
import { checksumSection } from './checksum-bench';
import { flatMedianSection } from './flat-median-bench';

const quick = process.argv.includes('--quick');
/** `--only=median,calibrate` runs some sections; all by default. */
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',') ?? null;
const wanted = (section: string) => only === null || only.includes(section);
const rounds = quick ? 2 : 3;


/** Bias-like frames: integer ADU around 1000 with a few units of read noise and rare hot values. */
function makeStack(frames: number, pixels: number, seed = 1): Float32Array {
  const random = makeRandom(seed);
  const stack = new Float32Array(frames * pixels);
  for (let i = 0; i < stack.length; i++) {
    const noise = (random() + random() + random() + random() - 2) * 6;
    stack[i] = Math.round(1000 + noise + (random() < 1e-4 ? 20000 : 0));
  }
  return stack;
}

function best(run: () => void, times = rounds): number {
  run(); // warm-up
  let fastest = Infinity;
  for (let r = 0; r < times; r++) {
    const t0 = process.hrtime.bigint();
    run();
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - t0));
  }
  return fastest; // ns
}

function line(label: string, text: string): void {
  console.log(`${label.padEnd(58)} ${text}`);
}

// ------------------------------------------------------------------ candidate strategies

type Selector = 'auto' | 'insertion' | 'wirth';

function medianBy(buf: Float64Array, start: number, end: number, selector: Selector): number {
  if (selector === 'auto') return medianInPlace(buf, start, end);
  const n = end - start;
  const mid = start + (n >> 1);
  if (selector === 'insertion') {
    insertionSort(buf, start, end);
    return (n & 1) === 1 ? buf[mid] : (buf[mid - 1] + buf[mid]) / 2;
  }
  if ((n & 1) === 1) return selectKth(buf, start, end - 1, mid);
  const lower = selectKth(buf, start, end - 1, mid - 1);
  let upper = buf[mid];
  for (let i = mid + 1; i < end; i++) if (buf[i] < upper) upper = buf[i];
  return (lower + upper) / 2;
}

/** Per pixel, gather the N values straight from the N frames (N read streams). */
function directMedian(stack: Float32Array, frames: number, pixels: number, out: Float32Array, selector: Selector): void {
  const scratch = new Float64Array(frames);
  for (let p = 0; p < pixels; p++) {
    let n = 0;
    for (let f = 0, i = p; f < frames; f++, i += pixels) {
      const v = stack[i];
      if (v === v) scratch[n++] = v;
    }
    out[p] = n === 0 ? NaN : medianBy(scratch, 0, n, selector);
  }
}

/** The same with a Float32 scratch and its own insertion sort. */
function directMedianF32(stack: Float32Array, frames: number, pixels: number, out: Float32Array): void {
  const scratch = new Float32Array(frames);
  for (let p = 0; p < pixels; p++) {
    let n = 0;
    for (let f = 0, i = p; f < frames; f++, i += pixels) {
      const v = stack[i];
      if (v === v) scratch[n++] = v;
    }
    if (n === 0) {
      out[p] = NaN;
      continue;
    }
    for (let i = 1; i < n; i++) {
      const v = scratch[i];
      let j = i - 1;
      while (j >= 0 && scratch[j] > v) {
        scratch[j + 1] = scratch[j];
        j--;
      }
      scratch[j + 1] = v;
    }
    const mid = n >> 1;
    out[p] = (n & 1) === 1 ? scratch[mid] : (scratch[mid - 1] + scratch[mid]) / 2;
  }
}

/** Transpose `tile` pixels of every frame into a pixel-major scratch, then select (the shipped layout). */
function tiledMedian(stack: Float32Array, frames: number, pixels: number, out: Float32Array, tile: number, selector: Selector): void {
  const buf = new Float64Array(tile * frames);
  const counts = new Int32Array(tile);
  for (let p0 = 0; p0 < pixels; p0 += tile) {
    const width = Math.min(tile, pixels - p0);
    counts.fill(0, 0, width);
    for (let f = 0; f < frames; f++) {
      const base = f * pixels + p0;
      for (let q = 0; q < width; q++) {
        const v = stack[base + q];
        if (v === v) {
          const c = counts[q];
          buf[q * frames + c] = v;
          counts[q] = c + 1;
        }
      }
    }
    for (let q = 0; q < width; q++) {
      const n = counts[q];
      out[p0 + q] = n === 0 ? NaN : medianBy(buf, q * frames, q * frames + n, selector);
    }
  }
}

// ------------------------------------------------------------------ runs

function medianSection(): void {
  console.log('\nMedian combine (ns per output pixel; lower is better)');
  const cases: [number, number][] = quick
    ? [[5, 1 << 20], [15, 1 << 20], [100, 1 << 17]]
    : [[5, 2048 * 2048], [10, 2048 * 2048], [15, 2048 * 2048], [30, 2048 * 1024], [100, 1024 * 512]];
  for (const [frames, pixels] of cases) {
    const stack = makeStack(frames, pixels, frames);
    const out = new Float32Array(pixels);
    const ns = best(() => combineStack(stack, frames, pixels, 'median', out)) / pixels;
    const whole = `, ${((ns * 2048 * 2048) / 1e9).toFixed(3)} s for 2048²`;
    line(`combineStack median, ${frames} frames × ${pixels} px (SIMD)`, `${ns.toFixed(1)} ns/px${whole}`);
    const scalar = best(() => combineStack(stack, frames, pixels, 'median', out, { kernel: 'scalar' })) / pixels;
    line(`  scalar path (tile 256, insertion ≤ 16 < Wirth)`, `${scalar.toFixed(1)} ns/px`);
    if (frames === 5 || frames === 15 || frames === 100) {
      const candidates: [string, () => void][] = [
        ['  direct gather, f64 scratch, insertion ≤ 16 < Wirth', () => directMedian(stack, frames, pixels, out, 'auto')],
        ['  direct gather, f32 scratch, insertion', () => directMedianF32(stack, frames, pixels, out)],
        ['  tile 256, insertion only', () => tiledMedian(stack, frames, pixels, out, 256, 'insertion')],
        ['  tile 256, Wirth only', () => tiledMedian(stack, frames, pixels, out, 256, 'wirth')],
        ['  tile 1024, insertion ≤ 16 < Wirth', () => tiledMedian(stack, frames, pixels, out, 1024, 'auto')],
      ];
      for (const [label, run] of candidates) line(label, `${(best(run) / pixels).toFixed(1)} ns/px`);
    }
  }
}

function selectionThreshold(): void {
  console.log('\nMedian of n values already gathered: insertion sort vs Wirth (ns per median)');
  const count = 1 << 16;
  for (const n of [5, 10, 15, 20, 25, 30, 40, 60]) {
    const source = makeStack(1, count * n, n).map((v, i) => v + (i % 7)); // some ties, some spread
    const buf = new Float64Array(count * n);
    const timeOf = (selector: Selector) =>
      best(() => {
        buf.set(source);
        for (let k = 0; k < count; k++) medianBy(buf, k * n, (k + 1) * n, selector);
      }) / count;
    line(`  n = ${n}`, `insertion ${timeOf('insertion').toFixed(1)} ns, wirth ${timeOf('wirth').toFixed(1)} ns`);
  }
}

function sigmaClipSection(): void {
  console.log('\nSigma-clipped mean (kappa 3/3, at most 5 passes)');
  const frames = 15;
  const pixels = quick ? 1 << 20 : 2048 * 2048;
  const stack = makeStack(frames, pixels, 99);
  const out = new Float32Array(pixels);
  const ns = best(() => combineStack(stack, frames, pixels, 'sigma-clip', out)) / pixels;
  line(`combineStack sigma-clip, ${frames} frames × ${pixels} px (SIMD sort)`, `${ns.toFixed(1)} ns/px, ${((ns * pixels) / 1e9).toFixed(3)} s`);
  const scalar = best(() => combineStack(stack, frames, pixels, 'sigma-clip', out, { kernel: 'scalar' })) / pixels;
  line('  scalar path', `${scalar.toFixed(1)} ns/px`);
}

/** The shipped formula with the bad-pixel rules written as tests instead of arithmetic. */
function calibrateWithTests(raw: Float32Array, bias: Float32Array, dark: Float32Array, scale: number, flat: Float32Array, out: Float32Array): void {
  const overflow = 3.4028235677973366e38; // 2^128 − 2^103
  for (let i = 0; i < raw.length; i++) {
    const f = flat[i];
    const q = (raw[i] - bias[i] - scale * dark[i]) / f;
    out[i] = f > 0 && f < Infinity && q > -overflow && q < overflow ? q : NaN;
  }
}

/** The bare formula, no bad-pixel handling: the floor for a JavaScript loop. */
function calibrateBare(raw: Float32Array, bias: Float32Array, dark: Float32Array, scale: number, flat: Float32Array, out: Float32Array): void {
  for (let i = 0; i < raw.length; i++) out[i] = (raw[i] - bias[i] - scale * dark[i]) / flat[i];
}

function calibrateSection(): void {
  console.log('\nCalibration of one 2048² frame (Mpix/s; higher is better)');
  const pixels = 2048 * 2048;
  const random = makeRandom(7);
  const raw = Float32Array.from({ length: pixels }, () => 1000 + random() * 3000);
  const bias = Float32Array.from({ length: pixels }, () => 1000 + random() * 4);
  const dark = Float32Array.from({ length: pixels }, () => random() * 10);
  const flat = Float32Array.from({ length: pixels }, () => 0.9 + random() * 0.2);
  const out = new Float32Array(pixels);
  const all = { bias, dark, flat, darkScale: 1.5 };
  const report = (label: string, run: () => void) => {
    const ns = best(run, 20);
    line(label, `${((pixels / ns) * 1e3).toFixed(0)} Mpix/s (${(ns / 1e6).toFixed(1)} ms)`);
  };
  report('calibratePixels bias + dark + flat', () => calibratePixels(raw, all, out));
  report('calibratePixels bias + dark + flat, in place', () => calibratePixels(out, all, out));
  report('calibratePixels bias + flat (no dark)', () => calibratePixels(raw, { ...all, dark: null }, out));
  report('  alternative: bad pixels by tests (f > 0 && …)', () => calibrateWithTests(raw, bias, dark, 1.5, flat, out));
  report('  floor: bare formula, no bad-pixel handling', () => calibrateBare(raw, bias, dark, 1.5, flat, out));
  report('  floor: copy raw → out (memcpy)', () => out.set(raw));
}

function displaySection(): void {
  console.log('\nStatistics and display');
  const width = 4096;
  const height = 4096;
  const random = makeRandom(11);
  const frame = Float32Array.from({ length: width * height }, () => 1000 + (random() + random() - 1) * 30);
  const ms = (run: () => void) => `${(best(run, 10) / 1e6).toFixed(1)} ms`;
  line('imageStatistics 4096² (default samples, hot pixels)', ms(() => imageStatistics(frame, { hotPixelSigma: 5 })));
  line('sampledMedian 4096² (default samples)', ms(() => sampledMedian(frame)));
  line('downsample 4096² → 1024²', ms(() => downsample(frame, width, height, 1024)));
  const preview = downsample(frame, width, height, 1024).pixels;
  line('displayLimits 1024² preview', ms(() => displayLimits(preview)));
  const rgba = new Uint8ClampedArray(preview.length * 4);
  for (let warm = 0; warm < 5; warm++) renderRgba(preview, { lo: 950, hi: 1050, mode: 'asinh' }, rgba);
  for (const mode of ['linear', 'asinh', 'log'] as const) {
    line(`renderRgba 1024² ${mode}`, ms(() => renderRgba(preview, { lo: 950, hi: 1050, mode }, rgba)));
  }
  line('renderRgba 1024² linear + midtones', ms(() => renderRgba(preview, { lo: 950, hi: 1050, mode: 'linear', midtones: 0.2 }, rgba)));
}

function mastersSection(): void {
  console.log('\nMasters: a strip of 256 rows × 2048 of 15 frames (16-bit, BZERO 32768), bias and dark subtracted');
  const width = 2048;
  const rows = 256;
  const frames = 15;
  const pixels = rows * width;
  const memory = createSharedMemory(2048)!;
  const random = makeRandom(5);
  const params = 0;
  const raw = 4096;
  const stride = pixels * 2;
  const bias = raw + stride * frames;
  const dark = bias + pixels * 4;
  const out = dark + pixels * 4;
  const bytes = new DataView(memory.buffer);
  for (let i = 0; i < pixels * frames; i++) bytes.setInt16(raw + 2 * i, Math.round(1000 + (random() - 0.5) * 20) - 32768, false);
  const biasPixels = new Float32Array(memory.buffer, bias, pixels).map(() => 1000 + random());
  const darkPixels = new Float32Array(memory.buffer, dark, pixels).map(() => random() * 5);
  new Float32Array(memory.buffer, bias, pixels).set(biasPixels);
  new Float32Array(memory.buffer, dark, pixels).set(darkPixels);
  const inputs = { memory, raw, frameStride: stride, pixels, frames: Array.from({ length: frames }, () => ({ bscale: 1, bzero: 32768, scale: 1 })), bias, dark, darkScale: 1.5, params, out };
  const ms = (ns: number) => `${(ns / 1e6).toFixed(1)} ms`;
  const firstCall = (run: () => void) => {
    const t0 = process.hrtime.bigint();
    run();
    return Number(process.hrtime.bigint() - t0);
  };
  line('fused strip median (WebAssembly SIMD), first call', ms(firstCall(() => stripMedian(inputs))));
  line('fused strip median (WebAssembly SIMD), warmed', ms(best(() => stripMedian(inputs))));
  const stack = new Float32Array(frames * pixels);
  const medians = new Float32Array(pixels);
  // As the worker's JavaScript path does it: swap the bytes, widen, subtract, then combine.
  const swapped = Buffer.allocUnsafeSlow(stride);
  const stored = new Int16Array(swapped.buffer, swapped.byteOffset, pixels);
  const javascriptPath = () => {
    for (let f = 0; f < frames; f++) {
      swapped.set(new Uint8Array(memory.buffer, raw + f * stride, stride));
      swapped.swap16();
      const rowsOf = stack.subarray(f * pixels, (f + 1) * pixels);
      for (let p = 0; p < pixels; p++) rowsOf[p] = stored[p] + 32768;
      calibratePixels(rowsOf, { bias: biasPixels, dark: darkPixels, darkScale: 1.5, flat: null }, rowsOf);
    }
    combineStack(stack, frames, pixels, 'median', medians);
  };
  line('JavaScript path (decode, calibratePixels, combineStack), warmed', ms(best(javascriptPath)));

  console.log('\nMaster statistics, 2048² in shared memory');
  const image = new Float32Array(memory.buffer, 64 << 20, 2048 * 2048);
  for (let i = 0; i < image.length; i++) image[i] = 1000 + (random() + random() - 1) * 30;
  const kernel = createStatisticsKernel(memory, 60 << 20)!;
  line('imageStatistics with the kernel, first call', ms(firstCall(() => imageStatistics(image, { hotPixelSigma: 5, kernel }))));
  line('imageStatistics in JavaScript, first call', ms(firstCall(() => imageStatistics(image, { hotPixelSigma: 5 }))));
  line('histogram 256 bins with the kernel, first call', ms(firstCall(() => histogram(image, 256, 950, 1050, kernel))));
  line('histogram 256 bins in JavaScript, first call', ms(firstCall(() => histogram(image, 256, 950, 1050))));
  line('imageStatistics with the kernel, warmed', ms(best(() => imageStatistics(image, { hotPixelSigma: 5, kernel }))));
  line('imageStatistics in JavaScript, warmed', ms(best(() => imageStatistics(image, { hotPixelSigma: 5 }))));
  line('histogram 256 bins with the kernel, warmed', ms(best(() => histogram(image, 256, 950, 1050, kernel))));
  line('histogram 256 bins in JavaScript, warmed', ms(best(() => histogram(image, 256, 950, 1050))));
  flatMedianSection(line, best, firstCall);
}

/** The light kernel (16-bit raw, bias + dark + flat) on `pixels` pixels: ms, best of a few rounds. */
function lightKernelMs(pixels: number): number | null {
  const memory = createSharedMemory(Math.ceil((pixels * 18 + 64) / WASM_PAGE_BYTES));
  const kernel = memory && createCalibrateKernel(memory);
  if (!memory || !kernel) return null;
  const random = makeRandom(3);
  const raw = 0;
  const bias = pixels * 2;
  const dark = bias + pixels * 4;
  const flat = dark + pixels * 4;
  const out = flat + pixels * 4;
  const bytes = new DataView(memory.buffer);
  for (let i = 0; i < pixels; i++) bytes.setInt16(raw + 2 * i, 1200 + Math.floor(random() * 3000) - 32768, false);
  new Float32Array(memory.buffer, bias, pixels).fill(1000);
  new Float32Array(memory.buffer, dark, pixels).fill(3);
  new Float32Array(memory.buffer, flat, pixels).fill(1);
  return best(() => kernel.calibrate16(raw, pixels, bias, dark, flat, out, 32768, 1, 1.5), 5) / 1e6;
}

/** Best CPU time of `run` in ms (process.cpuUsage: other processes on the cores do not count, a shared memory bus still does). */
function bestCpuMs(run: () => void, times = 7): number {
  run();
  let fastest = Infinity;
  for (let r = 0; r < times; r++) {
    const t0 = process.cpuUsage();
    run();
    const used = process.cpuUsage(t0);
    fastest = Math.min(fastest, (used.user + used.system) / 1e3);
  }
  return fastest;
}

/** The frame as a worker's slot holds it: big-endian float32 in a shared WebAssembly memory, the slot's 1 MiB of scratch after it. */
function slotRows(pixels: Float32Array, width: number, height: number) {
  const scratchBytes = 1 << 20;
  const memory = createSharedMemory(Math.ceil((pixels.length * 4 + scratchBytes + 64) / WASM_PAGE_BYTES) + 1);
  if (memory === null) return null;
  const view = new DataView(memory.buffer);
  pixels.forEach((v, i) => view.setFloat32(4 * i, v, false));
  return wasmPixelRows(new Uint8Array(memory.buffer, 0, pixels.length * 4), width, height, { memory, scratch: pixels.length * 4 + 64, scratchBytes });
}

function qualitySection(): void {
  console.log('\nPer-frame quality (measureFrame, default options: a tenth of the frame searched, more until 100 stars), synthetic lights');
  console.log('(best of 7, wall and CPU; the light kernel is the WebAssembly calibration of the same frame size, compute only)');
  const sizes: [number, number, number][] = quick ? [[2048, 2048, 2000]] : [[2048, 2048, 2000], [6248, 4176, 12000]];
  for (const [width, height, stars] of sizes) {
    const frame = syntheticFrame({ width, height, seed: 5, stars, psf: { fwhm: 3, beta: 3 } });
    const rows = hostPixelRows(frame.pixels, width, height);
    const { mesh } = measureSky(rows);
    const wall = (run: () => void) => best(run, 7) / 1e6;
    const both = (run: () => void) => `${wall(run).toFixed(1)} ms wall, ${bestCpuMs(run).toFixed(1)} ms CPU`;
    const whole = () => measureFrame(frame.pixels, width, height);
    line(`measureFrame ${width}×${height}, ${stars} stars, FWHM 3`, both(whole));
    const slot = slotRows(frame.pixels, width, height);
    if (slot !== null) line('  as a worker reads it (big-endian in shared memory: the kernels)', both(() => measureFrame(slot, width, height)));
    line('  sky mesh', both(() => measureSky(rows)));
    line('  star search (findCandidates)', both(() => findCandidates(rows, mesh, { bin: 2, threshold: 3.75, coverage: 0.1, minStars: 100, confirmSignificance: 5 })));
    line('  the whole frame searched (coverage 1)', both(() => measureFrame(frame.pixels, width, height, { coverage: 1 })));
    const kernel = lightKernelMs(width * height);
    const cpu = bestCpuMs(whole);
    if (kernel !== null) line('  light kernel, same frame size', `${kernel.toFixed(1)} ms wall: measureFrame (CPU) = ${((100 * cpu) / kernel).toFixed(0)} % of it`);
    const q = measureFrame(frame.pixels, width, height);
    line('  figures', `${q.stars} stars (${q.starsFound} found on ${(100 * q.coverage).toFixed(0)} %), FWHM ${q.fwhm?.toFixed(2)}, e ${q.eccentricity?.toFixed(3)}`);
  }
}

console.log(`shared/pixels micro-benchmark (node ${process.version}, one thread${quick ? ', --quick' : ''})`);
if (wanted('median')) medianSection();
if (wanted('select')) selectionThreshold();
if (wanted('clip')) sigmaClipSection();
if (wanted('calibrate')) calibrateSection();
if (wanted('display')) displaySection();
if (wanted('masters')) mastersSection();
if (wanted('quality')) qualitySection();
if (wanted('checksum')) checksumSection(quick, line);
