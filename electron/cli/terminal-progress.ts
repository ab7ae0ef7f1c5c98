/**
 * What the command line shows while it works: a progress bar with counts, rate and ETA on a
 * terminal, or one JSON object per line with --json (for scripts and benchmarks).
 */
import type { NightcalEvent, WatchState } from '../../shared/contract';
import { assertNever } from '../../shared/assert-never';
import { plural } from './command-line';

/** Events printed with --json: scan results, masters, finished frames, the final totals. */
export function jsonLine(event: NightcalEvent): string | null {
  switch (event.kind) {
    case 'scan':
      return event.phase === 'done' ? JSON.stringify({ event: 'scan', ...withoutKind(event) }) : null;
    case 'master':
      return event.status === 'building' && event.stripsDone > 0 ? null : JSON.stringify({ event: 'master', ...withoutKind(event) });
    case 'frame':
      return event.status === 'running' || event.status === 'queued' ? null : JSON.stringify({ event: 'frame', ...withoutKind(event) });
    case 'progress':
    case 'run':
    case 'night': // a watch's arrivals are its own lines
    case 'review': // the command writes the run's final review itself, with its kept lists
      return null;
    case 'watch':
      return JSON.stringify({ event: 'watch', ...event.watch });
    case 'done':
      return JSON.stringify({ event: 'done', ...event.summary });
    default:
      return assertNever(event, 'event');
  }
}

function withoutKind<T extends { kind: string }>(event: T): Omit<T, 'kind'> {
  const { kind: _kind, ...rest } = event;
  return rest;
}

/** Formats seconds as m:ss (or h:mm:ss). */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** One line of progress: `[#####-----]  30/60 frames  46.2 fr/s  ETA 0:01`. */
export function progressLine(done: number, total: number, framesPerSecond: number | null, etaSeconds: number | null, width = 28): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(fraction * width);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
  const eta = etaSeconds === null ? '--:--' : formatDuration(etaSeconds);
  return `[${bar}] ${String(done).padStart(String(total).length)}/${total} frames  ${framesPerSecond === null ? '--' : framesPerSecond.toFixed(1)} fr/s  ETA ${eta}`;
}

/** A watch in one line: how files are found, what is done, how far behind it is. */
export function watchLine(watch: WatchState): string {
  const done = [`${watch.calibrated} calibrated`, watch.kept > 0 && `${watch.kept} kept`, watch.redone > 0 && `${watch.redone} redone`, watch.failed > 0 && `${watch.failed} failed`].filter(Boolean).join(', ');
  const waiting = [watch.queued > 0 && `${watch.queued} queued`, watch.arriving > 0 && `${watch.arriving} being written`, watch.calibrationWaiting > 0 && `${plural(watch.calibrationWaiting, 'calibration frame')} waiting for the series to end`].filter(Boolean).join(', ');
  const behind = watch.queued === 0 && watch.behindSeconds < 0.05 ? 'up to date' : `${watch.behindSeconds.toFixed(1)} s behind`;
  const newest = watch.newest?.latencyMs != null ? `; newest ${watch.newest.frameId} in ${(watch.newest.latencyMs / 1000).toFixed(2)} s` : '';
  return `watching (${watch.mode === 'poll' ? 'polling' : 'notifications'}): ${done}${waiting ? `; ${waiting}` : ''}; ${behind}${newest}`;
}

/** Prints events for a person: a live bar on a TTY, milestone lines otherwise. */
export class TerminalProgress {
  private barShown = false;
  private lastWatchLine = '';

  constructor(private readonly out: NodeJS.WriteStream) {}

  handle(event: NightcalEvent): void {
    switch (event.kind) {
      case 'scan':
        if (event.phase === 'done') this.line(`scanned ${plural(event.filesFound, 'file')}: ${plural(event.groups, 'group')}, ${event.unclassified} unclassified, ${plural(event.problems, 'problem')}`);
        return;
      case 'master':
        if (event.status === 'building' && event.stripsDone === 0) this.line(`master ${event.masterId}: building (${event.stripsTotal} strips)`);
        else if (event.status === 'done' && event.master?.spec.file) this.line(`master ${event.masterId}: read in ${event.master.seconds?.toFixed(2)} s from the library: ${event.master.path}`);
        else if (event.status === 'done' && event.master) this.line(`master ${event.masterId}: done in ${event.master.seconds?.toFixed(2)} s${kernelWords(event.master.kernels)} → ${event.master.path}`);
        else if (event.status === 'failed') this.line(`master ${event.masterId}: FAILED ${event.master?.error?.message ?? ''}`);
        return;
      case 'frame':
        if (event.status === 'failed') this.line(`failed: ${event.error?.message ?? event.frameId}`);
        return;
      case 'progress':
        if (this.out.isTTY) {
          this.out.write(`\r${progressLine(event.done, event.total, event.framesPerSecond, event.etaSeconds)}\x1b[K`);
          this.barShown = true;
        }
        return;
      case 'watch':
        // The one line that changes in place on a terminal; elsewhere a line when something happened.
        if (this.out.isTTY) {
          this.out.write(`\r${watchLine(event.watch)}\x1b[K`);
          this.barShown = true;
        } else {
          const line = watchLine(event.watch);
          if (line !== this.lastWatchLine) this.line(line);
          this.lastWatchLine = line;
        }
        return;
      case 'run':
      case 'done':
      case 'review':
      case 'night':
        return;
      default:
        assertNever(event, 'event');
    }
  }

  /** A whole line, clearing the bar first so they do not mix. */
  line(text: string): void {
    if (this.barShown) {
      this.out.write('\r\x1b[K');
      this.barShown = false;
    }
    this.out.write(`${text}\n`);
  }

  end(): void {
    if (this.barShown) this.out.write('\n');
    this.barShown = false;
  }
}

/** ' (WebAssembly SIMD)', ' (JavaScript)', ' (3 strips WebAssembly SIMD, 1 JavaScript)'; '' for a fitted master. */
function kernelWords(kernels: Readonly<Record<'wasm-simd' | 'javascript', number>> | null): string {
  if (!kernels) return '';
  if (kernels.javascript === 0) return ' (WebAssembly SIMD)';
  if (kernels['wasm-simd'] === 0) return ' (JavaScript)';
  return ` (${plural(kernels['wasm-simd'], 'strip')} WebAssembly SIMD, ${kernels.javascript} JavaScript)`;
}
