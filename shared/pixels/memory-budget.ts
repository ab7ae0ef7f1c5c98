/**
 * What the --memory budget must hold besides the strips of combining and the lights in flight,
 * and how many lights may be in flight at once within it: the budget bounds the whole process,
 * masters, lights and all, not only the combining stage.
 */

/**
 * Memory the process holds whatever it does: Node and the loaded code in main (measured ~70 MB)
 * and in each worker thread (~20 MB), with room for the garbage collector.
 */
export const RUNTIME_BYTES = 128 * 1024 * 1024;
export const RUNTIME_BYTES_PER_WORKER = 32 * 1024 * 1024;

/** Bytes one light in flight holds: its stored bytes as read and its float32 output with the header's room. */
export function bytesPerLight(pixels: number, bytesPerRawPixel: number): number {
  return pixels * (bytesPerRawPixel + 4) + 128 * 1024;
}

/** How many lights may be calibrated at once, and whether the budget had to lower it. */
export interface LightConcurrency {
  readonly inFlight: number;
  /** Set when fewer lights than workers run at once because of the budget, in words. */
  readonly limitedBy: string | null;
}

/**
 * As many lights at once as there are workers, fewer when the budget (less the runtime and the
 * shared masters) cannot hold them; never fewer than one (said in `limitedBy` when even one
 * exceeds the budget: the run goes on, one light at a time).
 */
export function lightConcurrency(params: {
  readonly budgetBytes: number;
  readonly workers: number;
  readonly masterBytes: number;
  readonly pixelsPerLight: number;
  readonly bytesPerRawPixel: number;
}): LightConcurrency {
  const { budgetBytes, workers, masterBytes, pixelsPerLight, bytesPerRawPixel } = params;
  const perLight = bytesPerLight(pixelsPerLight, bytesPerRawPixel);
  const free = budgetBytes - RUNTIME_BYTES - RUNTIME_BYTES_PER_WORKER * workers - masterBytes;
  const fits = Math.floor(free / perLight);
  if (fits >= workers) return { inFlight: workers, limitedBy: null };
  const mb = (bytes: number): string => `${Math.ceil(bytes / 2 ** 20)} MB`;
  if (fits < 1) {
    return { inFlight: 1, limitedBy: `the memory budget (${mb(budgetBytes)}) is below what one light needs besides the masters (${mb(budgetBytes - free + perLight)}): the run uses one worker` };
  }
  return { inFlight: fits, limitedBy: `the memory budget (${mb(budgetBytes)}) holds ${fits} light${fits === 1 ? '' : 's'} of ${mb(perLight)} at once besides the masters (${mb(masterBytes)}): the run uses ${fits} of ${workers} workers` };
}
