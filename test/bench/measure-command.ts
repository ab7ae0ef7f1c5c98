/**
 * Runs one command and measures it from the outside, the same way for NightCal and the peers:
 * - wall seconds, spawn to exit, timed here;
 * - peak RSS of its largest process, from the kernel (GNU time's %M): for NightCal that is the
 *   whole run, since its workers are threads of the one process;
 * - the peak of the process tree's summed PSS, sampled every 100 ms: what a tool that forks
 *   worker processes (Python multiprocessing) really holds, pages shared after fork counted once;
 * - its CPU seconds (user + system, GNU time's %U %S), and how busy the machine was with other
 *   processes meanwhile (all CPU time in /proc/stat less the command's own, per second of wall):
 *   on a shared 2-core machine, a figure taken while something else ran is not a figure of ours;
 * - every output line with the second it arrived (NightCal's --json events carry no clock).
 * Each command runs in its own process group, so an interrupted bench can stop all of it.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { busyCpuSeconds } from './settle';

const GNU_TIME = '/usr/bin/time';
const SAMPLE_MS = 100;

export interface OutputLine {
  /** Seconds after the spawn when the line arrived. */
  readonly seconds: number;
  readonly text: string;
}

export interface TreeSample {
  readonly seconds: number;
  /** Summed over the tree: proportional set size (shared pages split) and resident set size. */
  readonly pssMB: number;
  readonly rssMB: number;
}

export interface Measured {
  readonly code: number | null;
  readonly wallSeconds: number;
  /** Kernel peak RSS of the largest process of the tree (MB), null without GNU time. */
  readonly peakRssMB: number | null;
  /** User + system CPU seconds of the command and its children, null without GNU time. */
  readonly cpuSeconds: number | null;
  /** Cores busy with other processes during the run, on average; null without GNU time. */
  readonly otherCores: number | null;
  /** Highest sampled sum of PSS over the process tree (MB). */
  readonly treePeakMB: number;
  readonly samples: readonly TreeSample[];
  readonly stdout: readonly OutputLine[];
  readonly stderr: readonly OutputLine[];
}

const running = new Set<number>();

/** Stops every command still running (its whole process group). */
export function stopAllCommands(): void {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export function measureCommand(file: string, args: readonly string[]): Promise<Measured> {
  const timeFile = join(tmpdir(), `nightcal-bench-time-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const withTime = existsSync(GNU_TIME);
  const [command, commandArgs] = withTime ? [GNU_TIME, ['-f', '%M %U %S', '-o', timeFile, file, ...args]] : [file, [...args]];
  const busyBefore = busyCpuSeconds();
  const started = performance.now();
  const since = (): number => (performance.now() - started) / 1000;
  const child = spawn(command, commandArgs, {
    // The children are plain programs: no tsx loader or inspector inherited from the bench.
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const pid = child.pid!;
  running.add(pid);
  const stdout: OutputLine[] = [];
  const stderr: OutputLine[] = [];
  createInterface({ input: child.stdout }).on('line', (text) => stdout.push({ seconds: since(), text }));
  createInterface({ input: child.stderr }).on('line', (text) => stderr.push({ seconds: since(), text }));
  const samples: TreeSample[] = [];
  const timer = setInterval(() => samples.push({ seconds: since(), ...treeMemory(pid, withTime) }), SAMPLE_MS);

  return new Promise((resolve, reject) => {
    let wallSeconds = 0;
    let busySeconds = 0;
    child.on('error', reject);
    child.on('exit', () => {
      wallSeconds = since();
      busySeconds = busyCpuSeconds() - busyBefore;
      clearInterval(timer);
    });
    child.on('close', (code) => {
      running.delete(pid);
      let peakRssMB: number | null = null;
      let cpuSeconds: number | null = null;
      if (withTime && existsSync(timeFile)) {
        // The last line is ours; a command killed by a signal gets a line about it before.
        const [kb, user, system] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
        peakRssMB = Number.isFinite(kb) ? kb / 1024 : null;
        cpuSeconds = Number.isFinite(user + system) ? user + system : null;
        rmSync(timeFile, { force: true });
      }
      const otherCores = cpuSeconds === null || wallSeconds === 0 ? null : Math.max(0, (busySeconds - cpuSeconds) / wallSeconds);
      const treePeakMB = samples.reduce((peak, s) => Math.max(peak, s.pssMB), 0);
      resolve({ code, wallSeconds, peakRssMB, cpuSeconds, otherCores, treePeakMB, samples, stdout, stderr });
    });
  });
}

/** PSS and RSS (MB) summed over `root`'s tree; GNU time, when it is the root, is left out (it only waits). */
function treeMemory(root: number, rootIsTime: boolean): { pssMB: number; rssMB: number } {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProc(`/proc/${entry}/stat`);
    if (stat === null) continue;
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(entry));
    children.set(ppid, list);
  }
  let pssKB = 0;
  let rssKB = 0;
  const queue = rootIsTime ? [...(children.get(root) ?? [])] : [root];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    const rollup = readProc(`/proc/${pid}/smaps_rollup`);
    pssKB += Number(/^Pss:\s+(\d+) kB/m.exec(rollup ?? '')?.[1] ?? 0);
    rssKB += Number(/^Rss:\s+(\d+) kB/m.exec(rollup ?? '')?.[1] ?? 0);
    queue.push(...(children.get(pid) ?? []));
  }
  return { pssMB: pssKB / 1024, rssMB: rssKB / 1024 };
}

function readProc(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null; // the process ended between the listing and the read
  }
}

/** The last lines of a command's stderr, for error messages. */
export function stderrTail(measured: Measured, lines = 8): string {
  return measured.stderr.slice(-lines).map((line) => line.text).join('\n');
}
