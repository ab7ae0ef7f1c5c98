/**
 * Sightings of FITS files in a night folder as a capture program writes them: file-system
 * notifications (fs.watch, recursive where the platform has it) where they work, and a slow poll
 * of the folder's listing where they do not (a network share delivers none). The poll also runs
 * beside the notifications as a safety net: a change it finds that no notification reported
 * within a grace period switches the watcher to polling, and says so. Nothing spins: one listing
 * every `pollMs`, one look per file per quiet period (arrival-tracker.ts).
 */
import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { WatchMode } from '../../shared/contract';
import { isInside } from '../outputs/output-paths';
import { findFitsFiles, isFitsName } from '../pipeline/find-fits-files';

export interface FolderWatcherOptions {
  /** Folders never looked at (the output folder inside the night). */
  readonly skipDirs: readonly string[];
  /** Between two listings of the folder (the fallback, and the safety net beside notifications). */
  readonly pollMs: number;
  /** Force polling (tests; a share known to deliver no notifications). */
  readonly pollOnly?: boolean;
  /** A FITS file was created, written or renamed into place. */
  readonly onSighting: (path: string) => void;
  /** How changes are found, and why when it is polling. */
  readonly onMode: (mode: WatchMode, note: string) => void;
}

/** How long a change the poll found may wait for its notification before notifications count as not working. */
const NOTIFICATION_GRACE_MS = 2_000;

export class FolderWatcher {
  private watcher: FSWatcher | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private listing = new Map<string, string>();
  /** When each path was last reported by a notification. */
  private readonly notified = new Map<string, number>();
  private currentMode: WatchMode = 'notify';
  private closed = false;
  private polling = false;
  private previousListing = Date.now();

  constructor(private readonly root: string, private readonly options: FolderWatcherOptions) {}

  get mode(): WatchMode {
    return this.currentMode;
  }

  /** Lists the folder as it is now (what is there is not news) and starts watching. */
  async start(): Promise<void> {
    // Notifications first: a file written while the folder is listed is reported by one or the other.
    if (this.options.pollOnly) this.fallBack('polling, as asked');
    else this.startNotifications();
    this.previousListing = Date.now();
    this.listing = await this.list();
    this.schedulePoll();
  }

  /** The FITS files the first listing found (what was there before the watch began). */
  listed(): string[] {
    return [...this.listing.keys()];
  }

  close(): void {
    this.closed = true;
    this.watcher?.close();
    this.watcher = null;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  private startNotifications(): void {
    try {
      // Recursive on macOS and Windows natively, on Linux by Node's own inotify walk (Node ≥ 20).
      this.watcher = watch(this.root, { recursive: true, persistent: true }, (_event, name) => this.notification(name));
      this.watcher.on('error', (error) => this.fallBack(`file-system notifications stopped (${error.message})`));
      this.options.onMode('notify', `file-system notifications, and a look at the folder every ${Math.round(this.options.pollMs / 1000)} s`);
    } catch (error) {
      this.fallBack(`no file-system notifications here (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  private notification(name: string | Buffer | null): void {
    if (this.closed) return;
    if (name === null) return void this.poll(); // the platform did not say which file: the listing does
    const path = join(this.root, name.toString());
    if (!this.wanted(path)) return;
    this.notified.set(path, Date.now());
    this.options.onSighting(path);
  }

  private fallBack(why: string): void {
    this.watcher?.close();
    this.watcher = null;
    if (this.currentMode === 'poll') return;
    this.currentMode = 'poll';
    this.options.onMode('poll', `${why}: looking at the folder every ${Math.round(this.options.pollMs / 1000)} s`);
  }

  private schedulePoll(): void {
    if (this.closed) return;
    this.pollTimer = setTimeout(() => void this.poll().finally(() => this.schedulePoll()), this.options.pollMs);
    this.pollTimer.unref();
  }

  /** One listing: every file new or changed since the last one is a sighting. */
  private async poll(): Promise<void> {
    if (this.closed || this.polling) return;
    this.polling = true;
    try {
      const listedFrom = Date.now();
      const now = await this.list();
      // A notification since the previous listing began would have reported a change it missed.
      const started = Math.min(listedFrom, this.previousListing) + this.options.pollMs;
      this.previousListing = listedFrom;
      const unreported: string[] = [];
      for (const [path, signature] of now) {
        if (this.listing.get(path) === signature) continue;
        this.options.onSighting(path);
        if (this.currentMode === 'notify' && (this.notified.get(path) ?? 0) < started - this.options.pollMs) unreported.push(path);
      }
      this.listing = now;
      for (const path of this.notified.keys()) if (!now.has(path)) this.notified.delete(path);
      if (unreported.length > 0) {
        // A notification may be a moment behind the listing: judged after a grace period.
        setTimeout(() => {
          if (this.closed || this.currentMode !== 'notify') return;
          const missed = unreported.filter((path) => (this.notified.get(path) ?? 0) < started - this.options.pollMs);
          if (missed.length > 0) this.fallBack(`file-system notifications did not report ${missed[0]} (a network share?)`);
        }, NOTIFICATION_GRACE_MS).unref();
      }
    } catch {
      // The folder could not be listed this time (a share that dropped): the next poll tries again.
    } finally {
      this.polling = false;
    }
  }

  /** FITS files with their size and time, as the scan finds them. */
  private async list(): Promise<Map<string, string>> {
    const found = await findFitsFiles(this.root, this.options.skipDirs);
    const entries = await Promise.all(
      found.map(async (file) => {
        try {
          const info = await stat(file.path);
          return [file.path, `${info.size}:${info.mtimeMs}`] as const;
        } catch {
          return null;
        }
      }),
    );
    return new Map(entries.filter((entry) => entry !== null));
  }

  /** A FITS name outside the skipped folders and hidden folders (a capture program's temporary folder). */
  private wanted(path: string): boolean {
    if (!isFitsName(path)) return false;
    if (this.options.skipDirs.some((dir) => isInside(path, dir))) return false;
    const relative = path.slice(this.root.length + 1);
    return !relative.split(sep).some((part) => part.startsWith('.'));
  }
}
