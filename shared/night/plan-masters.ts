/**
 * Master planning: which masters to build from which groups, how each is prepared, and which
 * masters (with what dark scale) calibrate each light — decided before a pixel is read.
 */
import type { FrameError, FrameGroup, FrameInfo, LightPlan, MasterPlan, MasterSpec, Problem } from './frames';
import { compareGroups, describeGroup, describeSetup, formatSeconds } from './group-frames';
import { nightsApart } from './observing-night';

/** Which masters to build from which groups, and which masters (with what dark scale) each light uses. */
export function planMasters(frames: readonly FrameInfo[], groups: readonly FrameGroup[]): MasterPlan {
  const ordered = [...groups].sort(compareGroups);
  const exposureOf = new Map(frames.map((frame) => [frame.id, frame.facts?.exposure ?? null]));
  const problems: Problem[] = [];
  const masters: MasterSpec[] = [];
  const usedIds = new Set<string>();
  const specFor = (group: FrameGroup, fields: Partial<MasterSpec>): MasterSpec => {
    const spec = { ...baseSpec(group, uniqueId(masterId(group), usedIds)), ...fields };
    masters.push(spec);
    return spec;
  };

  for (const group of ordered.filter((g) => g.type === 'bias')) specFor(group, {});
  const biases = [...masters];
  for (const group of ordered.filter((g) => g.type === 'dark')) {
    const bias = nearestNight(biases.filter((b) => sameSetup(b, group)), group.night);
    if (bias) noteOtherNight(problems, `the master dark ${describeGroup(group)}`, bias, group);
    // Without any master bias for this setup, the dark keeps the bias level: it then calibrates
    // only frames of its own exposure, since scaling it would scale the bias too.
    specFor(group, { biasId: bias?.id ?? null, includesBias: !biases.some((b) => sameSetup(b, group)) });
  }
  const darks = masters.filter((m) => m.kind === 'dark');
  for (const group of ordered.filter((g) => g.type === 'flat')) {
    const flatExposures = group.frameIds.map((id) => exposureOf.get(id) ?? null);
    specFor(group, prepareFlat(group, flatExposures, biases, darks, problems));
  }
  const flats = masters.filter((m) => m.kind === 'flat');

  const lights: LightPlan[] = [];
  const lightGroups = ordered.filter((g) => g.type === 'light');
  if (lightGroups.length === 0) problems.push(problem('no-lights', 'info', 'no lights in this night: only masters are built', []));
  const noCalibration = masters.length === 0 && lightGroups.length > 0;
  if (noCalibration) {
    const ids = lightGroups.flatMap((g) => g.frameIds);
    problems.push(problem('no-calibration', 'error', `no bias, dark or flat frames in this night: the ${ids.length} lights cannot be calibrated`, ids));
  }
  for (const group of lightGroups) {
    const plan = noCalibration
      ? blockedPlan({ code: 'no-matching-master', message: 'no bias, dark or flat frames in this night: nothing to calibrate with' }, [])
      : planLightGroup(group, { biases, darks, flats, all: masters }, problems);
    for (const frameId of group.frameIds) lights.push({ ...plan, frameId });
  }
  return { masters, lights, problems };
}

interface Masters {
  readonly biases: readonly MasterSpec[];
  readonly darks: readonly MasterSpec[];
  readonly flats: readonly MasterSpec[];
  readonly all: readonly MasterSpec[];
}

/**
 * A flat is bias- and dark-subtracted, then normalised. With bias-subtracted darks, the dark of
 * the nearest exposure is scaled to the flats' (median) exposure. Darks that still hold the bias
 * cannot be scaled: one of exactly the flats' exposure is used, else the bias alone, else nothing.
 */
function prepareFlat(group: FrameGroup, exposures: readonly (number | null)[], biases: readonly MasterSpec[], darks: readonly MasterSpec[], problems: Problem[]): Partial<MasterSpec> {
  const what = `the master flat ${describeGroup(group)}`;
  const bias = nearestNight(biases.filter((b) => sameSetup(b, group)), group.night);
  const candidates = darks.filter((d) => sameSetup(d, group));
  const exposure = group.exposure;
  let dark: MasterSpec | null = null;
  let darkScale = 1;
  let why = `no master ${bias === null ? 'bias or dark' : 'dark'} for ${describeSetup(group)}`;
  if (bias !== null && candidates.length > 0) {
    dark = exposure === null ? null : pickDark(candidates, exposure, group.night, true);
    if (dark !== null) darkScale = scaleTo(exposure!, dark);
    else why = 'the flats have no exposure time';
  } else if (bias === null && candidates.length > 0) {
    const uniform = exposure !== null && exposures.every((e) => e !== null && sameExposure(e, exposure));
    dark = uniform ? nearestNight(candidates.filter((d) => sameExposure(d.exposure, exposure)), group.night) : null;
    if (dark === null && exposure !== null) {
      // As for lights: a dark holding the bias cannot be scaled, but subtracted unscaled it
      // still removes the bias pedestal, which matters far more to a flat's normalisation
      // than the small error in dark current.
      dark = pickDark(candidates, exposure, group.night, false);
      if (dark !== null) {
        const reason = uniform ? `no dark of exactly ${formatSeconds(exposure)} s` : `the flats' exposures differ`;
        problems.push(problem('dark-unscaled', 'warning', `${what}: ${reason} and no master bias; the ${formatSeconds(dark.exposure!)} s dark (holding the bias) is subtracted unscaled`, group.frameIds));
      }
    }
  }
  if (bias) noteOtherNight(problems, what, bias, group);
  if (dark) noteOtherNight(problems, what, dark, group);
  if (dark === null) {
    const done = bias === null ? 'neither bias- nor dark-subtracted' : 'bias-subtracted only';
    problems.push(problem('flat-not-dark-subtracted', 'warning', `${what} is ${done}: ${why}`, group.frameIds));
  }
  return { biasId: bias?.id ?? null, darkId: dark?.id ?? null, darkScale, normalise: true };
}

/** The plan shared by every light of one group; problems are reported once for the group. */
function planLightGroup(group: FrameGroup, masters: Masters, problems: Problem[]): Omit<LightPlan, 'frameId'> {
  const what = `lights ${describeGroup(group)}`;
  const setup = describeSetup(group);
  const bias = nearestNight(masters.biases.filter((b) => sameSetup(b, group)), group.night);
  const darks = masters.darks.filter((d) => sameSetup(d, group));
  const flat = nearestNight(masters.flats.filter((f) => sameSetup(f, group) && f.filter === group.filter), group.night);

  if (darks.length > 0 && group.exposure === null) {
    return blockedPlan({ code: 'missing-exposure', message: `no exposure time (EXPTIME/EXPOSURE): the master dark cannot be chosen or scaled` }, []);
  }
  let dark: MasterSpec | null = null;
  let darkScale = 1;
  if (darks.length > 0 && group.exposure !== null) {
    dark = pickDark(darks, group.exposure, group.night, bias !== null);
    if (dark !== null && !dark.includesBias) darkScale = scaleTo(group.exposure, dark);
  }
  if (bias === null && dark === null && flat === null && !masters.all.some((m) => sameSetup(m, group))) {
    const others = [...new Set(masters.all.map(describeSetup))];
    const message = `no master for its binning and size (${setup}); masters exist for ${others.join('; ')}`;
    problems.push(problem('size-mismatch', 'error', `${what}: ${message}`, group.frameIds));
    return blockedPlan({ code: 'no-matching-master', message }, []);
  }

  const missing: string[] = [];
  const biasRemoved = bias !== null || (dark !== null && dark.includesBias);
  if (!biasRemoved) {
    missing.push(`no master bias (${setup})`);
    problems.push(problem('no-bias', 'warning', `${what}: no master bias for ${setup}`, group.frameIds));
  }
  if (dark === null) {
    missing.push(`no master dark (${setup})`);
    problems.push(problem('no-dark', 'warning', `${what}: no master dark for ${setup}`, group.frameIds));
  } else if (dark.includesBias && !sameExposure(dark.exposure, group.exposure)) {
    // Scaling a dark that holds the bias would scale the bias as well; unscaled, only the dark
    // current is off, by (t_dark − t_light) × current — the lesser error.
    problems.push(problem('dark-unscaled', 'warning', `${what}: the only darks hold the bias and cannot be scaled; the ${formatSeconds(dark.exposure!)} s dark is subtracted unscaled`, group.frameIds));
  } else if (darkScale !== 1) {
    problems.push(problem('dark-scaled', 'info', `${what}: the ${formatSeconds(dark.exposure!)} s master dark is scaled by ${formatSeconds(darkScale)}`, group.frameIds));
  }
  if (flat === null) {
    const filter = group.filter === null ? 'frames without a filter' : `filter ${group.filter}`;
    missing.push(`no flat for ${filter} (${setup})`);
    problems.push(problem('no-flat', 'warning', `${what}: no flat for ${filter} (${setup})`, group.frameIds));
  }
  for (const used of [bias, dark, flat]) if (used) noteOtherNight(problems, what, used, group);

  if (bias === null && dark === null && flat === null) {
    return blockedPlan({ code: 'no-matching-master', message: `no master bias, dark or flat applies (${setup})` }, missing);
  }
  const calstat = `${biasRemoved ? 'B' : ''}${dark ? 'D' : ''}${flat ? 'F' : ''}`;
  return { biasId: bias?.id ?? null, darkId: dark?.id ?? null, darkScale, flatId: flat?.id ?? null, missing, calstat, blocked: null };
}

/**
 * The dark for a frame of `exposure` seconds. Bias-subtracted darks scale: the nearest night
 * first, then the exact exposure, then the nearest (longer on a tie). Darks that hold the bias
 * do not scale, so an exact exposure from another night beats a same-night dark of another
 * exposure; failing both, the nearest exposure is used unscaled.
 */
function pickDark(darks: readonly MasterSpec[], exposure: number, night: string | null, scalable: boolean): MasterSpec | null {
  const usable = darks.filter((d) => d.exposure !== null && (d.exposure > 0 || sameExposure(d.exposure, exposure)));
  return best(usable, (d) => {
    const apart = nightsApart(d.night, night);
    const inexact = sameExposure(d.exposure, exposure) ? 0 : 1;
    const closeness = [Math.abs(d.exposure! - exposure), -d.exposure!];
    return scalable ? [apart, inexact, ...closeness] : [inexact, apart, ...closeness];
  });
}

/** Same binning and size required; among those, the nearest night (a frame without a night matches any). */
function nearestNight(candidates: readonly MasterSpec[], night: string | null): MasterSpec | null {
  return best(candidates, (m) => [nightsApart(m.night, night)]);
}

/** The candidate with the smallest score (compared in order), ties broken by id. */
function best(candidates: readonly MasterSpec[], score: (m: MasterSpec) => number[]): MasterSpec | null {
  let winner: { m: MasterSpec; s: number[] } | null = null;
  for (const m of candidates) {
    const s = score(m);
    if (winner === null || compareScores(s, winner.s) < 0 || (compareScores(s, winner.s) === 0 && m.id < winner.m.id)) winner = { m, s };
  }
  return winner?.m ?? null;
}

function compareScores(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

function noteOtherNight(problems: Problem[], what: string, used: MasterSpec, group: FrameGroup): void {
  if (nightsApart(used.night, group.night) === 0) return;
  problems.push(problem('other-night', 'info', `${what}: calibrated with the master ${used.kind} ${used.id} of the night of ${used.night}`, group.frameIds));
}

/** t_frame / t_dark; a zero-second dark (only ever chosen for a zero-second frame) is not scaled. */
function scaleTo(exposure: number, dark: MasterSpec): number {
  return dark.exposure !== null && dark.exposure > 0 ? exposure / dark.exposure : 1;
}

function sameSetup(a: { readonly binning: string; readonly width: number; readonly height: number }, b: typeof a): boolean {
  return a.binning === b.binning && a.width === b.width && a.height === b.height;
}

/** Exposures equal to the microsecond (headers round differently: 60 vs 60.000001). */
function sameExposure(a: number | null, b: number | null): boolean {
  return a !== null && b !== null && Math.abs(a - b) < 1e-6;
}

function baseSpec(group: FrameGroup, id: string): MasterSpec {
  if (group.type === 'light' || group.type === 'darkflat') throw new Error(`bug: no master is built from the ${group.type} group ${group.id}`);
  const kind = group.type;
  return {
    id,
    kind,
    groupId: group.id,
    filter: group.filter,
    exposure: kind === 'bias' ? null : group.exposure,
    binning: group.binning,
    width: group.width,
    height: group.height,
    night: group.night,
    frameIds: group.frameIds,
    biasId: null,
    darkId: null,
    darkScale: 1,
    normalise: false,
    includesBias: false,
  };
}

/** 'bias_1x1_2048x2048_2026-03-01', 'dark_60s_1x1_…', 'flat_R_1x1_…': safe as a file name everywhere. */
function masterId(group: FrameGroup): string {
  const parts: string[] = [group.type];
  if (group.type === 'flat' && group.filter !== null) parts.push(group.filter.replace(/[^A-Za-z0-9.+-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '') || 'filter');
  if (group.type === 'dark') parts.push(group.exposure === null ? 'unknown-s' : `${formatSeconds(group.exposure)}s`);
  parts.push(group.binning, `${group.width}x${group.height}`, group.night ?? 'undated');
  return parts.join('_');
}

function uniqueId(id: string, used: Set<string>): string {
  let unique = id;
  for (let n = 2; used.has(unique); n++) unique = `${id}_${n}`;
  used.add(unique);
  return unique;
}

function blockedPlan(blocked: FrameError, missing: readonly string[]): Omit<LightPlan, 'frameId'> {
  return { biasId: null, darkId: null, darkScale: 1, flatId: null, missing, calstat: '', blocked };
}

function problem(code: Problem['code'], severity: Problem['severity'], message: string, frameIds: readonly string[]): Problem {
  return { code, severity, message, frameIds };
}
