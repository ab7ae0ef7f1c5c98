/**
 * Before every timed step: the same starting state for NightCal, the peers and the floor.
 * Dirty pages left by the previous step are written back (`sync`), and the step waits, for a
 * bounded time, until other processes leave the cores idle: this machine kind is shared (other
 * sessions' tests and tools), and a step timed beside them measures them as much as us. The
 * load that remained is recorded with every run (measure-command's otherCores).
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

export async function settle(): Promise<void> {
  execFileSync('sync');
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
