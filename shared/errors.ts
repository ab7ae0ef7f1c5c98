/**
 * One shape for every failure NightCal reports, whether of a light, a master or the whole run:
 * plain data that crosses every boundary. The code is for programs and the app's badges; the
 * message is for people and names the file (or folder) and what is wrong with it.
 */

export interface NightcalError {
  readonly code: ErrorCode;
  readonly message: string;
}

export type ErrorCode =
  // Reading a file.
  | 'not-fits'
  | 'truncated'
  | 'no-data'
  | 'unsupported'
  | 'bad-header'
  | 'io'
  /** A FIFO, a device or a socket where a FITS file was expected. */
  | 'not-a-file'
  /** A read that did not finish within the I/O deadline (a dead network mount). */
  | 'timeout'
  // What a header says.
  | 'missing-exposure'
  /** A header value that would make a number non-finite (an exposure of 1E306 s). */
  | 'bad-value'
  // Masters.
  | 'no-matching-master'
  /** A master that could not be built; its lights fail with it. */
  | 'master-failed'
  // The worker pool.
  | 'worker-crashed'
  // Writing.
  | 'write-failed'
  /** Something NightCal did not write is in the way of an output (a raw frame, a link). */
  | 'output-refused'
  /** The output folder was removed during the run. */
  | 'output-vanished'
  /** Another run holds the output folder. */
  | 'locked'
  | 'cancelled';

/** An error of a run, and what it is about. */
export type RunError =
  | { readonly scope: 'run'; readonly error: NightcalError }
  | { readonly scope: 'master'; readonly masterId: string; readonly error: NightcalError }
  | { readonly scope: 'frame'; readonly frameId: string; readonly error: NightcalError };

/** An unexpected throw as a NightcalError: its message, under `code`. */
export function asNightcalError(error: unknown, code: ErrorCode): NightcalError {
  return { code, message: error instanceof Error ? error.message : String(error) };
}
