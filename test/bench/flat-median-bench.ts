/**
 * A flat's exact median as frameMedian takes it (electron/pool/tasks/combine-strip.ts), 2048²
 * 16-bit with BZERO 32768, a bias and a scaled dark, in shared memory: the preparation in
 * JavaScript (decode, then calibratePixels) against the kernel (prepare-simd.ts), and the
 * median's passes: histogram()'s float64 kernel (what the median counted with before), the rank
 * bins and their collection (rank-bins-simd.ts), and the JavaScript median. Part of
 * pixels-bench.ts --only=masters.
 */
import { decodeBigEndianPixels } from '../../electron/fits/decode-pixels';
import { calibratePixels } from '../../shared/pixels/calibrate';
import { createCalibrateKernel } from '../../shared/pixels/calibrate-simd';
import { histogram, medianByKernel, medianLowMemory } from '../../shared/pixels/statistics';
import { createStatisticsKernel, HISTOGRAM_KERNEL_MAX_BINS, STATISTICS_SCRATCH_BYTES } from '../../shared/pixels/statistics-simd';
import { createSharedMemory } from '../../shared/pixels/wasm-api';
import { makeRandom } from '../shared/pixels/seeded-random';

type Timer = (run: () => void) => number;

/** Prints the section's lines through `line`; `best` and `firstCall` give ns. */
export function flatMedianSection(line: (label: string, text: string) => void, best: Timer, firstCall: Timer): void {
  console.log('\nA flat\'s exact median, 2048² 16-bit (BZERO 32768), bias and 1.5 × dark subtracted, in shared memory');
  const pixels = 2048 * 2048;
  const memory = createSharedMemory(1600)!; // 100 MiB
  const kernel = createCalibrateKernel(memory)!;
  const raw = 0;
  const bias = 16 << 20;
  const dark = 32 << 20;
  const out = 48 << 20;
  const statsScratch = 64 << 20;
  const random = makeRandom(11);
  const bytes = new DataView(memory.buffer);
  for (let i = 0; i < pixels; i++) bytes.setInt16(raw + 2 * i, Math.round(20000 + (random() - 0.5) * 2000) - 32768, false);
  new Float32Array(memory.buffer, bias, pixels).forEach((_, i, a) => (a[i] = 1000 + random()));
  new Float32Array(memory.buffer, dark, pixels).forEach((_, i, a) => (a[i] = random() * 5));
  const biasPixels = new Float32Array(memory.buffer, bias, pixels);
  const darkPixels = new Float32Array(memory.buffer, dark, pixels);
  const prepared = new Float32Array(memory.buffer, out, pixels);
  const ms = (ns: number) => `${(ns / 1e6).toFixed(1)} ms`;

  const scratch = Buffer.allocUnsafeSlow(pixels * 2);
  const javascriptPrepare = () => {
    scratch.set(new Uint8Array(memory.buffer, raw, pixels * 2));
    decodeBigEndianPixels(scratch, { bitpix: 16, bzero: 32768, bscale: 1, blank: null }, prepared);
    calibratePixels(prepared, { bias: biasPixels, dark: darkPixels, darkScale: 1.5, flat: null }, prepared);
  };
  const kernelPrepare = () => kernel.prepare('int16', raw, pixels, bias, dark, out, 32768, 1, 1.5);
  line('preparation with the kernel, first call', ms(firstCall(kernelPrepare)));
  line('preparation in JavaScript (copy, decode, calibratePixels), first call', ms(firstCall(javascriptPrepare)));
  line('preparation with the kernel, warmed', ms(best(kernelPrepare)));
  line('preparation in JavaScript, warmed', ms(best(javascriptPrepare)));

  const collecting = createStatisticsKernel(memory, statsScratch, (16 << 20) - STATISTICS_SCRATCH_BYTES)!;
  const noRoom = createStatisticsKernel(memory, statsScratch)!;
  const counts = () => histogram(prepared, HISTOGRAM_KERNEL_MAX_BINS, 18000, 20000, collecting);
  const median = () => medianByKernel(prepared, collecting);
  line('exact median with the kernel (summary, rank bins, collect), first call', ms(firstCall(median)));
  line(`histogram ${HISTOGRAM_KERNEL_MAX_BINS} bins with the kernel (the counting pass before), first call`, ms(firstCall(counts)));
  line('exact median with the kernel, warmed', ms(best(median)));
  line('exact median, values collected in JavaScript, warmed', ms(best(() => medianByKernel(prepared, noRoom))));
  line(`histogram ${HISTOGRAM_KERNEL_MAX_BINS} bins with the kernel, warmed`, ms(best(counts)));
  line('exact median in JavaScript (medianLowMemory), warmed', ms(best(() => medianLowMemory(prepared))));
}
