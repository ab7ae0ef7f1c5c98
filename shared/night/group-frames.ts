/**
 * Grouping: which usable frames of a night can be combined or calibrated together, and what
 * the user should know about the others (unreadable, duplicate, unclassified, no exposure).
 */
import type { CameraSettings, FrameGroup, FrameInfo, FrameType, MasterSpec, Problem, SetupTemperature } from './frames';
import { bayerOf, cameraSettingsOf, describeSettings, matchRulesFor, settingsKey, setupTemperatureOf, temperatureClusters, type MatchRules } from './matching';
import { frameTypeWords } from './imagetyp-words';
import { problem } from './problems';

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
 * Groups usable frames by type, camera settings (matching.ts: camera, gain, offset, readout
 * mode, binning, size, subframe, colour pattern), filter (flats and lights), exposure (darks,
 * dark flats, lights), night and, for lights, the steps their capture software already applied;
 * each such set is then split by temperature (within the tolerance). Lists unknown files;
 * reports unreadable files, duplicates, frames with missing or implausible exposure.
 * Deterministic order (type bias, dark, darkflat, flat, light; then key).
 *
 * Flats of one filter combine whatever their exposures: each frame gets its own dark and is
 * divided by its own median first, and twilight flats are taken at changing exposures — keyed
 * by exposure they would fall apart into masters of one or two frames. A flat group's
 * `exposure` is the median exposure (for messages).
 */
export function groupFrames(frames: readonly FrameInfo[], rules: MatchRules = matchRulesFor(frames)): NightGrouping {
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
    const key = groupKey(type, frame, rules);
    const exact = keyId(key);
    const entry = members.get(exact) ?? { key, frames: [] };
    entry.frames.push(frame);
    members.set(exact, entry);
  }
  const groups = [...members.values()]
    .flatMap(({ key, frames: inGroup }) => temperatureClusters(inGroup, rules).map((cluster) => toGroup(key, cluster)))
    .sort(compareGroups);
  for (const group of groups.filter((g) => g.type === 'light' && g.precalibrated !== '')) {
    const evidence = [...new Set(group.frameIds.flatMap((id) => frames.find((f) => f.id === id)?.facts?.precalibrated.evidence ?? []))];
    problems.push(problem('pre-calibrated', 'info', `lights ${describeGroup(group)}: already ${stepsInWords(group.precalibrated)} by the capture software (${evidence.join('; ')}): not applied again`, group.frameIds));
  }
  for (const group of groups) {
    if (group.type !== 'light' && group.frameIds.length === 1) {
      problems.push(problem('single-frame-master', 'info', `the master ${frameTypeWords(group.type)} ${describeGroup(group)} is a single frame: its noise is not averaged down`, group.frameIds));
    }
  }
  return { groups, unclassified, problems };
}

/** What frames must share exactly to be combined (the temperature is clustered afterwards). */
interface GroupKey {
  readonly type: FrameType;
  readonly settings: CameraSettings;
  /** settingsKey(settings): the exact part as a string. */
  readonly settingsKey: string;
  readonly filter: string | null;
  /** Rounded to the microsecond (headers round differently: 60 vs 60.000001); null for a bias and a flat. */
  readonly exposure: number | null;
  readonly night: string | null;
  readonly precalibrated: string;
}

function groupKey(type: FrameType, frame: FrameInfo, rules: MatchRules): GroupKey {
  const facts = frame.facts!;
  const exposure = facts.exposure === null ? null : Math.round(facts.exposure * 1e6) / 1e6;
  const settings = cameraSettingsOf(facts);
  return {
    type,
    settings,
    settingsKey: settingsKey(settings, rules),
    filter: type === 'flat' || type === 'light' ? facts.filter : null,
    exposure: BY_EXPOSURE.has(type) ? exposure : null,
    night: frame.night,
    precalibrated: type === 'light' ? stepLetters(facts.precalibrated) : '',
  };
}

/** The steps already applied, in CALSTAT letters. */
export function stepLetters(steps: { readonly bias: boolean; readonly dark: boolean; readonly flat: boolean }): string {
  return `${steps.bias ? 'B' : ''}${steps.dark ? 'D' : ''}${steps.flat ? 'F' : ''}`;
}

/** 'BD' → 'bias- and dark-subtracted'. */
function stepsInWords(letters: string): string {
  const words = [letters.includes('B') && 'bias-', letters.includes('D') && 'dark-'].filter(Boolean).join(' and ');
  const subtracted = words === '' ? '' : `${words}subtracted`;
  return [subtracted, letters.includes('F') && 'flat-fielded'].filter(Boolean).join(' and ');
}

/** 'light|R|120|gain 100|1x1|6248x4176|-10C|2026-03-01': readable, and the same for the same frames. */
function groupId(key: GroupKey, temperature: SetupTemperature | null): string {
  const parts: string[] = [key.type];
  if (key.type === 'flat' || key.type === 'light') parts.push(key.filter === null ? NONE : key.filter.replace(/%/g, '%25').replace(/\|/g, '%7C'));
  if (BY_EXPOSURE.has(key.type)) parts.push(key.exposure === null ? NONE : String(key.exposure));
  const { settings } = key;
  if (settings.camera !== null) parts.push(settings.camera.replace(/%/g, '%25').replace(/\|/g, '%7C'));
  if (settings.gain !== null) parts.push(`gain ${settings.gain}`);
  if (settings.offset !== null) parts.push(`offset ${settings.offset}`);
  if (settings.readoutMode !== null) parts.push(`readout ${settings.readoutMode.replace(/\|/g, '%7C')}`);
  parts.push(settings.binning, `${settings.width}x${settings.height}`);
  if (settings.subframe !== null) parts.push(`at ${settings.subframe}`);
  if (settings.cfa !== null) parts.push(settings.cfa);
  if (temperature !== null) parts.push(`${Math.round(temperature.mean)}C`);
  if (key.precalibrated !== '') parts.push(`pre ${key.precalibrated}`);
  parts.push(key.night ?? NONE);
  return parts.join('|');
}

/** Keys of frames that combine: the exact settings string, not the readable id (two ids may read alike). */
function keyId(key: GroupKey): string {
  return JSON.stringify([key.type, key.settingsKey, key.filter, key.exposure, key.night, key.precalibrated]);
}

function toGroup(key: GroupKey, frames: readonly FrameInfo[]): FrameGroup {
  const exposures = frames.map((frame) => frame.facts!.exposure).filter((value): value is number => value !== null);
  const temperature = setupTemperatureOf(frames);
  return {
    id: groupId(key, temperature),
    type: key.type,
    ...key.settings,
    filter: key.filter,
    exposure: BY_EXPOSURE.has(key.type) ? key.exposure : median(exposures),
    temperature,
    bayer: bayerOf(frames),
    night: key.night,
    frameIds: frames.map((frame) => frame.id).sort(),
    precalibrated: key.precalibrated,
  };
}

/** Type (bias, dark, darkflat, flat, light), then filter, exposure, settings, temperature and night; nulls first. */
export function compareGroups(a: FrameGroup, b: FrameGroup): number {
  return (
    TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type) ||
    compareNullable(a.filter, b.filter) ||
    compareNullable(a.exposure, b.exposure) ||
    compareNullable(a.camera, b.camera) ||
    compareNullable(a.gain, b.gain) ||
    compareNullable(a.offset, b.offset) ||
    compareNullable(a.readoutMode, b.readoutMode) ||
    compareNullable(a.binning, b.binning) ||
    a.width - b.width ||
    a.height - b.height ||
    compareNullable(a.temperature?.mean ?? null, b.temperature?.mean ?? null) ||
    compareNullable(a.night, b.night) ||
    compareNullable(a.id, b.id)
  );
}

/** 'R 120 s (gain 100, 1x1, 2048x2048, −10.0 °C, night 2026-03-01)': a group in words, for messages. */
export function describeGroup(group: FrameGroup | MasterSpec): string {
  const type = 'type' in group ? group.type : group.kind;
  const filter = type === 'flat' || type === 'light' ? (group.filter === null ? 'without filter ' : `${group.filter} `) : '';
  const exposure = BY_EXPOSURE.has(type) ? (group.exposure === null ? 'no exposure ' : `${formatSeconds(group.exposure)} s `) : '';
  return `${filter}${exposure}(${describeSettings(group)}, night ${group.night ?? 'unknown'})`;
}

/** '1x1, 2048x2048': binning and size, what a master and a frame must always share. */
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
