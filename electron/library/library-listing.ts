/**
 * Several libraries opened at once, and what `nightcal library list` shows of them: every master
 * the plan could use (shared/library/library-masters.ts decides which, once), with its keys, the
 * frames it combines, its date and age, and the runs that used it (the usage log, matched by
 * path and SHA-256, so a file replaced under the same name does not inherit another's history).
 */
import { ApiError, type LibraryListing, type ListedMaster } from '../../shared/contract';
import { libraryCandidates } from '../../shared/library/library-masters';
import { masterWords } from '../../shared/night/choose-masters';
import { openLibraryIndex, type LibraryIndex, type OpenLibraryOptions } from './library-index';
import { readUsage, type UsageRecord } from './library-usage';

const DAY_MS = 86_400_000;

/**
 * Opens every library in `roots` (each a LibraryContents for libraryCandidates). A library that
 * cannot be opened is an ApiError naming it; notes of each (a read-only library, an index rebuilt)
 * come back prefixed with its folder.
 */
export async function openLibraries(roots: readonly string[], options: Omit<OpenLibraryOptions, 'lock'>): Promise<{ readonly libraries: readonly LibraryIndex[]; readonly notes: readonly string[] }> {
  const libraries: LibraryIndex[] = [];
  const notes: string[] = [];
  const seen = new Set<string>();
  for (const root of roots) {
    const index = await openLibraryIndex(root, options);
    if (seen.has(index.root)) continue; // the same folder given twice (or by two paths)
    seen.add(index.root);
    libraries.push(index);
    notes.push(...index.notes.map((note) => `library ${index.root}: ${note}`));
  }
  return { libraries, notes };
}

/** The listing of opened libraries; `now` in ms since the epoch (ages are counted to it). */
export async function listLibraries(libraries: readonly LibraryIndex[], now: number, flatScaling: 'per-channel' | 'single' = 'per-channel'): Promise<LibraryListing> {
  const candidates = libraryCandidates(libraries, flatScaling);
  const notes: string[] = [];
  const usage = new Map<string, UsageRecord[]>();
  for (const library of libraries) {
    try {
      const log = await readUsage(library.root);
      if (log.skippedLines > 0) notes.push(`library ${library.root}: ${log.skippedLines} line(s) of its usage log could not be read and were left out`);
      for (const record of log.records) {
        const key = usageKey(library.root, record.relativePath, record.sha256);
        const list = usage.get(key);
        if (list) list.push(record);
        else usage.set(key, [record]);
      }
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      notes.push(`library ${library.root}: ${error.message}`);
    }
  }
  const masters = candidates.masters.map((spec): ListedMaster => {
    const file = spec.file!;
    const date = file.dateObs === null ? Number.NaN : Date.parse(/Z|[+-]\d\d:?\d\d$/.test(file.dateObs) ? file.dateObs : `${file.dateObs}Z`);
    return {
      library: file.library,
      relativePath: file.relativePath,
      kind: spec.kind,
      words: masterWords(spec),
      program: file.program,
      keys: {
        camera: spec.camera,
        gain: spec.gain,
        offset: spec.offset,
        readoutMode: spec.readoutMode,
        binning: spec.binning,
        width: spec.width,
        height: spec.height,
        temperature: spec.temperature?.mean ?? null,
        exposure: spec.exposure,
        filter: spec.filter,
      },
      frames: file.frames,
      dateObs: file.dateObs,
      ageDays: Number.isFinite(date) ? Math.max(0, Math.floor((now - date) / DAY_MS)) : null,
      usedBy: (usage.get(usageKey(file.library, file.relativePath, file.sha256)) ?? []).map(({ run, night, at }) => ({ run, night, at })),
    };
  });
  return {
    libraries: libraries.map((library) => ({ root: library.root, writable: library.writable, files: library.files.length, seconds: library.seconds })),
    masters,
    skipped: candidates.skipped,
    rawFrames: candidates.rawFrames,
    notes,
  };
}

function usageKey(root: string, relativePath: string, sha256: string): string {
  return `${root}\0${relativePath}\0${sha256}`;
}
