/**
 * Where a light's measurement spends its time, phase by phase, as a worker sees the light: the
 * calibrated pixels big-endian in a shared WebAssembly memory (as the light kernel leaves them in
 * a slot), the raw 16-bit values beside them, a star field like part G's (Gaussian stars σ 1.3 px,
 * 300 per 512², a power law of flux over a sky of 300 ADU). One thread: the first call (cold code,
 * as a worker's first light) and the best of N, in CPU ms.
 *
 *   node --import tsx test/bench/quality-phases.ts [--rounds=N] [--sizes=2048x2048,6248x4176]
 */
import { median } from '../../shared/pixels/statistics';
import { createSharedMemory, WASM_PAGE_BYTES } from '../../shared/pixels/wasm-api';
import { countStars, noRejections } from '../../shared/quality/count-stars';
import { findCandidates } from '../../shared/quality/detect-stars';
import { measureFrame } from '../../shared/quality/measure-frame';
import { wasmPixelRows, wasmRawRows } from '../../shared/quality/pixel-rows';
import { measurePsfStars, peakPerTemplateAmplitude } from '../../shared/quality/psf-stars';
import { psfTemplate } from '../../shared/quality/psf-template';
import { saturatedFraction, touchesLevel } from '../../shared/quality/saturation';
import { measureSky } from '../../shared/quality/sky-mesh';
import { seededNormal } from '../support/seeded-normal';

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const rounds = Number(arg('rounds', '7'));
const sizes = arg('sizes', '2048x2048,6248x4176').split(',').map((s) => s.split('x').map(Number) as [number, number]);
const SCRATCH = 1024 * 1024;

/** Part G's light: calibrated (sky 300 + stars + noise) and raw (+1003), both big-endian in one shared memory. */
function benchLight(width: number, height: number) {
  const pixels = width * height;
  const bytes = 4 * pixels + 2 * pixels + SCRATCH + 64;
  const memory = createSharedMemory(Math.ceil(bytes / WASM_PAGE_BYTES) + 1);
  if (memory === null) throw new Error('no shared WebAssembly memory here');
  const data = new Uint8Array(memory.buffer, 0, 4 * pixels);
  const raw = new Uint8Array(memory.buffer, 4 * pixels, 2 * pixels);
  const scratch = 6 * pixels + 64;
  const normal = seededNormal(4176);
  const uniform = seededNormal(6248);
  const random = () => 0.5 + Math.atan(uniform()) / Math.PI;
  const scene = new Float32Array(pixels);
  const sigma = 1.3;
  const stars = Math.round((300 * pixels) / (512 * 512));
  for (let s = 0; s < stars; s++) {
    const x = random() * width;
    const y = random() * height;
    const peak = Math.min(250000, 1500 * random() ** (-1 / 1.2)) / (2 * Math.PI * sigma * sigma);
    for (let yy = Math.max(0, Math.floor(y - 5)); yy <= Math.min(height - 1, Math.ceil(y + 5)); yy++) {
      for (let xx = Math.max(0, Math.floor(x - 5)); xx <= Math.min(width - 1, Math.ceil(x + 5)); xx++) {
        scene[yy * width + xx] += peak * Math.exp(-((xx - x) ** 2 + (yy - y) ** 2) / (2 * sigma * sigma));
      }
    }
  }
  const view = new DataView(memory.buffer);
  for (let i = 0; i < pixels; i++) {
    const signal = 300 + scene[i];
    const value = signal + Math.sqrt(25 + signal / 1.5) * normal();
    view.setFloat32(4 * i, value, false);
    view.setInt16(4 * pixels + 2 * i, Math.max(-32768, Math.min(32767, Math.round(value + 1003 - 32768))), false);
  }
  return {
    pixels: wasmPixelRows(data, width, height, { memory, scratch, scratchBytes: SCRATCH }),
    raw: wasmRawRows(raw, width, height, { bitpix: 16, bzero: 32768, bscale: 1 }, memory),
  };
}

/** Best CPU time of `run` in ms (the process's: other processes on the shared cores do not count, their load on the memory bus still does). */
function best(run: () => unknown): number {
  run();
  let fastest = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = process.cpuUsage();
    run();
    const used = process.cpuUsage(t0);
    fastest = Math.min(fastest, (used.user + used.system) / 1e3);
  }
  return fastest;
}

/** CPU ms of the first call of `run` in this thread (cold: what a worker's first lights cost). */
function first(run: () => unknown): number {
  const t0 = process.cpuUsage();
  run();
  const used = process.cpuUsage(t0);
  return (used.user + used.system) / 1e3;
}

for (const [width, height] of sizes) {
  const { pixels, raw } = benchLight(width, height);
  const level = 65535;
  const k = 5;
  const cold = first(() => measureFrame(pixels, width, height, { saturation: { level, raw } }));
  const { mesh } = measureSky(pixels);
  // measureFrame's default search: a tenth of the frame, at most 2²⁰ px (measure-frame.ts)
  const coverage = Math.min(0.1, 2 ** 20 / (width * height));
  const detect = () => findCandidates(pixels, mesh, { bin: 2, threshold: 0.75 * k, coverage, minStars: 100, confirmSignificance: k });
  const detection = detect();
  const candidates = detection.candidates.filter((c) => !c.onStreak).sort((a, b) => b.significance - a.significance);
  const isSaturated = (x: number, y: number, r: number) => touchesLevel(raw, x, y, r, level);
  const fits = () => measurePsfStars(pixels, mesh, candidates, isSaturated, 15, 80);
  const { psf } = fits();
  const template = psfTemplate(median(psf.map((s) => s.moments.cxx)), median(psf.map((s) => s.moments.cyy)), median(psf.map((s) => s.moments.cxy)));
  const gain = peakPerTemplateAmplitude(pixels, mesh, psf, template);
  const phases: [string, number][] = [
    ['sky mesh (level, noise)', best(() => measureSky(pixels))],
    ['saturation fraction', best(() => saturatedFraction(raw, level))],
    ['detection (findCandidates)', best(detect)],
    ['PSF stars (moments, profile fits)', best(fits)],
    ['peak per template amplitude', best(() => peakPerTemplateAmplitude(pixels, mesh, psf, template))],
    ['star count + weight (countStars)', best(() => countStars(pixels, mesh, candidates, template, k / gain, isSaturated, noRejections(), 300))],
  ];
  const whole = best(() => measureFrame(pixels, width, height, { saturation: { level, raw } }));
  const q = measureFrame(pixels, width, height, { saturation: { level, raw } });
  console.log(`\n${width}×${height}: measureFrame ${cold.toFixed(1)} ms first, ${whole.toFixed(1)} ms best of ${rounds} (CPU); ${detection.candidates.length} candidates on ${(100 * detection.coverage).toFixed(0)} %`);
  for (const [name, ms] of phases) console.log(`  ${name.padEnd(40)} ${ms.toFixed(2).padStart(8)} ms`);
  console.log(`  figures: ${q.stars} stars (${q.starsFound} found), FWHM ${q.fwhm?.toFixed(3)}, e ${q.eccentricity?.toFixed(3)}, psf stars ${q.psfStars}, weight ${q.weight?.toPrecision(4)}`);
}
