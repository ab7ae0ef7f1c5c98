/**
 * How many rows of every frame a combining worker holds at once, so that a master of any size
 * is built within a memory budget (the role of ccdproc's `_calculate_step_sizes`, with the
 * memory counted from the buffers the worker really holds rather than a profiled factor).
 *
 * Memory model, per worker and per row of the strip:
 *   frameCount · width · bytesPerRawPixel   the raw strip bytes of every frame, as read
 * + frameCount · width · 4                   the float32 stack they are decoded into
 * + width · 4                                the float32 combined row (the strip's output)
 * The budget, less `fixedBytes` (memory held outside the strips, such as the master being
 * assembled in a shared buffer: width · height · 4), is split evenly between the workers.
 * Per-worker scratch that does not grow with the strip (the selection tile, under 1 MB for 500
 * frames) is left out; pass it in `fixedBytes` when it matters.
 *
 * Strips are also kept small enough that every worker gets work (at least STRIPS_PER_WORKER
 * strips each when the image has the rows), so that two cores are both busy and progress is
 * reported more than once per master.
 */

/** A run of image rows, combined as one task. */
export interface Strip {
  /** First row (0-based). */
  readonly rowStart: number;
  /** Rows in the strip (at least 1). */
  readonly rowCount: number;
}

/** The plan for combining a stack in strips. */
export interface StripPlan {
  /** The most rows any strip has. */
  readonly rowsPerStrip: number;
  /** Consecutive strips covering rows 0…height−1 exactly once. */
  readonly strips: readonly Strip[];
  /** Bytes one worker holds for a strip of `rowsPerStrip` rows (by the model above). */
  readonly bytesPerWorker: number;
}

/** The sizes a strip plan depends on. */
export interface StripParameters {
  /** Image width and height in pixels. */
  readonly width: number;
  readonly height: number;
  /** Frames combined into the master. */
  readonly frameCount: number;
  /** Workers combining strips at the same time. */
  readonly workers: number;
  /** Memory allowed for combining, in bytes. */
  readonly budgetBytes: number;
  /** Bytes per pixel of the raw files (|BITPIX| / 8). */
  readonly bytesPerRawPixel: number;
  /** Bytes of the budget held outside the workers' strips (default 0). */
  readonly fixedBytes?: number;
}

/** Strips per worker wanted when memory allows bigger ones: keeps both cores busy and progress moving. */
export const STRIPS_PER_WORKER = 4;

/** Bytes a worker holds per row of strip: the raw bytes and float32 stack of every frame, and one output row. */
export function bytesPerStripRow(width: number, frameCount: number, bytesPerRawPixel: number): number {
  return frameCount * width * (bytesPerRawPixel + 4) + width * 4;
}

/**
 * Rows per strip for combining `frameCount` frames of width×height in `budgetBytes` across `workers` workers;
 * returns the strip list covering all rows. Throws a clear Error when not even one row fits.
 */
export function planStrips(params: StripParameters): StripPlan {
  const { width, height, frameCount, workers, budgetBytes, bytesPerRawPixel } = params;
  const fixedBytes = params.fixedBytes ?? 0;
  for (const [name, value] of [['width', width], ['height', height], ['frameCount', frameCount], ['workers', workers]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`planStrips: ${name} must be a positive integer, got ${value}`);
  }
  if (![1, 2, 4, 8].includes(bytesPerRawPixel)) {
    throw new RangeError(`planStrips: bytesPerRawPixel must be 1, 2, 4 or 8 (|BITPIX|/8), got ${bytesPerRawPixel}`);
  }
  if (!(budgetBytes > 0) || !(fixedBytes >= 0)) {
    throw new RangeError(`planStrips: budgetBytes must be positive and fixedBytes non-negative, got ${budgetBytes} and ${fixedBytes}`);
  }

  const rowBytes = bytesPerStripRow(width, frameCount, bytesPerRawPixel);
  const perWorker = Math.floor((budgetBytes - fixedBytes) / workers);
  const rowsThatFit = Math.floor(perWorker / rowBytes);
  if (rowsThatFit < 1) {
    throw new Error(
      `Not enough memory to combine ${frameCount} frames of ${width}×${height}: one row per worker needs ` +
        `${formatMB(rowBytes)} (${workers} worker${workers === 1 ? '' : 's'} → ${formatMB(rowBytes * workers + fixedBytes)} ` +
        `with ${formatMB(fixedBytes)} fixed), the budget is ${formatMB(budgetBytes)}. Raise the memory budget or use fewer workers.`,
    );
  }
  const rowsForParallelism = Math.ceil(height / (workers * STRIPS_PER_WORKER));
  const rowsWanted = Math.min(rowsThatFit, rowsForParallelism, height);
  // the same strip count with rows spread evenly, so the last strip is not a sliver
  const stripCount = Math.ceil(height / rowsWanted);
  const rowsPerStrip = Math.ceil(height / stripCount);
  const strips: Strip[] = [];
  for (let rowStart = 0; rowStart < height; rowStart += rowsPerStrip) {
    strips.push({ rowStart, rowCount: Math.min(rowsPerStrip, height - rowStart) });
  }
  return { rowsPerStrip, strips, bytesPerWorker: rowsPerStrip * rowBytes };
}

function formatMB(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MB`;
}
