/**
 * Before every timed step: the same starting state for NightCal, the peers and the floor.
 * Dirty pages left by the previous step are written back (`sync`); the step then waits a fixed
 * cool-down, and for a bounded time until other processes leave the cores idle: this machine
 * kind is shared (other sessions' tests and tools), and a step timed beside them measures them
 * as much as us. The load that remained is recorded with every run (measure-command's otherCores).
 *
 * Why the cool-down: this virtual machine hands memory freed by deleted files back to its host
 * within seconds, and new file pages then cost a host fault each. Writing 30 × 16.8 MB took
 * 0.12 s right after 500 MB of files were deleted and 1.1–1.5 s 3–10 s later (plain
 * writeFileSync). Without it, a step that follows another's clean-up writes into recycled pages
 * and looks up to 10× faster than one that does not; with it, every step starts alike.
 *
 * Why the inputs are read again after it: this machine also reclaims page-cache pages it has
 * not used lately (2 % of the peers' night within 10 s, 3 % within 30 s, by fincore), so
 * "page cache warm", the condition the targets are set in, holds only if each step re-reads them.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Below this many cores busy with others, the machine counts as quiet. */
const QUIET_CORES = 0.25;
let quietWaitSeconds = 10;

/** How long a step may wait for a quiet machine (0: never wait). */
export function setQuietWait(seconds: number): void {
  quietWaitSeconds = seconds;
}

/** Seconds every step waits after `sync`, so that freed memory has gone back to the host (see above). */
export const COOL_DOWN_SECONDS = 5;

let warmInputs: (() => void) | null = null;

/** What re-reads the current part's inputs before each step (null: nothing to keep warm). */
export function keepWarm(read: (() => void) | null): void {
  warmInputs = read;
}

export async function settle(): Promise<void> {
  execFileSync('sync');
  await new Promise((resolve) => setTimeout(resolve, COOL_DOWN_SECONDS * 1000));
  warmInputs?.();
  const deadline = performance.now() + quietWaitSeconds * 1000;
  while (performance.now() < deadline && (await busyCoresNow(0.5)) > QUIET_CORES) {
    // keep waiting: something else is running
  }
}

/** Cores kept busy by other processes over the next `seconds` (this process idles meanwhile). */
export async function busyCoresNow(seconds = 1): Promise<number> {
  const before = busyCpuSeconds();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  return Math.max(0, (busyCpuSeconds() - before) / seconds);
}

/** CPU seconds the whole machine spent busy (not idle, not waiting for I/O) since boot. */
export function busyCpuSeconds(): number {
  // cpu  user nice system idle iowait irq softirq steal …, in USER_HZ (100 per second on Linux).
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq + steal) / 100;
}
