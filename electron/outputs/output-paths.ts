/**
 * Where every output goes, and the refusal of any output folder that could touch an input.
 * Raw data is sacred: the output folder may not be the night folder, contain it, or hold
 * any input frame, and no output path may equal an input path.
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ApiError } from '../../shared/contract';
import type { FrameInfo, MasterSpec } from '../../shared/night/frames';

export const DEFAULT_OUTPUT_FOLDER = 'calibrated';
export const MASTERS_FOLDER = 'masters';
export const MANIFEST_FILE = 'nightcal-run.json';

/** `<night>/calibrated`. */
export function defaultOutputDir(nightRoot: string): string {
  return join(nightRoot, DEFAULT_OUTPUT_FOLDER);
}

/** The file name of a master (the one place it is made). */
export function masterFileName(masterId: string): string {
  return `master_${masterId}.fits`;
}

/** The FITS file a master is written to; a library's master is its file in the library (never written). */
export function masterPath(outputDir: string, spec: Pick<MasterSpec, 'id' | 'file'>): string {
  return spec.file ? spec.file.path : join(outputDir, MASTERS_FOLDER, masterFileName(spec.id));
}

/**
 * Output path of each light, under its path relative to the night. Compression suffixes are
 * dropped (outputs are plain float32 FITS); if two inputs would then meet (a.fits and
 * a.fits.gz), the later keeps its full name plus '.fits'.
 */
export function calibratedPaths(outputDir: string, frameIds: readonly string[]): ReadonlyMap<string, string> {
  const paths = new Map<string, string>();
  const taken = new Set<string>();
  for (const id of [...frameIds].sort()) {
    let name = id.replace(/\.(fz|gz)$/i, '');
    if (!/\.(fits?|fts)$/i.test(name)) name += '.fits';
    if (taken.has(name.toLowerCase())) name = `${id}.fits`;
    taken.add(name.toLowerCase());
    paths.set(id, join(outputDir, ...name.split('/')));
  }
  return paths;
}

/** True when `inner` is `outer` or inside it. */
export function isInside(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && !rel.startsWith(`..${sep}`));
}

/** Resolves symlinks of the longest existing prefix, so comparisons see real locations. */
export function realLocation(path: string): string {
  let existing = resolve(path);
  const rest: string[] = [];
  while (!existsSync(existing)) {
    const parent = dirname(existing);
    if (parent === existing) break;
    rest.unshift(existing.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
    existing = parent;
  }
  return join(realpathSync(existing), ...rest);
}

/**
 * Refuses an output folder that could overwrite or hide inputs: the night folder itself, a
 * folder that contains the night, or a folder that holds any input frame.
 */
export function assertSafeOutputDir(outputDir: string, nightRoot: string, inputs: readonly Pick<FrameInfo, 'path'>[]): void {
  const out = realLocation(outputDir);
  const root = realLocation(nightRoot);
  if (isInside(root, out)) {
    throw new ApiError('bad-request', `output folder ${outputDir} is or contains the night folder ${nightRoot}: outputs could overwrite raw frames`);
  }
  for (const input of inputs) {
    if (isInside(realLocation(input.path), out)) {
      throw new ApiError('bad-request', `output folder ${outputDir} holds the input frame ${input.path}: choose a folder without raw frames`);
    }
  }
}
