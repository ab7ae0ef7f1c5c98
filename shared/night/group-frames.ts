/**
 * Grouping: which usable frames of a night can be combined or calibrated together, and what
 * the user should know about the others (unreadable, duplicate, unclassified, no exposure).
 */
import type { FrameGroup, FrameInfo, FrameSetup, FrameType, Problem } from './frames';
import { frameTypeWords } from './imagetyp-words';

export interface NightGrouping {
  readonly groups: readonly FrameGroup[];
  readonly unclassified: readonly string[];
  readonly problems: readonly Problem[];
}

const TYPE_ORDER: readonly FrameType[] = ['bias', 'dark', 'darkflat', 'flat', 'light'];

/** Types grouped by exposure like a dark: a dark flat is a dark at the flats' exposure. */
const BY_EXPOSURE = new Set<FrameType>(['dark', 'darkflat', 'light']);

/** Stands for a missing filter, exposure or night in group ids ('-' is never a filter: it is a placeholder). */
const NONE = '-';

/**
 * Groups usable frames by type, filter (flats and lights only), exposure (darks, flats, lights),
 * binning, size and night; lists unknown files; reports unreadable files, duplicates, frames with
 * missing exposure. Deterministic order (type bias,dark,darkflat,flat,light; then key).
 *
 * Keys: bias = binning+size+night; dark and darkflat = exposure+binning+size+night; flat = filter+binning+
 * size+night; light = filter+exposure+binning+size+night. Flats of one filter combine whatever
 * their exposures: each frame is divided by its own median first, and twilight flats are taken
 * at changing exposures — keyed by exposure they would fall apart into masters of one or two
 * frames. A flat group's `exposure` is the median exposure (used to choose and scale its dark).
 */
export function groupFrames(frames: readonly FrameInfo[]): NightGrouping {
  const problems: Problem[] = [];
  const unclassified: string[] = [];
  const members = new Map<string, { readonly key: GroupKey; readonly frames: FrameInfo[] }>();
  for (const frame of [...frames].sort(byId)) {
    const type = frame.classification.type;
    if (frame.error !== null || frame.facts === null) {
      // Errors from the FITS layer already name the file (by its full path).
      const why = frame.error?.message ?? 'its header could not be read';
      const message = why.includes(frame.path) ? why : `${frame.id}: ${why}`;
      problems.push(problem('unreadable', 'error', message, [frame.id]));
      continue;
    }
    if (type === 'unknown') unclassified.push(frame.id);
    if (frame.duplicateOf !== null) {
      problems.push(problem('duplicate', 'warning', `${frame.id} is a byte-identical copy of ${frame.duplicateOf}: it is left out`, [frame.id, frame.duplicateOf]));
      continue;
    }
    if (frame.excluded) continue;
    if (type === 'unknown') {
      problems.push(problem('unclassified', 'warning', `${frame.id}: type unknown (${frame.classification.reason})`, [frame.id]));
      continue;
    }
    if (type !== 'bias' && frame.facts.implausible.length > 0) {
      // A value that cannot be right (EXPTIME = 1E306) would poison every number made from it: the frame is left out, alone.
      problems.push(problem('bad-value', 'error', `${frame.id}: ${frame.facts.implausible.join('; ')}: left out`, [frame.id]));
      continue;
    }
    if (type !== 'bias' && frame.facts.exposure === null) {
      // A dark without exposure cannot be matched or scaled; flats and lights are still grouped.
      const consequence =
        type === 'dark' ? 'left out of the master darks' : type === 'darkflat' ? 'left out of the dark flats' : type === 'flat' ? 'its dark cannot be scaled' : 'no dark can be chosen or scaled for it';
      problems.push(problem('missing-exposure', 'error', `${frame.id}: ${type} without an exposure time (EXPTIME/EXPOSURE): ${consequence}`, [frame.id]));
      if (type === 'dark' || type === 'darkflat') continue;
    }
    const key = groupKey(type, frame);
    const id = keyId(key);
    const entry = members.get(id) ?? { key, frames: [] };
    entry.frames.push(frame);
    members.set(id, entry);
  }
  const groups = [...members.entries()].map(([id, { key, frames: inGroup }]) => toGroup(id, key, inGroup)).sort(compareGroups);
  for (const group of groups) {
    if (group.type !== 'light' && group.frameIds.length === 1) {
      problems.push(problem('single-frame-master', 'info', `the master ${frameTypeWords(group.type)} ${describeGroup(group)} is a single frame: its noise is not averaged down`, group.frameIds));
    }
  }
  return { groups, unclassified, problems };
}

/** A group's key; its exposure (darks, lights) is rounded to the microsecond, null otherwise or when missing. */
interface GroupKey extends FrameSetup {
  readonly type: FrameType;
}

function groupKey(type: FrameType, frame: FrameInfo): GroupKey {
  const facts = frame.facts!;
  const exposure = facts.exposure === null ? null : Math.round(facts.exposure * 1e6) / 1e6;
  return {
    type,
    filter: type === 'flat' || type === 'light' ? facts.filter : null,
    exposure: BY_EXPOSURE.has(type) ? exposure : null,
    binning: `${facts.binX}x${facts.binY}`,
    width: facts.width,
    height: facts.height,
    night: frame.night,
  };
}

/** 'flat|R|1x1|2048x2048|2026-03-01', 'dark|60|1x1|…': readable, and the same for the same key. */
function keyId(key: GroupKey): string {
  const parts: string[] = [key.type];
  if (key.type === 'flat' || key.type === 'light') parts.push(key.filter === null ? NONE : key.filter.replace(/%/g, '%25').replace(/\|/g, '%7C'));
  if (BY_EXPOSURE.has(key.type)) parts.push(key.exposure === null ? NONE : String(key.exposure));
  parts.push(key.binning, `${key.width}x${key.height}`, key.night ?? NONE);
  return parts.join('|');
}

function toGroup(id: string, key: GroupKey, frames: readonly FrameInfo[]): FrameGroup {
  const exposures = frames.map((frame) => frame.facts!.exposure).filter((value): value is number => value !== null);
  return {
    id,
    type: key.type,
    filter: key.filter,
    exposure: BY_EXPOSURE.has(key.type) ? key.exposure : median(exposures),
    binning: key.binning,
    width: key.width,
    height: key.height,
    night: key.night,
    frameIds: frames.map((frame) => frame.id),
  };
}

/** Type (bias, dark, darkflat, flat, light), then filter, exposure, binning, size and night; nulls first. */
export function compareGroups(a: FrameGroup, b: FrameGroup): number {
  return (
    TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type) ||
    compareNullable(a.filter, b.filter) ||
    compareNullable(a.exposure, b.exposure) ||
    compareNullable(a.binning, b.binning) ||
    a.width - b.width ||
    a.height - b.height ||
    compareNullable(a.night, b.night) ||
    compareNullable(a.id, b.id)
  );
}

/** 'R 120 s (1x1, 2048x2048, night 2026-03-01)': a group in words, for messages. */
export function describeGroup(group: FrameGroup): string {
  const filter = group.type === 'flat' || group.type === 'light' ? (group.filter === null ? 'without filter ' : `${group.filter} `) : '';
  const exposure = BY_EXPOSURE.has(group.type) ? (group.exposure === null ? 'no exposure ' : `${formatSeconds(group.exposure)} s `) : '';
  return `${filter}${exposure}(${describeSetup(group)}, night ${group.night ?? 'unknown'})`;
}

/** '1x1, 2048x2048': binning and size, what a master and a frame must share. */
export function describeSetup(setup: { readonly binning: string; readonly width: number; readonly height: number }): string {
  return `${setup.binning}, ${setup.width}x${setup.height}`;
}

/** Seconds as short as exact: 60, 0.5, 0.00001. */
export function formatSeconds(seconds: number): string {
  return String(Number(seconds.toPrecision(12)));
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function compareNullable<T extends string | number>(a: T | null, b: T | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

function byId(a: FrameInfo, b: FrameInfo): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function problem(code: Problem['code'], severity: Problem['severity'], message: string, frameIds: readonly string[]): Problem {
  return { code, severity, message, frameIds };
}
