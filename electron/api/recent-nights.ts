/** The nights opened lately, newest first, kept in the app's data folder. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../outputs/atomic-write';

const MAX_RECENT = 10;

export class RecentNights {
  private readonly file: string;
  private list: string[];

  constructor(dataDir: string) {
    this.file = join(dataDir, 'recent-nights.json');
    this.list = readList(this.file);
  }

  get all(): readonly string[] {
    return this.list;
  }

  /** The nights a session confined to `roots` may open (all of them when it is not confined): others are not offered. */
  openableIn(roots: readonly string[] | null, isWithin: (path: string, root: string) => boolean): readonly string[] {
    if (!roots) return this.list;
    return this.list.filter((path) => roots.some((root) => isWithin(path, root)));
  }

  async add(path: string): Promise<void> {
    this.list = [path, ...this.list.filter((entry) => entry !== path)].slice(0, MAX_RECENT);
    await writeFileAtomic(this.file, JSON.stringify(this.list, null, 1)).catch(() => undefined);
  }
}

function readList(file: string): string[] {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(parsed) ? parsed.filter((entry): entry is string => typeof entry === 'string').slice(0, MAX_RECENT) : [];
  } catch {
    return [];
  }
}
