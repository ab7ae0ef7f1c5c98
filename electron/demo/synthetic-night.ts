/**
 * A synthetic night with known truth, for `nightcal demo`, the app's demo button, tests and
 * benchmarks: Bias/, Darks/, Flats/ and Lights/ of 16-bit frames as a MaxIm DL camera writes
 * them, plus `_truth/` (bias, dark rate and flats as float32, and the model's constants),
 * which carries the output marker so the scan never takes it for frames.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEMO_DEFAULT_COUNTS, REQUEST_LIMITS } from '../../shared/request-limits';
import { writeFileAtomicSync } from '../outputs/atomic-write';
import { OUTPUT_MARKER_FILE } from '../outputs/output-marker';
import { encodeFloat32Image, encodeUint16Image, formatCard } from '../fits/write-fits';
import { paddedSize } from '../fits/image-layout';
import { addStars, DEMO_MODEL, drawTruth, type DemoTruth } from './demo-model';
import { demoFrameCards, planDemoFrames, type DemoFrame } from './demo-schedule';
import { exposeFrame } from './expose-frame';
import { conditionOf, isClear, type LightCondition } from './light-conditions';
import { SeededRandom } from './seeded-random';

export { DEMO_MODEL } from './demo-model';
export type { LightCondition } from './light-conditions';

/** What to write; every field has a default. */
export interface DemoNightOptions {
  /** Width and height of the frames in pixels (default 512). */
  size?: number;
  /** Light frames, split into one block per filter (default 24). */
  lights?: number;
  biasFrames?: number;
  darkFrames?: number;
  flatsPerFilter?: number;
  /** Filter names (default ['L', 'R']). */
  filters?: readonly string[];
  /** Same seed, same bytes (default 1). */
  seed?: number;
  /**
   * The seeing and sky of each light, by its index among the lights (light-conditions.ts); a light
   * without one is taken under the clear default sky, so the default night stays byte for byte.
   */
  lightConditions?: readonly (LightCondition | null | undefined)[];
  /** Hears each frame written: how many of how many (a demo of 200 2048² frames takes a minute). */
  onProgress?: (written: number, total: number) => void;
}

/** Where the night was written and how many frames it has. */
export interface DemoNightResult {
  /** The night folder. */
  dir: string;
  /** Raw frames written (the truth files not counted). */
  files: number;
  /** The folder of truth files, which the scan skips. */
  truthDir: string;
}

const TRUTH_FOLDER = '_truth';
const FRAME_FOLDERS = ['Bias', 'Darks', 'Flats', 'Lights'] as const;
const DEMO_FOLDERS = [...FRAME_FOLDERS, TRUTH_FOLDER] as const;

/**
 * Write a synthetic night into `dir` (created; a previous demo night there is replaced).
 * `signal` is checked between frames; when it aborts, or a write fails, the frame folders
 * are removed again, so a half-written night is never taken for a finished one (`_truth/`
 * stays: it marks the folder as a demo's, which the next demo night may replace).
 */
export async function writeDemoNight(dir: string, options: DemoNightOptions = {}, signal?: AbortSignal): Promise<DemoNightResult> {
  const settings = resolveOptions(options);
  signal?.throwIfAborted();
  prepareFolder(dir);
  try {
    return await writeFrames(dir, settings, signal);
  } catch (error) {
    removeFolders(dir, FRAME_FOLDERS);
    throw error;
  }
}

async function writeFrames(dir: string, settings: DemoSettings, signal: AbortSignal | undefined): Promise<DemoNightResult> {
  const truth = drawTruth(settings.size, settings.filters, settings.seed);
  const frames = planDemoFrames({ ...settings, filters: truth.filters });
  const truthDir = join(dir, TRUTH_FOLDER);
  writeTruth(truthDir, truth, settings, frames);

  const pixels = settings.size * settings.size;
  const frame = new Float32Array(pixels);
  const scene = new Float32Array(pixels);
  const encoded = Buffer.allocUnsafeSlow(paddedSize(pixels * 2));
  for (const [index, plan] of frames.entries()) {
    signal?.throwIfAborted();
    drawFrame(frame, scene, truth, plan, settings);
    const chunks = encodeUint16Image(demoFrameCards(plan), settings.size, settings.size, frame, encoded);
    writeDemoFile(join(dir, ...plan.relativePath.split('/')), chunks);
    settings.onProgress?.(index + 1, frames.length);
    // Let the event loop breathe between frames: the desktop app calls this from its main process.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { dir, files: frames.length, truthDir };
}

interface DemoSettings {
  readonly size: number;
  readonly lights: number;
  readonly biasFrames: number;
  readonly darkFrames: number;
  readonly flatsPerFilter: number;
  readonly filters: readonly string[];
  readonly seed: number;
  readonly lightConditions?: readonly (LightCondition | null | undefined)[];
  readonly onProgress?: (written: number, total: number) => void;
}

function resolveOptions(options: DemoNightOptions): DemoSettings {
  const count = (name: keyof DemoNightOptions, fallback: number, min: number, max: number): number => {
    const value = options[name] ?? fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new RangeError(`demo night: ${name} must be a whole number from ${min} to ${max}, not ${String(value)}`);
    }
    return value;
  };
  const filters = options.filters ?? DEMO_DEFAULT_COUNTS.filters;
  const suffixes = new Set(filters.map((f) => f.replace(/[^A-Za-z0-9]/g, '')));
  if (filters.length === 0 || filters.length > 8 || suffixes.size !== filters.length || filters.some((f) => f.trim() === '')) {
    throw new RangeError(`demo night: filters must be 1 to 8 distinct names, not ${JSON.stringify(filters)}`);
  }
  const lights = count('lights', REQUEST_LIMITS.demoLights.default, 0, 5000);
  for (let i = 0; i < lights; i++) conditionOf(options.lightConditions, i); // a bad factor fails before anything is written
  return {
    size: count('size', REQUEST_LIMITS.demoSize.default, 16, 8192),
    lights,
    biasFrames: count('biasFrames', DEMO_DEFAULT_COUNTS.biasFrames, 0, 1000),
    darkFrames: count('darkFrames', DEMO_DEFAULT_COUNTS.darkFrames, 0, 1000),
    flatsPerFilter: count('flatsPerFilter', DEMO_DEFAULT_COUNTS.flatsPerFilter, 0, 1000),
    filters,
    seed: count('seed', REQUEST_LIMITS.demoSeed.default, 0, 2 ** 32 - 1),
    lightConditions: options.lightConditions,
    onProgress: options.onProgress,
  };
}

/** Create the folder, or clear a previous demo night from it; never touch a folder of other files. */
function prepareFolder(dir: string): void {
  if (existsSync(dir)) {
    const entries = readdirSync(dir);
    const previousDemo = existsSync(join(dir, TRUTH_FOLDER, 'model.json'));
    if (entries.length > 0 && !previousDemo) {
      throw new Error(`${dir}: not empty and not a demo night; choose an empty folder for the demo night`);
    }
    removeFolders(dir, DEMO_FOLDERS);
  }
}

/**
 * One file of the demo night, atomically. The demo makes its own folders (prepareFolder has
 * emptied them or found the folder empty): it writes a night, not a run's outputs.
 */
function writeDemoFile(path: string, chunks: readonly Uint8Array[]): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomicSync(path, chunks);
}

/** Removes folders the demo itself writes (outputs of earlier runs beside them stay). */
function removeFolders(dir: string, folders: readonly string[]): void {
  for (const folder of folders) rmSync(join(dir, folder), { recursive: true, force: true });
}

function drawFrame(out: Float32Array, scene: Float32Array, truth: DemoTruth, plan: DemoFrame, settings: DemoSettings): void {
  const random = new SeededRandom(settings.seed, plan.stream);
  const flat = plan.filter === null ? null : truth.flats.get(plan.filter.name) ?? null;
  if (plan.kind === 'bias' || plan.kind === 'dark') {
    exposeFrame(out, truth, { seconds: plan.seconds, light: 0, flat: null }, random);
  } else if (plan.kind === 'flat') {
    exposeFrame(out, truth, { seconds: plan.seconds, light: plan.filter!.flatLevel, flat }, random);
  } else {
    const progress = settings.lights > 1 ? plan.lightIndex / (settings.lights - 1) : 0;
    const dx = DEMO_MODEL.driftX * progress + DEMO_MODEL.driftJitter * random.normal();
    const dy = DEMO_MODEL.driftY * progress + DEMO_MODEL.driftJitter * random.normal();
    const condition = conditionOf(settings.lightConditions, plan.lightIndex);
    scene.fill(plan.filter!.skyLevel * condition.skyFactor);
    addStars(scene, truth.size, truth.stars, dx, dy, plan.filter!.starScale * condition.starFluxFactor, DEMO_MODEL.starSigma * condition.fwhmFactor);
    exposeFrame(out, truth, { seconds: plan.seconds, light: scene, flat }, random);
  }
}

function writeTruth(truthDir: string, truth: DemoTruth, settings: DemoSettings, frames: readonly DemoFrame[]): void {
  const note = formatCard('COMMENT', 'NightCal demo night: the truth its frames were drawn from');
  const writeImage = (name: string, data: Float32Array, cards: readonly string[]): void => {
    writeDemoFile(join(truthDir, name), encodeFloat32Image([...cards, note], truth.size, truth.size, data));
  };
  writeImage('bias.fits', truth.bias, [formatCard('IMAGETYP', 'TRUTH BIAS'), formatCard('BUNIT', 'ADU')]);
  writeImage('dark_rate.fits', truth.darkRate, [formatCard('IMAGETYP', 'TRUTH DARK RATE'), formatCard('BUNIT', 'ADU/s')]);
  for (const [filter, flat] of truth.flats) {
    writeImage(`flat_${filter}.fits`, flat, [formatCard('IMAGETYP', 'TRUTH FLAT'), formatCard('FILTER', filter), formatCard('COMMENT', 'normalised to median 1')]);
  }
  const model = {
    ...DEMO_MODEL,
    seed: settings.seed,
    size: settings.size,
    counts: { biasFrames: settings.biasFrames, darkFrames: settings.darkFrames, flatsPerFilter: settings.flatsPerFilter, lights: settings.lights },
    filters: truth.filters,
    stars: truth.stars.length,
    hotPixels: truth.darkRate.reduce((n, rate) => (rate > DEMO_MODEL.darkRate ? n + 1 : n), 0),
    frames: frames.map((f) => {
      const frame = { path: f.relativePath, kind: f.kind, filter: f.filter?.name ?? null, exposure: f.seconds, dateObs: f.dateObs };
      // a light's seeing and sky when they are not the clear default's (the default night stays as it was)
      const condition = f.kind === 'light' ? conditionOf(settings.lightConditions, f.lightIndex) : null;
      return condition && !isClear(condition) ? { ...frame, condition } : frame;
    }),
  };
  writeDemoFile(join(truthDir, 'model.json'), [Buffer.from(`${JSON.stringify(model, null, 2)}\n`)]);
  writeDemoFile(join(truthDir, OUTPUT_MARKER_FILE), [Buffer.from('NightCal demo night ground truth: not raw frames.\n')]);
}
