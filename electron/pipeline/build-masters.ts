/**
 * Masters: every planned master is combined strip by strip, straight from the files, on the
 * worker pool, into its shared buffer (flats are then normalised); then finished (measured) and
 * written.
 * Biases first, darks next (they subtract the bias), flats last (they subtract both).
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CombineMethod, MasterEvent, MasterView } from '../../shared/contract';
import type { MasterKind, MasterPlan, MasterSpec } from '../../shared/night/frames';
import { planStrips } from '../../shared/pixels/strips';
import { RUNTIME_BYTES, RUNTIME_BYTES_PER_WORKER } from '../../shared/pixels/memory-budget';
import { plannedMaster } from '../../shared/run-views';
import type { NightcalError } from '../../shared/errors';
import type { FitsFileInfo } from '../fits/fits-file';
import { readFitsHeader } from '../fits/read-header';
import { OUTPUT_MARKER_FILE } from '../outputs/output-marker';
import { masterFileName, masterPath, MASTERS_FOLDER } from '../outputs/output-paths';
import { ensureOutputFolders } from '../outputs/output-target';
import { removePartialSync, writeFileAtomic } from '../outputs/atomic-write';
import type { CalibrationPool } from '../pool/calibration-pool';
import { pixelsOnly } from '../pool/task-messages';
import { masterCards } from './provenance';
import type { ScannedFrame } from './scan-night';
import { libraryInput } from '../library/library-input';


/** Darks: pixels this many robust sigmas above the median count as hot. */
export const HOT_PIXEL_SIGMA = 5;
/** Bias first, darks and dark flats next (they subtract it), then the fits (from the darks), flats last (they subtract them all). */
const STAGE_OF = (spec: MasterSpec): number => (spec.fit ? 3 : { bias: 0, dark: 1, darkflat: 2, flat: 4 }[spec.kind]);

export interface BuildMastersOptions {
  readonly outputDir: string;
  readonly method: CombineMethod;
  /** Memory for the strip buffers of combining, in bytes, across all workers. */
  readonly memoryBytes: number;
  readonly version: string;
  /** Write the masters around the page cache (O_DIRECT) where the filesystem allows. */
  readonly directIo?: boolean;
  /** A task reading frames that takes longer fails its master (a file on a dead network mount); null: no deadline. */
  readonly ioTimeoutMs?: number | null;
  readonly signal?: AbortSignal;
  readonly onEvent: (event: MasterEvent) => void;
  /**
   * Called once per master as soon as its pixels are final (combined, and normalised for flats),
   * before it is measured and written, so that lights can start with it; or with the reason it
   * failed before that. Not called for masters a cancel stopped.
   */
  readonly onUsable?: (masterId: string, failure: NightcalError | null) => void;
}

export async function buildMasters(
  plan: MasterPlan,
  frames: ReadonlyMap<string, ScannedFrame>,
  pool: CalibrationPool,
  options: BuildMastersOptions,
): Promise<MasterView[]> {
  const views = new Map<string, MasterView>(plan.masters.map((spec) => [spec.id, plannedMaster(spec)]));
  const workDir = join(options.outputDir, '.nightcal-work');
  // `outputDir` is a claimed output folder (outputs/output-folder.ts); its sub-folders are made and checked here.
  ensureOutputFolders(options.outputDir, [join(options.outputDir, MASTERS_FOLDER), workDir]);
  await writeFileAtomic(join(options.outputDir, MASTERS_FOLDER, OUTPUT_MARKER_FILE), '', { replaces: 'run-file' });
  try {
    const inputs = await plainInputs(plan.masters, frames, pool, workDir, options.signal);
    // A master is combined as soon as the masters it subtracts are combined (a flat is also
    // normalised then), and finished (measured, written) while the next ones combine, or while
    // lights use it: finishing only reads its pixels, so no core waits for it.
    const combined = new Map<string, Promise<Combined | Failure>>();
    // Both halves of one fit (bias and rate) wait on the same strips, by the fitted bias's id.
    const fitting = new Map<string, Promise<number>>();
    const finished = new Map<string, Promise<MasterView>>();
    const ordered = [...plan.masters].sort((a, b) => STAGE_OF(a) - STAGE_OF(b));
    for (const spec of ordered) {
      const dependencies = dependenciesOf(spec);
      const combining = (async (): Promise<Combined | Failure> => {
        for (const id of dependencies) {
          if ('error' in ((await combined.get(id)) ?? {})) return { error: dependencyFailed(id) };
        }
        try {
          const result = spec.fit ? await fitOne(spec, plan, pool, options, fitting) : await combineOne(spec, inputs, pool, { ...options, workDir });
          if (spec.normalise) await pool.run({ kind: 'normalise-master', masterId: spec.id, cfa: spec.normalise === 'per-channel' ? spec.bayer : null }, options.signal);
          return result;
        } catch (error) {
          return failure(error, options.signal);
        }
      })();
      combined.set(spec.id, combining);
      combining.then((result) => options.onUsable?.(spec.id, 'error' in result ? result.error : null), () => undefined);
      const finishing = combining.then(async (result): Promise<MasterView> => {
        if ('error' in result) return failedView(spec, result.error);
        for (const id of dependencies) {
          if ((await finished.get(id))?.status === 'failed') return failedView(spec, dependencyFailed(id));
        }
        return finishOne(spec, result, frames, pool, options).catch((error: unknown) => failedView(spec, failure(error, options.signal).error));
      });
      finished.set(
        spec.id,
        Promise.all([combining, finishing]).then(([result, view]) => {
          views.set(spec.id, view);
          const strips = 'strips' in result ? result.strips : 0;
          options.onEvent(masterEvent(view, view.status === 'done' ? strips : 0, strips));
          return view;
        }),
      );
    }
    await Promise.all(finished.values());
  } finally {
    await rm(workDir, { recursive: true, force: true });
    // A cancel stops workers at once; one stopped while writing a master leaves its partial file.
    for (const spec of plan.masters) if (!spec.file) removePartialSync(masterPath(options.outputDir, spec));
  }
  return plan.masters.map((spec) => views.get(spec.id)!);
}

/** A master combined into its shared buffer, not yet finished. */
interface Combined {
  readonly started: number;
  readonly strips: number;
  readonly frameScales: readonly number[] | null;
  /** Strips per kernel (null: fitted, not combined). */
  readonly kernels: Readonly<Record<'wasm-simd' | 'javascript', number>> | null;
}

interface Failure {
  readonly error: NightcalError;
}

/** An error as a master's failure; a cancel is thrown on, not recorded. */
function failure(error: unknown, signal: AbortSignal | undefined): Failure {
  if (signal?.aborted) throw error;
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) {
    return { error: { code: 'timeout', message: 'a worker reading its frames gave no answer within the I/O deadline (--io-timeout): is a disk or network share not responding?' } };
  }
  return { error: { code: 'master-failed', message: error instanceof Error ? error.message : String(error) } };
}

/** The I/O deadline of a task that reads frames (the pool counts it from when a worker takes the task). */
function readingDeadline(options: BuildMastersOptions): number | null {
  return options.ioTimeoutMs || null;
}

function dependencyFailed(masterId: string): NightcalError {
  return { code: 'master-failed', message: `needs master ${masterId}, which failed` };
}

async function combineOne(
  spec: MasterSpec,
  inputs: ReadonlyMap<string, FitsFileInfo>,
  pool: CalibrationPool,
  options: BuildMastersOptions & { readonly workDir: string },
): Promise<Combined> {
  const started = performance.now();
  // A library's master is read as it is: one frame, nothing subtracted (a flat is normalised after).
  const files = spec.file ? [await libraryInput(spec, pool, options.workDir, options.signal)] : spec.frameIds.map((id) => inputs.get(id)!);
  const preparations = spec.file ? [AS_IT_IS] : spec.preparations;
  const { strips } = planStrips({
    width: spec.width,
    height: spec.height,
    frameCount: files.length,
    workers: pool.workers,
    budgetBytes: options.memoryBytes,
    bytesPerRawPixel: Math.max(...files.map((file) => Math.abs(file.layout.bitpix) / 8)),
    fixedBytes: RUNTIME_BYTES + RUNTIME_BYTES_PER_WORKER * pool.workers + sharedMasterBytes(pool),
  });
  let stripsDone = 0;
  const kernels = { 'wasm-simd': 0, javascript: 0 };
  options.onEvent(masterEvent({ ...plannedMaster(spec), status: 'building' }, 0, strips.length));

  const frameScales = spec.normalise && !spec.file
    ? await Promise.all(
        files.map(async (frame, index) => {
          const { median } = await pool.run({ kind: 'frame-median', frame, preparation: preparations[index] }, options.signal, readingDeadline(options));
          if (!(median > 0)) throw new Error(`${frame.path}: median ${median} after subtraction; a flat must be exposed`);
          return 1 / median;
        }),
      )
    : null;

  await Promise.all(
    strips.map(async (strip) => {
      const { kernel } = await pool.run({ kind: 'combine-strip', masterId: spec.id, frames: files, preparations, ...strip, method: options.method, frameScales }, options.signal, readingDeadline(options));
      kernels[kernel] += 1;
      stripsDone += 1;
      options.onEvent(masterEvent({ ...plannedMaster(spec), status: 'building' }, stripsDone, strips.length));
    }),
  );
  return { started, strips: strips.length, frameScales, kernels };
}

/**
 * A fitted bias or dark-current rate: both are fitted together, in strips, when the first of
 * the two is reached; the second finds its pixels already final.
 */
async function fitOne(spec: MasterSpec, plan: MasterPlan, pool: CalibrationPool, options: BuildMastersOptions, fits: Map<string, Promise<number>>): Promise<Combined> {
  const started = performance.now();
  const fit = spec.fit!;
  const partner = plan.masters.find((m) => m.fit && m.id !== spec.id && m.fit.darkIds.join() === fit.darkIds.join());
  if (!partner) throw new Error(`bug: the fitted master ${spec.id} has no partner`);
  const biasId = fit.part === 'bias' ? spec.id : partner.id;
  const rateId = fit.part === 'rate' ? spec.id : partner.id;
  let fitting = fits.get(biasId);
  if (!fitting) {
    const exposures = fit.darkIds.map((id) => plan.masters.find((m) => m.id === id)!.exposure!);
    const rows = Math.max(1, Math.ceil(spec.height / (pool.workers * 4)));
    const strips = Array.from({ length: Math.ceil(spec.height / rows) }, (_, i) => ({ rowStart: i * rows, rowCount: Math.min(rows, spec.height - i * rows) }));
    fitting = Promise.all(strips.map((strip) => pool.run({ kind: 'fit-darks', darkIds: fit.darkIds, exposures, biasId, rateId, ...strip }, options.signal))).then(() => strips.length);
    fits.set(biasId, fitting);
  }
  const strips = await fitting;
  options.onEvent(masterEvent({ ...plannedMaster(spec), status: 'building' }, strips, strips));
  return { started, strips, frameScales: null, kernels: null };
}

/** The masters a master needs final before it can be combined. */
function dependenciesOf(spec: MasterSpec): string[] {
  const ids = new Set<string>(spec.fit?.darkIds ?? []);
  for (const preparation of spec.preparations) for (const id of [preparation.biasId, preparation.darkId]) if (id) ids.add(id);
  return [...ids];
}

async function finishOne(
  spec: MasterSpec,
  combined: Combined,
  frames: ReadonlyMap<string, ScannedFrame>,
  pool: CalibrationPool,
  options: BuildMastersOptions,
): Promise<MasterView> {
  const path = masterPath(options.outputDir, spec);
  const cards = spec.file ? [] : masterCards({
    spec,
    method: options.method,
    version: options.version,
    frameFacts: spec.frameIds.map((id) => frames.get(id)?.frame.facts ?? null),
    masterFileOf: masterFileName,
    frameScales: combined.frameScales,
  });
  const finished = await pool.run(
    {
      kind: 'finish-master',
      masterId: spec.id,
      hotPixelSigma: spec.kind === 'dark' ? HOT_PIXEL_SIGMA : null,
      outputPath: spec.file ? null : path,
      cards,
      darkExposure: spec.kind === 'dark' && !spec.includesBias ? spec.exposure : null,
      directIo: options.directIo ?? false,
    },
    options.signal,
  );
  return {
    spec,
    status: 'done',
    path,
    stats: finished.stats,
    histogram: finished.histogram,
    seconds: (performance.now() - combined.started) / 1000,
    method: options.method,
    kernels: combined.kernels,
    error: null,
  };
}

/**
 * Strips are read by row, which compressed files cannot do: each .fz/.gz frame a master
 * needs is first expanded once into a plain float32 FITS in a hidden work folder.
 */
async function plainInputs(
  specs: readonly MasterSpec[],
  frames: ReadonlyMap<string, ScannedFrame>,
  pool: CalibrationPool,
  workDir: string,
  signal: AbortSignal | undefined,
): Promise<Map<string, FitsFileInfo>> {
  const inputs = new Map<string, FitsFileInfo>();
  const ids = [...new Set(specs.filter((spec) => spec.fit === null).flatMap((spec) => spec.frameIds))];
  await Promise.all(
    ids.map(async (id, index) => {
      const fits = frames.get(id)?.fits;
      if (!fits) throw new Error(`frame ${id} has no readable header`);
      if (fits.storage === 'fits') {
        inputs.set(id, pixelsOnly(fits));
        return;
      }
      const outputPath = join(workDir, `${index}.fits`);
      await pool.run({ kind: 'expand-frame', frame: fits, outputPath }, signal);
      inputs.set(id, pixelsOnly(await readFitsHeader(outputPath)));
    }),
  );
  return inputs;
}

/** No bias, no dark: how a library's master is read into its shared buffer. */
const AS_IT_IS = { biasId: null, darkId: null, darkScale: 1 } as const;

function sharedMasterBytes(pool: CalibrationPool): number {
  return Object.values(pool.masters).reduce((sum, master) => sum + master.width * master.height * 4, 0);
}

function failedView(spec: MasterSpec, error: NightcalError): MasterView {
  return { ...plannedMaster(spec), status: 'failed', error };
}

function masterEvent(master: MasterView, stripsDone: number, stripsTotal: number): MasterEvent {
  return {
    kind: 'master',
    masterId: master.spec.id,
    status: master.status,
    stripsDone,
    stripsTotal,
    master: master.status === 'done' || master.status === 'failed' ? master : null,
  };
}
