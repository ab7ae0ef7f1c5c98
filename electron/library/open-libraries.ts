/**
 * The calibration libraries a session plans with: each folder's files read as frames (headers,
 * classification, byte-identical copies), every master hashed, as shared/library/library-masters.ts
 * takes them. A library that cannot be read is a problem of the night, never a failed night.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LibraryContents } from '../../shared/library/library-masters';
import { hashFile, scanNight } from '../pipeline/scan-night';

export interface OpenedLibraries {
  readonly contents: readonly LibraryContents[];
  /** One line per library that could not be read: its folder and why. */
  readonly problems: readonly string[];
}

/** Opens every library in `roots` (absolute or relative to the working folder), in order, each once. */
export async function openLibraries(roots: readonly string[], options: { readonly utcOffsetHours: number; readonly signal?: AbortSignal }): Promise<OpenedLibraries> {
  const contents: LibraryContents[] = [];
  const problems: string[] = [];
  for (const root of [...new Set(roots.map((r) => resolve(r)))]) {
    if (!existsSync(root) || !statSync(root).isDirectory()) {
      problems.push(`calibration library ${root}: no such folder`);
      continue;
    }
    try {
      const scanned = await scanNight(root, { utcOffsetHours: options.utcOffsetHours });
      const files = await Promise.all(
        scanned.frames.map(async ({ frame }) => ({
          relativePath: frame.id,
          // Only masters are applied from a library, and only as the bytes they were when read.
          sha256: frame.facts?.master && frame.error === null ? await hashFile(frame.path, options.signal).catch(() => null) : null,
          frame,
        })),
      );
      contents.push({ root, files });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      problems.push(`calibration library ${root}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { contents, problems };
}

/** The library a person has without asking: `<data folder>/library` (XDG_DATA_HOME/nightcal on Linux, the app-data folder elsewhere). */
export function defaultLibraryDir(dataDir: string): string {
  return join(dataDir, 'library');
}
