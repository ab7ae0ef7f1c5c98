/**
 * A calibration library's master files as candidates for a night's plan: every master the
 * library's index knows (NightCal's own and other programs', recognised by their headers)
 * becomes a MasterSpec with its file set and no frames, matched by the same keys as the
 * night's own masters (shared/night/matching.ts) and chosen after them (choose-masters.ts).
 */
import type { LibraryView } from '../contract';
import type { FrameInfo, MasterKind, MasterPlan, MasterSpec, SetupTemperature } from '../night/frames';
import { ageWords } from '../night/choose-masters';
import { cameraSettingsOf } from '../night/matching';
import { plural } from '../plural';
import { masterId } from '../night/plan-masters';

/** One file of a library as its index holds it (electron/library's IndexedFile is one). */
export interface LibraryFileEntry {
  readonly relativePath: string;
  readonly sha256: string | null;
  readonly frame: FrameInfo;
}

/** A library folder and its indexed files. */
export interface LibraryContents {
  readonly root: string;
  readonly files: readonly LibraryFileEntry[];
}

/** A library file that is no candidate, and why (for `library list` and the app). */
export interface SkippedLibraryFile {
  readonly library: string;
  readonly relativePath: string;
  readonly reason: string;
}

export interface LibraryCandidates {
  readonly masters: readonly MasterSpec[];
  /** Masters that cannot be used (no exposure on a dark, unreadable, a copy of another). */
  readonly skipped: readonly SkippedLibraryFile[];
  /** Raw calibration frames in the libraries, by kind: `nightcal library add` makes masters of them. */
  readonly rawFrames: Readonly<Record<MasterKind, number>>;
}

/** The masters of `libraries` as plan candidates. `flatScaling` is how a colour flat that does not say is normalised. */
export function libraryCandidates(libraries: readonly LibraryContents[], flatScaling: 'per-channel' | 'single' = 'per-channel'): LibraryCandidates {
  const masters: MasterSpec[] = [];
  const skipped: SkippedLibraryFile[] = [];
  const rawFrames: Record<MasterKind, number> = { bias: 0, dark: 0, darkflat: 0, flat: 0 };
  const seen = new Map<string, string>();
  for (const library of libraries) {
    for (const entry of library.files) {
      const { frame } = entry;
      const skip = (reason: string): void => void skipped.push({ library: library.root, relativePath: entry.relativePath, reason });
      const type = frame.classification.type;
      if (!frame.facts?.master) {
        if (frame.error === null && frame.duplicateOf === null && type !== 'unknown' && type !== 'light') rawFrames[type] += 1;
        continue;
      }
      if (frame.error) skip(frame.error.message);
      else if (entry.sha256 === null) skip('its content could not be read');
      else if (frame.duplicateOf !== null || seen.has(entry.sha256)) skip(`a byte-identical copy of ${frame.duplicateOf ?? seen.get(entry.sha256)}`);
      else {
        const spec = masterSpecOf(library.root, { ...entry, sha256: entry.sha256 }, flatScaling);
        if (typeof spec === 'string') skip(spec);
        else {
          seen.set(entry.sha256, entry.relativePath);
          masters.push(spec);
        }
      }
    }
  }
  return { masters, skipped, rawFrames };
}

/** One library master as a MasterSpec, or why it cannot be one. */
function masterSpecOf(root: string, entry: LibraryFileEntry & { readonly sha256: string }, flatScaling: 'per-channel' | 'single'): MasterSpec | string {
  const facts = entry.frame.facts!;
  const master = facts.master!;
  const kind = master.kind;
  if ((kind === 'dark' || kind === 'darkflat') && facts.exposure === null) return `a master ${kind === 'dark' ? 'dark' : 'dark flat'} without an exposure time (EXPTIME/EXPOSURE): it cannot be matched`;
  if (facts.stacked !== null && facts.stacked.includes('NAXIS3')) return `${facts.stacked}: not a calibration master NightCal can apply`;
  const settings = cameraSettingsOf(facts);
  const temperature: SetupTemperature | null = facts.temperature === null || facts.temperatureSource === null ? null : { mean: facts.temperature, min: facts.temperature, max: facts.temperature, source: facts.temperatureSource };
  const setup = {
    ...settings,
    filter: kind === 'flat' ? facts.filter : null,
    exposure: kind === 'bias' ? null : facts.exposure,
    temperature,
    night: entry.frame.night,
    bayer: facts.bayer,
  };
  // A dark holds the bias unless its header says the bias was taken out (NightCal's BIASSUB, a CALSTAT or HISTORY step).
  const biasRemoved = master.biasSubtracted === true || facts.precalibrated.bias;
  return {
    ...setup,
    id: `lib_${masterId({ ...setup, type: kind })}_${entry.sha256.slice(0, 8)}`,
    kind,
    groupId: `library:${entry.relativePath}`,
    frameIds: [],
    preparations: [],
    normalise: kind === 'flat' ? (master.flatNorm ?? (settings.cfa !== null ? flatScaling : 'single')) : null,
    includesBias: kind === 'dark' || kind === 'darkflat' ? !biasRemoved : kind === 'bias',
    fit: null,
    file: {
      path: entry.frame.path,
      library: root,
      relativePath: entry.relativePath,
      sha256: entry.sha256,
      program: master.program,
      frames: master.frames,
      dateObs: facts.dateObs,
    },
  };
}

/** Each library as a night sees it: what it holds, and what of it the night's plan uses. */
export function libraryViews(libraries: readonly LibraryContents[], candidates: LibraryCandidates, plan: MasterPlan, frames: readonly FrameInfo[]): LibraryView[] {
  const used = new Set(plan.masters.filter((m) => m.file).map((m) => m.id));
  // Ages count to the night of the lights (the night most of them were taken).
  const lightIds = new Set(plan.lights.map((l) => l.frameId));
  const counts = new Map<string, number>();
  for (const frame of frames) if (lightIds.has(frame.id) && frame.night !== null) counts.set(frame.night, (counts.get(frame.night) ?? 0) + 1);
  const night = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? null;
  return libraries.map((library) => {
    const masters = candidates.masters.filter((m) => m.file!.library === library.root);
    const rawFrames = library.files.filter(({ frame }) => !frame.facts?.master && frame.error === null && frame.duplicateOf === null && frame.classification.type !== 'unknown' && frame.classification.type !== 'light').length;
    return {
      root: library.root,
      masters: masters.length,
      used: masters.filter((m) => used.has(m.id)).map((m) => ({ masterId: m.id, origin: libraryOriginWords(m, night)! })),
      rawFrames,
      skipped: candidates.skipped.filter((s) => s.library === library.root).map(({ relativePath, reason }) => ({ relativePath, reason })),
    };
  });
}

/**
 * Where a library master comes from, in words, for its card and `library list`:
 * 'library /data/library · masters/dark_300s.fits · 25 frames by PixInsight · 2026-10-21, 41 days old'.
 */
export function libraryOriginWords(spec: MasterSpec, night: string | null): string | null {
  const file = spec.file;
  if (!file) return null;
  const frames = file.frames === null ? null : `${plural(file.frames, 'frame')}${file.program ? ` by ${file.program}` : ''}`;
  const made = frames ?? (file.program ? `made by ${file.program}` : null);
  const age = ageWords(spec.night, night);
  const date = [file.dateObs?.slice(0, 10) ?? spec.night, age && age !== 'from the same night' ? age : null].filter(Boolean).join(', ');
  return [`library ${file.library}`, file.relativePath, made, date || null].filter(Boolean).join(' · ');
}
