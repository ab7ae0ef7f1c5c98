/**
 * What the raw-frame safety tests share: demo nights written once and copied per test, the
 * sha256 of every raw file, the built command's --json events, and the files a run must never
 * leave behind (partial files, its lock). The command under test is the build at CLI_PATH
 * (test/support/built-cli.ts; NIGHTCAL_TEST_CLI points it at another build).
 */
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import { join, relative } from 'node:path';
import { writeDemoNight } from '../../../electron/demo/synthetic-night';

/** The preload that injects I/O faults into the built command (see the file). */
export const IO_FAULT_PRELOAD = new URL('../../support/io-fault-preload.mjs', import.meta.url).pathname;

/** One event of `nightcal calibrate --json`. */
export interface CliEvent {
  readonly event: 'scan' | 'master' | 'frame' | 'done';
  readonly [key: string]: unknown;
}

export interface FrameEventLine extends CliEvent {
  readonly frameId: string;
  readonly status: string;
  readonly outputPath: string | null;
  readonly error: { readonly code: string; readonly message: string } | null;
}

export interface DoneEvent extends CliEvent {
  readonly outputDir: string;
  readonly total: number;
  readonly done: number;
  readonly failed: number;
  readonly skipped: number;
  readonly cancelled: boolean;
  readonly masters: readonly { readonly id: string; readonly path: string }[];
  readonly errors: readonly { readonly scope: string; readonly frameId?: string; readonly error: { readonly code: string; readonly message: string } }[];
  readonly notes: readonly string[];
}

export function events(stdout: string): CliEvent[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CliEvent);
}

/** The last state of every frame, by id. */
export function frameOutcomes(stdout: string): Map<string, FrameEventLine> {
  return new Map(events(stdout).filter((e): e is FrameEventLine => e.event === 'frame').map((e) => [e.frameId, e]));
}

export function doneEvent(stdout: string): DoneEvent | null {
  return (events(stdout).find((e) => e.event === 'done') as DoneEvent | undefined) ?? null;
}

/** sha256 of every regular file under `dir`, by path relative to it. */
export function fingerprints(dir: string): Map<string, string> {
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[];
  return new Map(
    entries
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const path = join(entry.parentPath, entry.name);
        return [relative(dir, path), createHash('sha256').update(readFileSync(path)).digest('hex')] as const;
      })
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

/** Files under `dir` a finished run must not leave: partial files and its lock. */
export function leftovers(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((name) => /nightcal-partial|\.nightcal-lock/.test(name));
}

/** Light file names of a demo night, sorted. */
export function lightNames(night: string): string[] {
  return readdirSync(join(night, 'Lights')).sort();
}

/** Demo nights by their options, written once per test file and copied for each use. */
export class DemoNights {
  private readonly written = new Map<string, string>();

  constructor(private readonly root: string) {}

  /** A fresh copy of the demo night of these options at `dir`. */
  async copy(dir: string, options: { size: number; lights: number; seed?: number }): Promise<string> {
    const key = `${options.size}-${options.lights}-${options.seed ?? 1}`;
    let source = this.written.get(key);
    if (!source) {
      source = join(this.root, `demo-${key}`);
      await writeDemoNight(source, options);
      this.written.set(key, source);
    }
    cpSync(source, dir, { recursive: true, preserveTimestamps: true });
    return dir;
  }
}

/** `text` as the value part of a FITS card (`KEY     = value`), replaced in place in `file`'s header. */
export function replaceCardValue(bytes: Buffer, key: string, value: string): Buffer {
  const prefix = `${key.padEnd(8)}=`;
  for (let at = 0; at + 80 <= bytes.length; at += 80) {
    const card = bytes.toString('latin1', at, at + 80);
    if (card.startsWith('END     ')) break;
    if (card.startsWith(prefix)) {
      bytes.write(`${prefix} ${value.padStart(20)}`.padEnd(80), at, 'latin1');
      return bytes;
    }
  }
  throw new Error(`no ${key} card in the header`);
}

/**
 * Runs `change` while `child` is stopped (SIGSTOP, then SIGCONT): a moment inside a run, the same
 * every time. kill(2) only queues the signal, so the change waits until the process is seen
 * stopped (state T in /proc), or has ended.
 */
export function whileStopped(child: ChildProcess, change: () => void): void {
  child.kill('SIGSTOP');
  try {
    for (let tries = 0; tries < 10_000; tries++) {
      let state: string;
      try {
        const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
        state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      } catch {
        break; // ended
      }
      if (state === 'T' || state === 't' || state === 'Z') break;
    }
    change();
  } finally {
    child.kill('SIGCONT');
  }
}
