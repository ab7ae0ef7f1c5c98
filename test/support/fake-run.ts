/**
 * The fake client's calibration run: lights taken in order by a few simulated workers, each
 * frame "running" then "done" (or failed, every n-th), throttled progress totals, skips for
 * frames an earlier run already wrote, and prompt cancellation.
 */
import type { FrameError, FrameRunState, NightcalEvent, NightView, RunSummary } from '../../shared/contract';
import { countNotes, lightTreatments } from '../../shared/run/light-treatment';

export interface SimulatedRun {
  readonly night: NightView;
  /** Every light of the run, updated in place as frames finish (the snapshot reads it). */
  readonly frames: Map<string, FrameRunState>;
  /** The frames of the previous run, if any: those written then are skipped. */
  readonly previous: ReadonlyMap<string, FrameRunState> | undefined;
  readonly emit: (event: NightcalEvent) => void;
  readonly sleep: (ms: number) => Promise<void>;
  /** Simulated milliseconds per frame on one worker. */
  readonly frameMs: number;
  /** Every n-th light fails (0 for none). */
  readonly failEvery: number;
  readonly workers: number;
  readonly reportEveryMs: () => number;
  readonly isCancelled: () => boolean;
  readonly mastersUsed: () => RunSummary['masters'];
  /** Lights that cannot be calibrated (unreadable…): failed at once with the reason, as main does. */
  readonly blocked?: ReadonlyMap<string, FrameError>;
}

const CANCELLED = { code: 'cancelled', message: 'the run was cancelled' } as const;

/** Runs the simulated calibration to its end (or cancellation) and returns its summary. */
export async function simulateCalibration(run: SimulatedRun): Promise<RunSummary> {
  const { night, frames, emit } = run;
  const all = [...frames.keys()];
  const ids = all.filter((id) => !run.blocked?.has(id));
  const started = Date.now();
  const counts = { done: 0, failed: 0, skipped: 0 };
  const settle = (state: FrameRunState) => {
    frames.set(state.frameId, state);
    emit({ kind: 'frame', ...state });
  };
  const report = () => {
    const elapsedSeconds = (Date.now() - started) / 1000;
    const finished = counts.done + counts.failed;
    const framesPerSecond = finished / Math.max(elapsedSeconds, 1e-3);
    const etaSeconds = finished > 4 ? (all.length - finished - counts.skipped) / framesPerSecond : null;
    emit({ kind: 'progress', stage: 'calibrate', done: counts.done + counts.skipped, failed: counts.failed, total: all.length, elapsedSeconds, framesPerSecond, etaSeconds });
  };
  const ticker = setInterval(report, run.reportEveryMs());
  for (const [frameId, error] of run.blocked ?? []) {
    counts.failed += 1;
    settle({ frameId, status: 'failed', ms: null, outputPath: null, error, kernel: null, write: null, quality: null });
  }

  let next = 0;
  const worker = async () => {
    while (next < ids.length && !run.isCancelled()) {
      const index = next;
      next += 1;
      const frameId = ids[index];
      const outputPath = `${night.outputDir}/${frameId.replace(/\.fits$/, '_cal.fits')}`;
      const earlier = run.previous?.get(frameId);
      if (earlier && (earlier.status === 'done' || earlier.status === 'skipped')) {
        counts.skipped += 1;
        settle({ frameId, status: 'skipped', ms: null, outputPath, error: null, kernel: null, write: null, quality: null });
        await run.sleep(2);
        continue;
      }
      settle({ frameId, status: 'running', ms: null, outputPath: null, error: null, kernel: null, write: null, quality: null });
      const ms = run.frameMs * (0.8 + (0.4 * ((index * 7919) % 101)) / 100);
      await run.sleep(ms);
      if (run.isCancelled()) {
        settle({ frameId, status: 'cancelled', ms: null, outputPath: null, error: CANCELLED, kernel: null, write: null, quality: null });
      } else if (run.failEvery > 0 && (index + 1) % run.failEvery === 0) {
        counts.failed += 1;
        const message = `${frameId}: file ends at 18.2 MB, its header announces 23.4 MB of pixels`;
        settle({ frameId, status: 'failed', ms: Math.round(ms), outputPath: null, error: { code: 'truncated', message }, kernel: null, write: null, quality: null });
      } else {
        counts.done += 1;
        settle({ frameId, status: 'done', ms: Math.round(ms * 7.5), outputPath, error: null, kernel: null, write: null, quality: null });
      }
    }
  };
  await Promise.all(Array.from({ length: run.workers }, worker));
  clearInterval(ticker);
  for (const frameId of ids.slice(next)) settle({ frameId, status: 'cancelled', ms: null, outputPath: null, error: CANCELLED, kernel: null, write: null, quality: null });
  report();

  const seconds = (Date.now() - started) / 1000;
  return {
    outputDir: night.outputDir,
    manifestPath: `${night.outputDir}/nightcal-run.json`,
    total: all.length,
    done: counts.done,
    failed: counts.failed,
    skipped: counts.skipped,
    cancelled: run.isCancelled(),
    seconds,
    framesPerSecond: (counts.done + counts.failed) / Math.max(seconds, 1e-3),
    masters: run.mastersUsed(),
    kernels: { 'wasm-simd': counts.done, javascript: 0 },
    writes: { direct: 0, buffered: counts.done },
    errors: [...frames.values()].filter((f) => f.status === 'failed').map((f) => ({ scope: 'frame' as const, frameId: f.frameId, error: f.error! })),
    lightNotes: countNotes(lightTreatments(night), [...frames.values()].filter((f) => f.status === 'done' || f.status === 'skipped').map((f) => f.frameId)),
    notes: [],
  };
}
