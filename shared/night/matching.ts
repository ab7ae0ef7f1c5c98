/**
 * The matching keys, in one place: which camera settings frames must share to be combined, and
 * a master to calibrate a frame — camera, gain, offset, readout mode, binning, size, subframe,
 * colour pattern, and the temperature within a tolerance — and how a mismatch is said. A setting
 * no frame of the night writes is ignored; one that some frames write and others do not is
 * "unknown", which matches only "unknown".
 */
import { REQUEST_LIMITS } from '../request-limits';
import type { BayerLayout, CameraSettings, FrameFacts, FrameInfo, FrameSetup, SetupTemperature } from './frames';

/** The temperature tolerance when none is given, in °C (shared/request-limits.ts says why). */
export const DEFAULT_TEMPERATURE_TOLERANCE: number = REQUEST_LIMITS.temperatureTolerance.default;

/** The settings that may be unwritten (binning and size always are). */
export type OptionalSetting = 'camera' | 'gain' | 'offset' | 'readoutMode' | 'subframe' | 'cfa' | 'temperature';

/** How frames are matched on one night (and its library). */
export interface MatchRules {
  /** °C either side. */
  readonly temperatureTolerance: number;
  /** Settings no frame writes: not compared. */
  readonly ignored: ReadonlySet<OptionalSetting>;
}

/** The camera settings of one frame, from its header facts. */
export function cameraSettingsOf(facts: FrameFacts): CameraSettings {
  return {
    camera: facts.camera,
    gain: facts.gain,
    offset: facts.offset,
    readoutMode: facts.readoutMode,
    binning: `${facts.binX}x${facts.binY}`,
    width: facts.width,
    height: facts.height,
    subframe: facts.subframe === null || (facts.subframe.x === 0 && facts.subframe.y === 0) ? null : `${facts.subframe.x},${facts.subframe.y}`,
    cfa: facts.bayer?.pattern ?? null,
  };
}

/** The rules for a set of frames: settings none of them writes are ignored. */
export function matchRulesFor(frames: readonly Pick<FrameInfo, 'facts'>[], temperatureTolerance = DEFAULT_TEMPERATURE_TOLERANCE): MatchRules {
  const written = new Set<OptionalSetting>();
  for (const { facts } of frames) {
    if (facts === null) continue;
    const settings = cameraSettingsOf(facts);
    for (const key of ['camera', 'gain', 'offset', 'readoutMode', 'subframe', 'cfa'] as const) if (settings[key] !== null) written.add(key);
    if (facts.temperature !== null) written.add('temperature');
  }
  const ignored = new Set<OptionalSetting>((['camera', 'gain', 'offset', 'readoutMode', 'subframe', 'cfa', 'temperature'] as const).filter((key) => !written.has(key)));
  return { temperatureTolerance, ignored };
}

/** The exact part of the settings as one string: frames with different strings never combine. */
export function settingsKey(settings: CameraSettings, rules: MatchRules): string {
  const part = (key: OptionalSetting, value: string | number | null): string => (rules.ignored.has(key) ? '' : value === null ? '?' : String(value));
  return [part('camera', settings.camera), part('gain', settings.gain), part('offset', settings.offset), part('readoutMode', settings.readoutMode), settings.binning, `${settings.width}x${settings.height}`, part('subframe', settings.subframe), part('cfa', settings.cfa)].join('|');
}

/**
 * Why a master (`candidate`) cannot calibrate frames of `target`, each difference in words
 * ("gain 200 for gain 100", "−5.1 °C for −10.0 °C (tolerance ±2 °C)"); empty when it can.
 */
export function mismatches(candidate: FrameSetup, target: FrameSetup, rules: MatchRules): string[] {
  const out: string[] = [];
  const compare = (key: OptionalSetting, name: string, a: string | number | null, b: string | number | null): void => {
    if (rules.ignored.has(key) || a === b) return;
    out.push(`${name} ${a ?? 'not written'} for ${b ?? 'not written'}`);
  };
  compare('camera', 'camera', candidate.camera, target.camera);
  compare('gain', 'gain', candidate.gain, target.gain);
  compare('offset', 'offset', candidate.offset, target.offset);
  compare('readoutMode', 'readout mode', candidate.readoutMode, target.readoutMode);
  if (candidate.binning !== target.binning) out.push(`binning ${candidate.binning} for ${target.binning}`);
  if (candidate.width !== target.width || candidate.height !== target.height) out.push(`size ${candidate.width}x${candidate.height} for ${target.width}x${target.height}`);
  compare('subframe', 'subframe at', candidate.subframe, target.subframe);
  compare('cfa', 'colour pattern', candidate.cfa, target.cfa);
  const temperature = temperatureMismatch(candidate.temperature, target.temperature, rules);
  if (temperature) out.push(temperature);
  return out;
}

/** True when `candidate` may calibrate frames of `target`. */
export function settingsMatch(candidate: FrameSetup, target: FrameSetup, rules: MatchRules): boolean {
  return mismatches(candidate, target, rules).length === 0;
}

/** How far apart two temperatures are, °C (0 when either is unknown: for ranking only). */
export function temperatureDistance(a: SetupTemperature | null, b: SetupTemperature | null): number {
  return a === null || b === null ? 0 : Math.abs(a.mean - b.mean);
}

function temperatureMismatch(candidate: SetupTemperature | null, target: SetupTemperature | null, rules: MatchRules): string | null {
  if (rules.ignored.has('temperature')) return null;
  if (candidate === null && target === null) return null;
  if (candidate === null || target === null) return `temperature ${formatTemperature(candidate)} for ${formatTemperature(target)}`;
  const apart = Math.abs(candidate.mean - target.mean);
  return apart <= rules.temperatureTolerance ? null : `${formatTemperature(candidate)} for ${formatTemperature(target)} (${apart.toFixed(1)} °C apart; tolerance ±${rules.temperatureTolerance} °C)`;
}

/**
 * How a matching master differs from the frames it calibrates, for saying so: its temperature
 * when it is not the same to 0.1 °C, and its night when it is another. The other settings
 * match by definition, so they are not repeated.
 */
export function differencesFrom(master: FrameSetup, target: FrameSetup): string[] {
  const out: string[] = [];
  if (master.temperature !== null && target.temperature !== null && Math.abs(master.temperature.mean - target.temperature.mean) >= 0.05) {
    out.push(`${formatTemperature(master.temperature)} for ${formatTemperature(target.temperature)}`);
  }
  if (master.night !== target.night && master.night !== null) out.push(`from the night of ${master.night}`);
  return out;
}

/** '−10.0 °C', 'no temperature'. */
export function formatTemperature(temperature: SetupTemperature | null): string {
  return temperature === null ? 'no temperature' : `${temperature.mean.toFixed(1).replace('-', '−')} °C`;
}

/**
 * Frames of one key split by temperature: sorted, a new cluster wherever the next frame is more
 * than the tolerance warmer than the previous, or more than twice the tolerance from the
 * cluster's first (so that a slow drift never chains −10 °C and −3 °C together). Frames without
 * a temperature form their own cluster.
 */
export function temperatureClusters<T extends { readonly facts: FrameFacts | null }>(frames: readonly T[], rules: MatchRules): T[][] {
  if (rules.ignored.has('temperature')) return frames.length > 0 ? [[...frames]] : [];
  const unknown = frames.filter((frame) => frame.facts?.temperature == null);
  const known = frames.filter((frame) => frame.facts?.temperature != null).sort((a, b) => a.facts!.temperature! - b.facts!.temperature!);
  const clusters: T[][] = [];
  for (const frame of known) {
    const t = frame.facts!.temperature!;
    const current = clusters.at(-1);
    const first = current?.[0].facts!.temperature ?? t;
    const last = current?.at(-1)!.facts!.temperature ?? t;
    if (current && t - last <= rules.temperatureTolerance && t - first <= 2 * rules.temperatureTolerance) current.push(frame);
    else clusters.push([frame]);
  }
  if (unknown.length > 0) clusters.push(unknown);
  return clusters;
}

/** The temperature of a set of frames, null when none has one. */
export function setupTemperatureOf(frames: readonly { readonly facts: FrameFacts | null }[]): SetupTemperature | null {
  const known = frames.map((frame) => frame.facts).filter((facts): facts is FrameFacts => facts?.temperature != null);
  if (known.length === 0) return null;
  const values = known.map((facts) => facts.temperature!);
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const source = known.every((facts) => facts.temperatureSource === 'SET-TEMP') ? 'SET-TEMP' : 'CCD-TEMP';
  return { mean: Number(mean.toFixed(3)), min: Math.min(...values), max: Math.max(...values), source };
}

/** The colour layout shared by a set of frames (the first one's; the key already holds the pattern). */
export function bayerOf(frames: readonly { readonly facts: FrameFacts | null }[]): BayerLayout | null {
  return frames.find((frame) => frame.facts?.bayer)?.facts?.bayer ?? null;
}

/** The settings in words, for groups and masters: "gain 100, offset 50, 1x1, 6248x4176, −10.0 °C". */
export function describeSettings(setup: FrameSetup, rules?: MatchRules): string {
  const parts: string[] = [];
  const show = (key: OptionalSetting): boolean => !rules?.ignored.has(key);
  if (setup.camera !== null && show('camera')) parts.push(setup.camera);
  if (setup.gain !== null && show('gain')) parts.push(`gain ${setup.gain}`);
  if (setup.offset !== null && show('offset')) parts.push(`offset ${setup.offset}`);
  if (setup.readoutMode !== null && show('readoutMode')) parts.push(`readout ${setup.readoutMode}`);
  parts.push(setup.binning, `${setup.width}x${setup.height}`);
  if (setup.subframe !== null) parts.push(`subframe at ${setup.subframe}`);
  if (setup.cfa !== null) parts.push(setup.cfa);
  if (setup.temperature !== null) parts.push(formatTemperature(setup.temperature));
  return parts.join(', ');
}
