/**
 * FITS I/O benchmark: `node --import tsx test/bench/fits-io-bench.ts`.
 *
 * Reading: a 4096² and a 2048² unsigned 16-bit frame (BITPIX 16, BZERO 32768), fitsjs-ng's
 * parse + getFrame(0) (and + conversion to float32, which the pipeline needs) against our readFitsHeaderSync + readImageSync into a reused buffer.
 * Writing: the same size as float32, fitsjs-ng's createImageBytesFromArray + createImageHDU + writeFITS + one write
 * against our encodeFloat32Image + one writev (fresh and reused data buffer). Median of 5 runs each, after a warm-up, on a
 * file in the OS cache. These figures are why electron/fits/ has its own reader and writer.
 */
import { closeSync, mkdirSync, openAsBlob, openSync, rmSync, writeFileSync, writeSync, writevSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createImageBytesFromArray, createImageHDU, FITS, Image, writeFITS } from 'fitsjs-ng';
import { readFitsHeaderSync } from '../../electron/fits/read-header';
import { createPixelBuffers, readImageSync } from '../../electron/fits/read-pixels';
import { encodeFloat32Image, encodeUint16Image, formatCard } from '../../electron/fits/write-fits';

const RUNS = 5;
const folder = join(tmpdir(), `nightcal-fits-bench-${process.pid}`);

async function median(run: () => unknown): Promise<number> {
  await run(); // warm-up: JIT, page cache, first-touch of reused buffers
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

/** Camera-like 16-bit values: a level, a gradient and noise. */
function cameraFrame(size: number): Float32Array {
  const values = new Float32Array(size * size);
  let state = 2463534242;
  for (let i = 0; i < values.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    values[i] = 1000 + (i % size) * 0.01 + ((state >>> 0) % 200);
  }
  return values;
}

const line = (label: string, ms: number): string => `  ${label.padEnd(50)} ${ms.toFixed(1).padStart(8)} ms`;

async function benchRead(size: number): Promise<void> {
  const path = join(folder, `frame-${size}.fits`);
  const values = cameraFrame(size);
  writeFileSync(path, Buffer.concat(encodeUint16Image([formatCard('IMAGETYP', 'Light Frame')], size, size, values)));

  const fitsjs = await median(async () => {
    const fits = await FITS.fromBlob(await openAsBlob(path), { onWarning: () => undefined });
    const image = fits.getDataUnit() as Image;
    return image.getFrame(0);
  });
  // What the pipeline needs is float32: getFrame gives Int32Array for BZERO 32768, still to convert.
  const fitsjsFloat = await median(async () => {
    const fits = await FITS.fromBlob(await openAsBlob(path), { onWarning: () => undefined });
    return Float32Array.from((await (fits.getDataUnit() as Image).getFrame(0)) as Int32Array);
  });
  const buffers = createPixelBuffers();
  let out: Float32Array | null = null;
  const hand = await median(() => {
    out = readImageSync(readFitsHeaderSync(path), out, buffers);
  });
  console.log(`read ${size}×${size} int16 (${((size * size * 2) / 1e6).toFixed(1)} MB)`);
  console.log(line('fitsjs-ng fromBlob + getFrame(0)', fitsjs));
  console.log(line('fitsjs-ng fromBlob + getFrame(0) + to Float32Array', fitsjsFloat));
  console.log(line('hand readFitsHeaderSync + readImageSync', hand));
  console.log(`  ratio ${(fitsjs / hand).toFixed(1)}× (getFrame), ${(fitsjsFloat / hand).toFixed(1)}× (to float32)`);
}

async function benchWrite(size: number): Promise<void> {
  const pixels = cameraFrame(size);
  const path = join(folder, `written-${size}.fits`);
  const fitsjs = await median(() => {
    const data = createImageBytesFromArray(pixels, -32);
    const bytes = writeFITS([createImageHDU({ primary: true, width: size, height: size, bitpix: -32, data })]);
    const fd = openSync(path, 'w');
    writeSync(fd, new Uint8Array(bytes));
    closeSync(fd);
  });
  const writeOurs = (target?: Buffer): void => {
    const chunks = encodeFloat32Image([formatCard('IMAGETYP', 'Light Frame')], size, size, pixels, target);
    const fd = openSync(path, 'w');
    writevSync(fd, chunks);
    closeSync(fd);
  };
  const fresh = await median(() => writeOurs());
  // Workers keep one grow-only encode buffer for the whole run.
  const target = Buffer.allocUnsafeSlow(Math.ceil((size * size * 4) / 2880) * 2880);
  const ours = await median(() => writeOurs(target));
  console.log(`write ${size}×${size} float32 (${((size * size * 4) / 1e6).toFixed(1)} MB)`);
  console.log(line('fitsjs-ng bytes + createImageHDU + writeFITS', fitsjs));
  console.log(line('encodeFloat32Image + one writev, fresh buffer', fresh));
  console.log(line('encodeFloat32Image + one writev, reused buffer', ours));
  console.log(`  ratio ${(fitsjs / ours).toFixed(1)}× (reused), ${(fitsjs / fresh).toFixed(1)}× (fresh)`);
}

async function main(): Promise<void> {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  try {
    console.log(`FITS I/O, median of ${RUNS} runs, Node ${process.version}`);
    for (const size of [4096, 2048]) await benchRead(size);
    for (const size of [4096, 2048]) await benchWrite(size);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

await main();
