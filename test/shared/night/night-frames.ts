/** Hand-built FrameInfo for the grouping and planning tests: only what a case states differs. */
import type { FrameError, FrameInfo, FrameKind } from '../../../shared/night/frames';

export interface FrameOptions {
  readonly exposure?: number | null;
  readonly filter?: string | null;
  readonly bin?: readonly [number, number];
  readonly size?: readonly [number, number];
  readonly night?: string | null;
  readonly error?: FrameError | null;
  readonly duplicateOf?: string | null;
  readonly excluded?: boolean;
}

export const NIGHT = '2026-03-01';

/** One frame of a 100x100, 1x1 camera on NIGHT unless the options say otherwise. */
export function frame(id: string, type: FrameKind, options: FrameOptions = {}): FrameInfo {
  const [binX, binY] = options.bin ?? [1, 1];
  const [width, height] = options.size ?? [100, 100];
  const exposure = options.exposure === undefined ? (type === 'bias' ? 0 : 60) : options.exposure;
  return {
    id,
    path: `/nights/${NIGHT}/${id}`,
    sizeBytes: 20_160,
    mtimeMs: 1_772_400_000_000,
    storage: 'fits',
    facts: {
      imagetyp: null,
      exposure,
      filter: options.filter === undefined ? null : options.filter,
      binX,
      binY,
      width,
      height,
      indiFrame: null,
      subframe: null,
      camera: null,
      readoutMode: null,
      ccdTemp: -10,
      setTemp: -10,
      temperature: -10,
      temperatureSource: 'SET-TEMP',
      gain: 100,
      offset: 30,
      bayer: null,
      precalibrated: { bias: false, dark: false, flat: false, pedestal: null, evidence: [] },
      stacked: null,
      master: null,
      celestialWcs: false,
      pixelScale: null,
      saturation: null,
      dateObs: '2026-03-01T22:00:00.000Z',
      dateEnd: null,
      siteLongitude: null,
      implausible: [],
    object: null,
    },
    classification: { type, rule: 'user', reason: 'built by the test' },
    night: options.night === undefined ? NIGHT : options.night,
    error: options.error ?? null,
    duplicateOf: options.duplicateOf ?? null,
    excluded: options.excluded ?? false,
  };
}

/** `count` frames named `${prefix}_01.fits`, `${prefix}_02.fits`, … */
export function frames(prefix: string, count: number, type: FrameKind, options: FrameOptions = {}): FrameInfo[] {
  return Array.from({ length: count }, (_, i) => frame(`${prefix}_${String(i + 1).padStart(2, '0')}.fits`, type, options));
}

/** Freezes a value and everything inside it, so a function that writes its input throws. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value as object)) deepFreeze(inner);
  }
  return value;
}
