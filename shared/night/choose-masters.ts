/**
 * Which master does each step for a set of frames (a light group, one flat frame), and why:
 * only masters whose settings match (matching.ts); among them the night's own before a
 * library's, then for bias and darks the nearest temperature and then the nearest night, for
 * flats the nearest night first (dust moves). A dark of the exact exposure first; else a dark
 * scaled to the exposure, but only where the bias is removed on its own (a master bias, or a
 * bias-and-rate fit); else, with darks that still hold the bias, the nearest one unscaled, and
 * said so.
 */
import type { FrameSetup, MasterSpec, StepChoice } from './frames';
import { formatSeconds } from './group-frames';
import { describeSettings, differencesFrom, formatTemperature, mismatches, temperatureDistance, type MatchRules } from './matching';
import { nightsApart } from './observing-night';
import { plural } from '../plural';

/** The masters built for the night, by role. */
export interface AvailableMasters {
  readonly biases: readonly MasterSpec[];
  /** Master darks, including a fitted dark-current rate (a dark of 1 s without bias). */
  readonly darks: readonly MasterSpec[];
  readonly darkflats: readonly MasterSpec[];
  readonly flats: readonly MasterSpec[];
  /** True when calibration libraries were consulted too (a missing step then says so). */
  readonly withLibrary: boolean;
}

/** A dark for some exposure: the master, its scale, and what that does to the bias. */
export interface DarkChoice {
  readonly dark: MasterSpec | null;
  readonly darkScale: number;
  readonly step: StepChoice;
  /** True when the dark holds the bias, so no bias is to be subtracted apart. */
  readonly removesBias: boolean;
  /** Set when the dark is used in a way the user should hear of: scaled, or unscaled at another exposure. */
  readonly caveat: { readonly code: 'dark-scaled' | 'dark-unscaled' | 'dark-fitted'; readonly text: string } | null;
}

/** The best of `candidates` for `target` (see preference), and why those of its binning and size that do not match fail, fewest failures first. */
export function nearest(candidates: readonly MasterSpec[], target: FrameSetup, rules: MatchRules): { readonly best: MasterSpec | null; readonly rejected: readonly string[] } {
  const failures = new Map(candidates.map((m) => [m, mismatches(m, target, rules)]));
  const matching = candidates.filter((m) => failures.get(m)!.length === 0);
  const rejected = candidates
    .filter((m) => !matching.includes(m) && m.binning === target.binning && m.width === target.width && m.height === target.height)
    .sort((a, b) => failures.get(a)!.length - failures.get(b)!.length || preference(a, b, target))
    .map((m) => `${masterName(m)}: ${failures.get(m)!.join(', ')}`);
  const best = [...matching].sort((a, b) => preference(a, b, target))[0] ?? null;
  return { best, rejected };
}

/**
 * Of two matching masters, the one to use first: the night's own before a library's; then
 * bias and darks by temperature, then night; flats by night, then temperature; then by id.
 */
function preference(a: MasterSpec, b: MasterSpec, target: FrameSetup): number {
  const origin = (a.file ? 1 : 0) - (b.file ? 1 : 0);
  if (origin !== 0) return origin;
  const nights = nightsApart(a.night, target.night) - nightsApart(b.night, target.night) || 0;
  const temperature = temperatureDistance(a.temperature, target.temperature) - temperatureDistance(b.temperature, target.temperature);
  return (a.kind === 'flat' ? nights || temperature : temperature || nights) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The master bias for `target` (a real one before a fitted one). */
export function chooseBias(target: FrameSetup, masters: AvailableMasters, rules: MatchRules): { readonly bias: MasterSpec | null; readonly rejected: readonly string[] } {
  const real = nearest(masters.biases.filter((m) => m.fit === null), target, rules);
  if (real.best) return { bias: real.best, rejected: [] };
  const fitted = nearest(masters.biases.filter((m) => m.fit !== null), target, rules);
  return { bias: fitted.best, rejected: real.rejected };
}

/**
 * The dark for frames of `exposure` seconds with settings `target`; `bias` is the master bias
 * that will be subtracted apart (null when none).
 */
export function chooseDark(exposure: number, target: FrameSetup, bias: MasterSpec | null, masters: AvailableMasters, rules: MatchRules, what: string): DarkChoice {
  const real = masters.darks.filter((m) => m.fit === null && m.exposure !== null);
  const exact = nearest(real.filter((m) => sameExposure(m.exposure, exposure)), target, rules);
  if (exact.best) {
    const dark = exact.best;
    return { dark, darkScale: 1, removesBias: dark.includesBias, caveat: null, step: applied(dark, `${masterWords(dark, target)}: the ${what}' exposure`) };
  }
  if (bias !== null) {
    const rate = nearest(masters.darks.filter((m) => m.fit?.part === 'rate'), target, rules).best;
    if (rate && bias.fit !== null) {
      const text = `dark current fitted per pixel from the darks of ${rate.fit!.darkIds.length} exposures (no bias frames), times ${formatSeconds(exposure)} s`;
      return { dark: rate, darkScale: exposure, removesBias: false, caveat: { code: 'dark-fitted', text }, step: applied(rate, text) };
    }
    const scalable = real.filter((m) => !m.includesBias && m.exposure! > 0 && mismatches(m, target, rules).length === 0);
    const closest = closestExposure(scalable, exposure, target, 'scaled');
    if (closest) {
      const scale = exposure / closest.exposure!;
      const text = `${masterWords(closest, target)} scaled by ${formatSeconds(Number(scale.toPrecision(6)))} to ${formatSeconds(exposure)} s (no dark of that exposure; amp glow does not always scale)`;
      return { dark: closest, darkScale: scale, removesBias: false, caveat: { code: 'dark-scaled', text }, step: applied(closest, text) };
    }
  }
  // Darks that still hold the bias cannot be scaled (the bias would be scaled too): the nearest
  // exposure, unscaled, removes the bias and most of the dark current: the lesser error.
  const holding = real.filter((m) => m.includesBias && mismatches(m, target, rules).length === 0);
  const unscaled = closestExposure(holding, exposure, target, 'unscaled');
  if (unscaled) {
    const text = `${masterWords(unscaled, target)}, unscaled, for ${formatSeconds(exposure)} s ${what}: no dark of their exposure and no bias to scale one (the dark current is off by ${formatSeconds(Math.abs(unscaled.exposure! - exposure))} s worth)`;
    return { dark: unscaled, darkScale: 1, removesBias: true, caveat: { code: 'dark-unscaled', text }, step: applied(unscaled, text) };
  }
  const ofExposure = real.filter((m) => sameExposure(m.exposure, exposure));
  const near = nearest(ofExposure.length > 0 ? ofExposure : real, target, rules);
  const why = real.length === 0 ? noneOf('darks', masters) : near.rejected.length > 0 ? `no dark matches: ${near.rejected.slice(0, 3).join('; ')}` : `no master dark for ${describeSettings(target)}`;
  return { dark: null, darkScale: 1, removesBias: false, caveat: null, step: missing(why) };
}

/** The master flat for lights of `target` (same filter). */
export function chooseFlat(target: FrameSetup, masters: AvailableMasters, rules: MatchRules): StepChoice & { readonly flat: MasterSpec | null } {
  const sameFilter = masters.flats.filter((m) => m.filter === target.filter);
  const { best, rejected } = nearest(sameFilter, target, rules);
  const filter = target.filter === null ? 'frames without a filter' : `filter ${target.filter}`;
  if (best) return { ...applied(best, masterWords(best, target)), flat: best };
  const why = sameFilter.length === 0 ? noneOf('flats', masters, ` for ${filter}`) : rejected.length > 0 ? `no flat for ${filter} matches: ${rejected.slice(0, 3).join('; ')}` : `no flat for ${filter} (${describeSettings(target)})`;
  return { ...missing(why), flat: null };
}

/** 'master dark 300 s', 'master flat L', 'fitted bias'; 'library master dark 300 s'. */
export function masterName(master: MasterSpec): string {
  const kind = master.fit ? (master.fit.part === 'bias' ? 'fitted bias' : 'fitted dark current') : master.kind === 'darkflat' ? 'dark flat' : master.kind;
  const filter = master.kind === 'flat' && master.filter !== null ? ` ${master.filter}` : '';
  const exposure = (master.kind === 'dark' || master.kind === 'darkflat') && master.exposure !== null && master.fit === null ? ` ${formatSeconds(master.exposure)} s` : '';
  return `${master.file ? 'library ' : ''}master ${kind}${filter}${exposure}`;
}

/**
 * A master in words. With `target`, the frames it calibrates: a night's master names only how
 * it differs from them ('master dark 300 s (−9.2 °C for −10.0 °C)'); a library master its
 * settings and age ('library master dark 300 s (gain 100, offset 50, −10.0 °C, 41 days old)').
 * Without: all its settings ('master dark 300 s (gain 100, 1x1, 6248x4176, −10.0 °C)').
 */
export function masterWords(master: MasterSpec, target?: FrameSetup): string {
  const details = !target ? describeSettings(master) : master.file ? librarySettingsWords(master, target) : differencesFrom(master, target).join(', ');
  return details === '' ? masterName(master) : `${masterName(master)} (${details})`;
}

function librarySettingsWords(master: MasterSpec, target: FrameSetup): string {
  const parts: string[] = [];
  if (master.gain !== null) parts.push(`gain ${master.gain}`);
  if (master.offset !== null) parts.push(`offset ${master.offset}`);
  if (master.readoutMode !== null) parts.push(`readout ${master.readoutMode}`);
  if (master.temperature !== null) {
    const differs = target.temperature !== null && Math.abs(master.temperature.mean - target.temperature.mean) >= 0.05;
    parts.push(differs ? `${formatTemperature(master.temperature)} for ${formatTemperature(target.temperature)}` : formatTemperature(master.temperature));
  }
  const age = ageWords(master.night, target.night);
  if (age) parts.push(age);
  return parts.join(', ');
}

/** '41 days old', '1 day old', 'from the same night', '3 days after the night'; null when either date is unknown. */
export function ageWords(masterNight: string | null, night: string | null): string | null {
  if (masterNight === null || night === null) return null;
  const days = nightsApart(masterNight, night);
  if (!Number.isFinite(days)) return null;
  if (days === 0) return 'from the same night';
  return masterNight < night ? `${plural(days, 'day')} old` : `${plural(days, 'day')} after the night`;
}

/** 'no darks taken', 'no flats taken for filter R'; with a library 'no darks in the night or the library'. */
export function noneOf(what: string, masters: Pick<AvailableMasters, 'withLibrary'>, qualifier = ''): string {
  return masters.withLibrary ? `no ${what}${qualifier} in the night or the library` : `no ${what} taken${qualifier}`;
}

export function applied(master: MasterSpec, reason: string): StepChoice {
  return { status: 'applied', masterId: master.id, reason };
}

export function missing(reason: string): StepChoice {
  return { status: 'missing', masterId: null, reason };
}

/** Exposures equal to the microsecond (headers round differently: 60 vs 60.000001). */
export function sameExposure(a: number | null, b: number | null): boolean {
  return a !== null && b !== null && Math.abs(a - b) < 1e-6;
}

/**
 * Of darks that match, the night's own first; then, to be scaled, the shortest of those at least
 * as long as the frames (scaling down shrinks the dark's noise; scaling up multiplies it), else
 * the longest; unscaled, the nearest exposure (the longer on a tie); then temperature, night.
 */
function closestExposure(darks: readonly MasterSpec[], exposure: number, target: FrameSetup, use: 'scaled' | 'unscaled'): MasterSpec | null {
  const distance = (m: MasterSpec): number => (use === 'unscaled' || m.exposure! >= exposure ? Math.abs(m.exposure! - exposure) : Number.MAX_VALUE / 2 + (exposure - m.exposure!));
  return (
    [...darks].sort(
      (a, b) =>
        (a.file ? 1 : 0) - (b.file ? 1 : 0) ||
        distance(a) - distance(b) ||
        b.exposure! - a.exposure! ||
        temperatureDistance(a.temperature, target.temperature) - temperatureDistance(b.temperature, target.temperature) ||
        nightsApart(a.night, target.night) - nightsApart(b.night, target.night) ||
        (a.id < b.id ? -1 : 1),
    )[0] ?? null
  );
}
