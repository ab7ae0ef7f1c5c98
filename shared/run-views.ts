/**
 * The states a master and a light start in, made in one place for main, the renderer and the
 * manifest: a master planned, a light queued, a light's outcome.
 */
import type { FrameRunState, FrameRunStatus, MasterView } from './contract';
import type { MasterSpec } from './night/frames';

/** A master not built yet. */
export function plannedMaster(spec: MasterSpec): MasterView {
  return { spec, status: 'planned', path: null, stats: null, histogram: null, seconds: null, method: null, kernels: null, error: null };
}

/** A light in `status`, with whatever else is known of it. */
export function frameState(frameId: string, status: FrameRunStatus, known: Partial<Omit<FrameRunState, 'frameId' | 'status'>> = {}): FrameRunState {
  return { frameId, status, ms: null, outputPath: null, error: null, kernel: null, write: null, quality: null, ...known };
}
