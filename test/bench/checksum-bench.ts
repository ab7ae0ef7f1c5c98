/**
 * What the input and output checksums cost the light stage (pixels-bench.ts --only=checksum).
 * The harness is calibrate-in-arena's loop over one 16-bit light in one shared memory: the light
 * kernel alone (one call, then in the worker's 16384-pixel chunks), the chunks with both
 * checksums summed right after each chunk (what a worker does), the same checksums as separate
 * passes over memory, and for comparison node's zlib.crc32 and sha256 over the same bytes
 * (the raw data unit and the output file). The light stage is one worker's whole frame: the raw
 * bytes read from the page cache, calibrated with the checksums, the output written as a run
 * writes it by default (O_DIRECT where the filesystem takes it, through its partial file).
 * Medians of interleaved rounds, one thread. The target (under 5 % of the light stage's
 * throughput) is judged by `npm run bench` part H, which takes these figures against the
 * milliseconds a worker spends per light in a run (checksum-cost.ts).
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { writeImageAtomicSync, DIRECT_IO_ALIGN, directIoByDefault } from '../../electron/outputs/direct-write';
import { createCalibrateKernel } from '../../shared/pixels/calibrate-simd';
import { StreamChecksum } from '../../shared/pixels/checksum';
import { checksumInMemory } from '../../shared/pixels/checksum-simd';
import { createSharedMemory, WASM_PAGE_BYTES } from '../../shared/pixels/wasm-api';
import { makeRandom } from '../shared/pixels/seeded-random';
import { busyCpuSeconds } from './settle';

/** As calibrate-in-arena.ts: pixels per kernel call. */
const CHUNK_PIXELS = 16384;
/** A typical output header: the raw header kept plus NightCal's cards, four FITS blocks. */
const HEADER_BYTES = 4 * 2880;

const align = (n: number, to: number): number => Math.ceil(n / to) * to;
const padded = (n: number): number => align(n, 2880);

/**
 * Milliseconds of each step, medians over `rounds` rounds that run every step once in turn (so
 * that a busy moment of the machine falls on all of them), after warm-ups that let the engine
 * tier the kernels up to optimised code, as it does within a run's first lights. Also the
 * median of the paired differences `with − without` of each round: the checksums' own cost.
 */
function interleaved<K extends string>(
  steps: Record<K, () => void>,
  rounds: number,
  pairs: readonly [NoInfer<K>, NoInfer<K>][],
): { ms: Record<K, number>; best: Record<K, number>; cpuMs: Record<K, number>; cost: number[]; cpuCost: number[] } {
  const names = Object.keys(steps) as K[];
  for (let warm = 0; warm < 8; warm++) for (const name of names) steps[name]();
  const times = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  const cpu = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let r = 0; r < rounds; r++) {
    for (const name of names) {
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      steps[name]();
      times[name].push(Number(process.hrtime.bigint() - t0) / 1e6);
      const used = process.cpuUsage(c0);
      cpu[name].push((used.user + used.system) / 1e3);
    }
  }
  const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1];
  const of = (table: Record<K, number[]>, pick: (values: number[]) => number) => Object.fromEntries(names.map((name) => [name, pick(table[name])])) as Record<K, number>;
  const pairedCost = (table: Record<K, number[]>) => pairs.map(([withIt, without]) => median(table[withIt].map((t, r) => t - table[without][r])));
  return { ms: of(times, median), best: of(times, (values) => Math.min(...values)), cpuMs: of(cpu, median), cost: pairedCost(times), cpuCost: pairedCost(cpu) };
}

export interface ChecksumFigures {
  readonly width: number;
  readonly height: number;
  /** Medians, ms. */
  readonly kernelMs: number;
  readonly chunkedMs: number;
  readonly withChecksumsMs: number;
  readonly separatePassesMs: number;
  readonly crc32Ms: number;
  readonly sha256Ms: number;
  readonly javascriptMs: number;
  readonly lightStageMs: number;
  readonly lightStageWithoutMs: number;
  /** Median of the rounds' paired differences: with the checksums less without, in the kernel's loop and in the light stage. */
  readonly checksumCostMs: number;
  readonly lightStageCostMs: number;
  /** The same differences in CPU time (this process's): time the thread was not running does not count. */
  readonly checksumCpuCostMs: number;
  readonly lightStageCpuCostMs: number;
  /** Median CPU time of the light stage without the checksums. */
  readonly lightStageCpuMs: number;
  /** Fastest rounds, ms: the kernel in chunks without and with the checksums, the light stage without and with. */
  readonly best: { readonly chunked: number; readonly withChecksums: number; readonly stageWithout: number; readonly stage: number };
  readonly direct: boolean;
  /** Cores other processes kept busy while this size was measured, on average. */
  readonly otherCores: number;
}

export function benchChecksums(width: number, height: number, rounds: number): ChecksumFigures | null {
  const n = width * height;
  const rawBytes = n * 2;
  const dataBytes = padded(n * 4);
  // [scratch 64][raw][bias][dark][flat][image: header, data, a block to spare], the image block-aligned.
  const scratch = 0;
  const raw = 64;
  const bias = align(raw + rawBytes, 64);
  const dark = bias + n * 4;
  const flat = dark + n * 4;
  const image = align(flat + n * 4, DIRECT_IO_ALIGN);
  const out = image + HEADER_BYTES;
  const end = out + dataBytes + DIRECT_IO_ALIGN;
  const memory = createSharedMemory(Math.ceil(end / WASM_PAGE_BYTES));
  const kernel = memory && createCalibrateKernel(memory);
  if (!memory || !kernel) return null;
  const buffer = memory.buffer as SharedArrayBuffer;
  const random = makeRandom(17);
  const view = new DataView(buffer);
  for (let i = 0; i < n; i++) view.setInt16(raw + 2 * i, 1200 + Math.floor(random() * 3000) - 32768, false);
  new Float32Array(buffer, bias, n).fill(1000);
  new Float32Array(buffer, dark, n).fill(3);
  new Float32Array(buffer, flat, n).fill(0.97);
  const header = Buffer.from(buffer, image, HEADER_BYTES).fill(0x20);
  const rawView = new Uint8Array(buffer, raw, rawBytes);
  const fileView = new Uint8Array(buffer, image, HEADER_BYTES + dataBytes);

  const calibrateChunk = (start: number, count: number): void =>
    kernel.calibrate16(raw + start * 2, count, bias + start * 4, dark + start * 4, flat + start * 4, out + start * 4, 32768, 1, 1.5);
  const kernelWhole = (): void => kernel.calibrate16(raw, n, bias, dark, flat, out, 32768, 1, 1.5);
  const chunked = (): void => {
    for (let start = 0; start < n; start += CHUNK_PIXELS) calibrateChunk(start, Math.min(CHUNK_PIXELS, n - start));
  };
  // calibrate-in-arena.ts's loop: each chunk's raw and output bytes summed while in cache.
  const withChecksums = (): [string, string] => {
    new Uint8Array(buffer, out + n * 4, dataBytes - n * 4).fill(0);
    const input = new StreamChecksum();
    const output = new StreamChecksum().update(header);
    for (let start = 0; start < n; start += CHUNK_PIXELS) {
      const count = Math.min(CHUNK_PIXELS, n - start);
      calibrateChunk(start, count);
      checksumInMemory(kernel.checksum, memory, raw + start * 2, count * 2, scratch, input);
      const stop = start + count === n ? Math.ceil((n * 4) / 16) * 16 : (start + count) * 4;
      checksumInMemory(kernel.checksum, memory, out + start * 4, stop - start * 4, scratch + 32, output);
    }
    output.updateZeros(dataBytes - Math.ceil((n * 4) / 16) * 16);
    return [input.digest(), output.digest()];
  };
  const separatePasses = (): void => {
    checksumInMemory(kernel.checksum, memory, raw, rawBytes, scratch, new StreamChecksum());
    checksumInMemory(kernel.checksum, memory, image, HEADER_BYTES + dataBytes, scratch + 32, new StreamChecksum());
  };
  // The kernel's sums are the definition's (checksum.ts), or the comparison means nothing.
  const [inputSum, outputSum] = withChecksums();
  if (inputSum !== new StreamChecksum().update(rawView).digest() || outputSum !== new StreamChecksum().update(fileView).digest()) {
    throw new Error('checksum bench: the kernel’s checksums differ from StreamChecksum’s');
  }

  const dir = mkdtempSync(join(tmpdir(), 'nightcal-checksum-bench-'));
  try {
    const rawFile = join(dir, 'light.fits');
    writeFileSync(rawFile, Buffer.concat([Buffer.alloc(2880, 0x20), Buffer.from(rawView), Buffer.alloc(padded(rawBytes) - rawBytes)]));
    const outFile = join(dir, 'light-out.fits');
    const direct = directIoByDefault();
    let mode = '';
    const lightStage = (calibrate: () => void) => (): void => {
      const fd = openSync(rawFile, 'r');
      try {
        for (let got = 0; got < rawBytes; ) got += readSync(fd, rawView, got, rawBytes - got, 2880 + got);
      } finally {
        closeSync(fd);
      }
      calibrate();
      rmSync(outFile, { force: true });
      mode = writeImageAtomicSync(outFile, Buffer.from(buffer, image, end - image), HEADER_BYTES + dataBytes, { direct });
    };
    const [busyBefore, ownBefore, wallBefore] = [busyCpuSeconds(), process.cpuUsage(), performance.now()];
    const { ms, best, cpuMs, cost, cpuCost } = interleaved(
      {
        kernel: kernelWhole,
        chunked,
        withChecksums,
        separatePasses,
        crc32: () => void (crc32(rawView) + crc32(fileView)),
        sha256: () => void [createHash('sha256').update(rawView).digest(), createHash('sha256').update(fileView).digest()],
        javascript: () => void [new StreamChecksum().update(rawView).digest(), new StreamChecksum().update(fileView).digest()],
        stageWithout: lightStage(chunked),
        stage: lightStage(withChecksums),
      },
      rounds,
      [['withChecksums', 'chunked'], ['stage', 'stageWithout']],
    );
    const own = process.cpuUsage(ownBefore);
    const otherCores = Math.max(0, (busyCpuSeconds() - busyBefore - (own.user + own.system) / 1e6) / ((performance.now() - wallBefore) / 1000));
    return {
      width,
      height,
      kernelMs: ms.kernel,
      chunkedMs: ms.chunked,
      withChecksumsMs: ms.withChecksums,
      separatePassesMs: ms.separatePasses,
      crc32Ms: ms.crc32,
      sha256Ms: ms.sha256,
      javascriptMs: ms.javascript,
      lightStageMs: ms.stage,
      lightStageWithoutMs: ms.stageWithout,
      checksumCostMs: cost[0],
      lightStageCostMs: cost[1],
      checksumCpuCostMs: cpuCost[0],
      lightStageCpuCostMs: cpuCost[1],
      lightStageCpuMs: cpuMs.stageWithout,
      best: { chunked: best.chunked, withChecksums: best.withChecksums, stageWithout: best.stageWithout, stage: best.stage },
      direct: mode === 'direct',
      otherCores,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function checksumSection(quick: boolean, line: (label: string, text: string) => void): void {
  console.log('\nChecksums of the light stage (16-bit lights, bias + dark + flat; input data unit and whole output file summed)');
  console.log(`(medians of interleaved rounds; ${availableParallelism()} cores, load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
  const sizes: [number, number][] = quick ? [[2048, 2048]] : [[2048, 2048], [6248, 4176]];
  for (const [width, height] of sizes) {
    const f = benchChecksums(width, height, quick ? 5 : width * height > 2 ** 23 ? 11 : 31);
    if (f === null) {
      console.log('WebAssembly SIMD with shared memory is not available in this Node: nothing to measure');
      return;
    }
    const ms = (value: number): string => `${value.toFixed(2)} ms`;
    const cost = f.checksumCostMs;
    const mb = ((f.width * f.height * 6) / 1e6).toFixed(1);
    console.log(`${width}×${height} (${mb} MB summed per light; other processes kept ${f.otherCores.toFixed(2)} cores busy meanwhile)`);
    line('  light kernel alone, one call', ms(f.kernelMs));
    line('  light kernel in 16384-pixel chunks', ms(f.chunkedMs));
    line('  chunks + both checksums (as calibrate-in-arena)', `${ms(f.withChecksumsMs)}: the checksums cost ${ms(cost)} (median of paired rounds), ${((100 * cost) / f.chunkedMs).toFixed(1)} % of the kernel`);
    line('    fastest rounds: chunks without / with the checksums', `${ms(f.best.chunked)} / ${ms(f.best.withChecksums)}; in CPU time the checksums cost ${ms(f.checksumCpuCostMs)}`);
    line('  the same checksums as separate passes', ms(f.separatePassesMs));
    line('  for comparison: zlib.crc32 of the same bytes', ms(f.crc32Ms));
    line('  for comparison: sha256 of the same bytes', ms(f.sha256Ms));
    line('  for comparison: the checksum in JavaScript', ms(f.javascriptMs));
    line(`  light stage, one thread (read cached, calibrate, write ${f.direct ? 'O_DIRECT' : 'buffered'}), without the checksums`, `${ms(f.lightStageWithoutMs)} (fastest ${ms(f.best.stageWithout)}), CPU ${ms(f.lightStageCpuMs)}`);
    line('  the same with the checksums', `${ms(f.lightStageMs)} (fastest ${ms(f.best.stage)}): +${ms(f.lightStageCostMs)} wall, +${ms(f.lightStageCpuCostMs)} CPU (medians of paired rounds)`);
    // CPU time is what two busy cores trade for throughput, and what other processes do not blur.
    const cpuShare = (100 * Math.max(f.checksumCpuCostMs, f.lightStageCpuCostMs)) / f.lightStageCpuMs;
    const wallShare = (100 * Math.max(cost, f.lightStageCostMs)) / f.lightStageWithoutMs;
    // The target (< 5 % of the light stage's throughput) is judged in `npm run bench` part H, against a run's light stage.
    line('  the checksums\' share of this bare light stage', `${cpuShare.toFixed(1)} % of its CPU time, ${wallShare.toFixed(1)} % of its wall time (a run's light stage: npm run bench, part H)`);
  }
}
