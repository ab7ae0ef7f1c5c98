/**
 * The bounds on every number a request or a command line may carry, in one table: the
 * API's validation (electron/api/validate-request.ts) and the CLI (electron/cli/main.ts)
 * both read them here, so the app and the terminal accept the same values.
 */

/** The bounds of one whole number (or, for the UTC offset, one number). */
export interface NumericLimit {
  readonly min: number;
  readonly max: number;
  /** The value used when none is given, where this table decides it; null where it is chosen at run time. */
  readonly default: number | null;
  /** Why these bounds, in one line. */
  readonly why: string;
}

/** Every limit, by the request field or option it bounds. */
export const REQUEST_LIMITS = {
  workers: {
    min: 1,
    max: 256,
    default: null,
    why: 'one worker thread per core by default; each holds a scratch slot in the arena, and 256 is past any workstation',
  },
  watchIncompleteSeconds: {
    min: 0.05,
    max: 86_400,
    default: 60,
    why: 'a file still incomplete this long after it appeared is reported: a capture program writes a frame in well under a minute; a day is past any',
  },
  watchSettleSeconds: {
    min: 0,
    max: 86_400,
    default: 30,
    why: 'new calibration frames wait this long after the last one of their series before their master is built (0: at once)',
  },
  watchPollSeconds: {
    min: 0.5,
    max: 3600,
    default: 10,
    why: 'between looks at the folder listing: below half a second it is busy polling, above an hour no watch',
  },
  memoryMB: {
    min: 16,
    max: 1_048_576,
    default: 1024,
    why: 'the memory budget of a whole run, masters and lights in flight counted: below 16 MB no strip plan fits, 1 TiB is past any machine',
  },
  temperatureTolerance: {
    min: 0,
    max: 50,
    default: 2,
    why: 'calibration frames match lights within this many °C either side: a cooler holds its set-point to a fraction of a degree, 50 °C is no cooling at all',
  },
  ioTimeoutSeconds: {
    min: 1,
    max: 86_400,
    default: 120,
    why: 'a frame whose reading takes longer fails (a dead network mount): a 150 MP frame from a hard disk takes ~2 s, and a day is past any read',
  },
  utcOffsetHours: {
    min: -12,
    max: 14,
    default: null,
    why: 'the time zones in use run from UTC−12 to UTC+14; without one, SITELONG or this computer’s zone decides',
  },
  previewSize: {
    min: 64,
    max: 2048,
    default: null,
    why: 'the longest side of a preview (the previews have their default): a screen shows no more, and 2048² float32 is 16 MB per reply',
  },
  pixelBlockSide: {
    min: 1,
    max: 512,
    default: null,
    why: 'the width and height of a block of full-resolution pixels (the viewer’s 1:1 tiles): 512² float32 is 1 MB per reply',
  },
  pixelOrigin: {
    min: 0,
    max: 1_048_575,
    default: null,
    why: 'the first column and row of such a block: no sensor is a million pixels wide (the image’s own size is checked when it is read)',
  },
  demoSize: {
    min: 16,
    max: 8192,
    default: 512,
    why: 'the demo’s frames are size × size: 16 px still holds stars, 8192 px is a large camera (past 4096 px, DEMO_MAX_BYTES decides)',
  },
  demoLights: {
    min: 1,
    max: 2000,
    default: 24,
    why: 'a demo night needs one light; 2000 is more than a long winter night of short exposures',
  },
  demoSeed: {
    min: 0,
    max: 2 ** 31,
    default: 1,
    why: 'the demo’s random seed: same seed, same bytes',
  },
  port: {
    min: 0,
    max: 65535,
    default: 0,
    why: 'the browser mode’s TCP port on 127.0.0.1; 0 takes any free one',
  },
} as const satisfies Readonly<Record<string, NumericLimit>>;

/** How many calibration frames the demo night writes besides its lights, and its filters. */
export const DEMO_DEFAULT_COUNTS = {
  biasFrames: 15,
  darkFrames: 10,
  flatsPerFilter: 10,
  filters: ['L', 'R'],
} as const;

/** Largest demo night written: its raw frames take size² × frames × 2 bytes. */
export const DEMO_MAX_BYTES = 4 * 1024 ** 3;

/** Frames of a demo night with `lights` lights in `filters` filters, the calibration frames at their defaults. */
export function demoNightFrames(lights: number, filters: number = DEMO_DEFAULT_COUNTS.filters.length): number {
  return lights + DEMO_DEFAULT_COUNTS.biasFrames + DEMO_DEFAULT_COUNTS.darkFrames + DEMO_DEFAULT_COUNTS.flatsPerFilter * filters;
}

/** Bytes of a demo night's raw pixels: `frames` frames of size² 16-bit pixels. */
export function demoNightBytes(size: number, frames: number): number {
  return size * size * 2 * frames;
}

/** Why a demo night this big is not written (it would fill a disk), or null when it may be. */
export function demoNightTooBig(request: { readonly size?: number; readonly lights?: number; readonly filters?: number }): string | null {
  const size = request.size ?? REQUEST_LIMITS.demoSize.default;
  const frames = demoNightFrames(request.lights ?? REQUEST_LIMITS.demoLights.default, request.filters);
  const bytes = demoNightBytes(size, frames);
  if (bytes <= DEMO_MAX_BYTES) return null;
  return `the demo night would take ${gibibytes(bytes)} (${frames} frames of ${size}×${size} 16-bit pixels), more than the ${gibibytes(DEMO_MAX_BYTES)} a demo may take: choose a smaller size or fewer lights`;
}

function gibibytes(bytes: number): string {
  const gib = bytes / 1024 ** 3;
  return `${gib < 10 ? gib.toFixed(2).replace(/\.?0+$/, '') : Math.round(gib)} GiB`;
}
