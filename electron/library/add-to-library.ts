/**
 * `nightcal library add DIR`: the raw calibration frames of DIR made into masters and stored in
 * a library. The masters are built by the same API calls as `nightcal calibrate` on a folder of
 * calibration frames only (openNight, then calibrate into an output folder); that folder is a
 * private one inside the library's `.nightcal-library/`, so DIR is never written. The masters
 * are built without the library lock (a build takes minutes, other runs keep reading and
 * adding), then stored under it with storeMaster, which never overwrites and stores bytes
 * already in the library once. The build folder is removed afterwards, whatever happened.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { ApiError, type AddedMaster, type LibraryAddReport as AddReport, type NightcalApi, type NightView, type RunSummary } from '../../shared/contract';
import type { FrameInfo, MasterSpec } from '../../shared/night/frames';
import { masterWords } from '../../shared/night/choose-masters';
import { LIBRARY_MASTERS_DIR, metaDirOf, prepareMetaDir, resolveLibraryRoot } from './library-folder';
import { openLibraryIndex, saveLibraryIndex, storeMaster } from './library-index';
import { acquireLibraryLock } from './library-lock';

/** How long an add waits for another NightCal storing into the same library (storing takes seconds). */
const LOCK_WAIT_SECONDS = 120;

export interface AddOptions {
  readonly utcOffsetHours: number;
  /** The masters' method and the run's resources, as `calibrate` takes them. */
  readonly request?: Pick<Parameters<NightcalApi['calibrate']>[0], 'combine' | 'memoryMB' | 'workers'>;
}

/** Builds the masters of DIR's raw calibration frames and stores them in the library at `libraryRoot` (made if missing). */
export async function addToLibrary(api: NightcalApi, dir: string, libraryRoot: string, options: AddOptions): Promise<AddReport> {
  const source = await realpath(dir).catch(() => {
    throw new ApiError('not-found', `no folder at ${dir}`);
  });
  mkdirSync(libraryRoot, { recursive: true });
  const root = await resolveLibraryRoot(libraryRoot);
  refuseOverlap(source, root);
  if (!(await prepareMetaDir(root))) throw new ApiError('io', `the library ${root} is read-only: nothing can be added to it`);

  const opened = await api.openNight({ path: source });
  const skipped = skippedFrames(opened);
  // Lights are left out, so that the run builds masters only (and calibrates nothing).
  let view = opened;
  for (const frame of opened.frames) if (frame.classification.type === 'light' && !frame.excluded) view = await api.setFrameOverride({ frameId: frame.id, excluded: true });
  if (view.plan.masters.length === 0) return { library: root, dir: source, masters: [], skipped, failed: [], notes: [], cancelled: false };

  const buildDir = join(metaDirOf(root), `add-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const summary = await api.calibrate({ ...options.request, outputDir: buildDir });
    return { library: root, dir: source, skipped, cancelled: summary.cancelled, ...(await storeBuilt(root, view, summary, options.utcOffsetHours)) };
  } finally {
    rmSync(buildDir, { recursive: true, force: true });
  }
}

/** DIR must not hold what the add writes (the library's masters and its meta folder), nor be inside the meta folder. */
function refuseOverlap(source: string, root: string): void {
  const inside = (child: string, parent: string): boolean => {
    const path = relative(parent, child);
    return path === '' || (!path.startsWith(`..${sep}`) && path !== '..' && !path.startsWith(sep));
  };
  if (inside(root, source)) throw new ApiError('bad-request', `${source} holds the library ${root}: adding would write into the folder read (raw data is never written); give the folder of the new frames`);
  if (inside(source, metaDirOf(root)) || inside(source, join(root, LIBRARY_MASTERS_DIR))) {
    throw new ApiError('bad-request', `${source} is a folder the library itself writes: give the folder of the new frames`);
  }
}

/** Every file of DIR that is in no master, with why, in the plan's own words where it has them. */
function skippedFrames(view: NightView): { file: string; reason: string }[] {
  const used = new Set(view.plan.masters.flatMap((master) => master.frameIds));
  const problemOf = new Map<string, string>();
  for (const problem of [...view.problems, ...view.plan.problems]) for (const id of problem.frameIds) if (!problemOf.has(id)) problemOf.set(id, problem.message);
  return view.frames.filter((frame) => !used.has(frame.id)).map((frame) => ({ file: frame.id, reason: skipReason(frame, problemOf.get(frame.id)) }));
}

function skipReason(frame: FrameInfo, problem: string | undefined): string {
  if (frame.error) return frame.error.message;
  if (frame.duplicateOf !== null) return `a byte-identical copy of ${frame.duplicateOf}`;
  if (frame.excluded) return 'left out';
  const master = frame.facts?.master;
  if (master) return `already a master (${master.program ?? 'its header says so'}): a library reads masters where they are; copy the file into the library folder to use it`;
  if (frame.classification.type === 'light') return 'a light: a library holds calibration frames and masters only';
  if (frame.classification.type === 'unknown') return `not a calibration frame: ${frame.classification.reason}`;
  return problem ?? 'in no master (nothing to combine it with)';
}

/** Stores the masters the run wrote, under the library lock, and saves the index. */
async function storeBuilt(root: string, view: NightView, summary: RunSummary, utcOffsetHours: number): Promise<Pick<AddReport, 'masters' | 'failed' | 'notes'>> {
  const failed = summary.errors.map((entry) => ({ master: entry.scope === 'master' ? masterTitle(view, entry.masterId) : entry.scope === 'frame' ? entry.frameId : 'the build', reason: entry.error.message }));
  const stored = await storeMasterFiles(root, view.plan.masters, summary.masters, utcOffsetHours);
  return { masters: stored.masters, failed: [...failed, ...stored.failed], notes: [...summary.notes, ...stored.notes] };
}

/**
 * Stores master files a night built (`built`: their ids and paths; a library's own master is
 * left out) into the library at `root`, under its lock, never overwriting, each byte-identical
 * master once; then saves the index. What `library add` and `--save-masters` both do.
 */
export async function storeMasterFiles(root: string, specs: readonly MasterSpec[], built: readonly { readonly id: string; readonly path: string }[], utcOffsetHours: number): Promise<Pick<AddReport, 'masters' | 'failed' | 'notes'>> {
  const masters: AddedMaster[] = [];
  const failed: { master: string; reason: string }[] = [];
  const notes: string[] = [];
  const own = built.filter((b) => specs.some((spec) => spec.id === b.id && !spec.file));
  if (own.length === 0) return { masters, failed, notes };
  mkdirSync(root, { recursive: true });
  const lock = await acquireLibraryLock(root, { waitSeconds: LOCK_WAIT_SECONDS });
  try {
    let index = await openLibraryIndex(root, { utcOffsetHours, lock });
    for (const master of own) {
      const spec = specs.find((candidate) => candidate.id === master.id)!;
      try {
        const result = await storeMaster(index, lock, { kind: spec.kind, fileName: basename(master.path), bytes: [readFileSync(master.path)], ownMaster: true });
        index = result.index;
        masters.push({ kind: spec.kind, words: masterWords(spec), frames: spec.frameIds.length, relativePath: result.relativePath, stored: result.stored });
      } catch (error) {
        failed.push({ master: masterWords(spec), reason: error instanceof Error ? error.message : String(error) });
      }
    }
    await saveLibraryIndex(index, lock);
    notes.push(...index.notes);
  } finally {
    lock.release();
  }
  return { masters, failed, notes };
}

function masterTitle(view: NightView, masterId: string): string {
  const spec = view.plan.masters.find((master) => master.id === masterId);
  return spec ? masterWords(spec) : masterId;
}
