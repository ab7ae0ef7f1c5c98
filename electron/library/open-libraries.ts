/**
 * The calibration libraries a night is planned with, each opened through its index
 * (library-index.ts). A library that cannot be opened is a problem of the night, said with its
 * folder, never a failed night; the index's notes (read-only, rebuilt) are said too.
 */
import type { LibraryContents } from '../../shared/library/library-masters';
import { openLibraryIndex } from './library-index';

export interface OpenedLibraries {
  readonly contents: readonly LibraryContents[];
  /** One line per library that could not be opened, or that has something to say. */
  readonly problems: readonly string[];
}

/** Opens every library in `roots`, in order, each folder once. */
export async function openNightLibraries(roots: readonly string[], options: { readonly utcOffsetHours: number; readonly signal?: AbortSignal }): Promise<OpenedLibraries> {
  const contents: LibraryContents[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const root of roots) {
    try {
      const index = await openLibraryIndex(root, options);
      if (seen.has(index.root)) continue;
      seen.add(index.root);
      contents.push(index);
      problems.push(...index.notes.map((note) => `calibration library ${index.root}: ${note}`));
    } catch (error) {
      if (options.signal?.aborted) throw error;
      problems.push(`calibration library ${root}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { contents, problems };
}
