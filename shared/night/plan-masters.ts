/**
 * Master planning: which masters to build from which groups, how each frame is prepared before
 * it is combined (each flat gets the dark of its own exposure), and what every light gets and
 * why — decided before a pixel is read, matched by camera settings (matching.ts) and chosen by
 * choose-masters.ts.
 */
import { chooseBias, chooseDark, masterWords, nearest, sameExposure, type AvailableMasters } from './choose-masters';
import type { FrameError, FrameFacts, FrameGroup, FrameInfo, FramePreparation, FrameSetup, LightPlan, MasterPlan, MasterSpec, Problem } from './frames';
import { compareGroups, describeGroup, formatSeconds } from './group-frames';
import { planLightGroup } from './plan-lights';
import { describeSettings, matchRulesFor, mismatches, type MatchRules } from './matching';
import { nightsApart } from './observing-night';
import { problem } from './problems';

export interface PlanOptions {
  /** How frames are matched; default: this night's frames with the default temperature tolerance. */
  readonly rules?: MatchRules;
  /** Colour sensors' master flats: normalised per CFA channel (default) or by one median. */
  readonly flatScaling?: 'per-channel' | 'single';
  /**
   * Masters of calibration libraries (shared/library/library-masters.ts), used where the night's
   * own frames give none that matches; only those used enter the plan.
   */
  readonly library?: readonly MasterSpec[];
  /** Flats from the libraries too (default false: dust moves between sessions). */
  readonly libraryFlats?: boolean;
}

const NO_PREPARATION: FramePreparation = { biasId: null, darkId: null, darkScale: 1 };

/** Which masters to build from which groups, and what each light gets. */
export function planMasters(frames: readonly FrameInfo[], groups: readonly FrameGroup[], options: PlanOptions = {}): MasterPlan {
  const rules = options.rules ?? matchRulesFor(frames);
  const factsOf = new Map(frames.map((frame) => [frame.id, frame.facts]));
  const ordered = [...groups].sort(compareGroups);
  const problems: Problem[] = [];
  const masters: MasterSpec[] = [];
  const usedIds = new Set<string>();
  const add = (spec: Omit<MasterSpec, 'id'> & { readonly id?: string }, idBase: string): MasterSpec => {
    const master = { ...spec, id: uniqueId(idBase, usedIds) } as MasterSpec;
    masters.push(master);
    return master;
  };
  const library = (options.library ?? []).filter((m) => m.kind !== 'flat' || options.libraryFlats === true);
  const available = (): AvailableMasters => {
    const all = [...masters, ...library];
    return {
      biases: all.filter((m) => m.kind === 'bias'),
      darks: all.filter((m) => m.kind === 'dark'),
      darkflats: all.filter((m) => m.kind === 'darkflat'),
      flats: all.filter((m) => m.kind === 'flat'),
      withLibrary: options.library !== undefined,
    };
  };

  for (const group of ordered.filter((g) => g.type === 'bias')) add(baseSpec(group, group.frameIds.map(() => NO_PREPARATION), { includesBias: true }), masterId(group));
  for (const group of ordered.filter((g) => g.type === 'dark')) {
    const { bias } = chooseBias(group, available(), rules);
    if (bias) noteOtherNight(problems, `the master dark ${describeGroup(group)}`, bias, group);
    // Without a master bias of these settings the dark keeps the bias level: it then calibrates
    // frames of its own exposure, or is fitted with darks of other exposures (below).
    const preparation = { ...NO_PREPARATION, biasId: bias?.id ?? null };
    add(baseSpec(group, group.frameIds.map(() => preparation), { includesBias: bias === null }), masterId(group));
  }
  for (const group of ordered.filter((g) => g.type === 'darkflat')) add(baseSpec(group, group.frameIds.map(() => NO_PREPARATION), { includesBias: true }), masterId(group));
  for (const fit of planFits(masters, rules, problems)) add(fit, fit.id!);
  for (const group of ordered.filter((g) => g.type === 'flat')) {
    add(planFlat(group, factsOf, available(), rules, problems, options.flatScaling ?? 'per-channel'), masterId(group));
  }

  const lights: LightPlan[] = [];
  const lightGroups = ordered.filter((g) => g.type === 'light');
  if (lightGroups.length === 0) problems.push(problem('no-lights', 'info', 'no lights in this night: only masters are built', []));
  const noCalibration = masters.length === 0 && library.length === 0 && lightGroups.length > 0;
  const where = options.library === undefined ? 'in this night' : 'in this night or the library';
  if (noCalibration) {
    const ids = lightGroups.flatMap((g) => g.frameIds);
    problems.push(problem('no-calibration', 'error', `no bias, dark or flat frames ${where}: the ${ids.length} lights cannot be calibrated`, ids));
  }
  for (const group of lightGroups) {
    const plan = noCalibration
      ? blockedPlan(group, { code: 'no-matching-master', message: `no bias, dark or flat frames ${where}: nothing to calibrate with` })
      : planLightGroup(group, available(), [...masters, ...library], rules, problems);
    for (const frameId of group.frameIds) lights.push({ ...plan, frameId });
  }
  reportUnused(masters, lights, problems);
  return { masters: [...usedFrom(library, masters, lights), ...masters], lights, problems };
}

/** The library masters the plan uses (by the night's masters or its lights), in the library's order: read before the masters made from them. */
function usedFrom(library: readonly MasterSpec[], masters: readonly MasterSpec[], lights: readonly LightPlan[]): MasterSpec[] {
  const used = new Set<string>();
  for (const master of masters) for (const preparation of master.preparations) for (const id of [preparation.biasId, preparation.darkId]) if (id) used.add(id);
  for (const light of lights) for (const id of [light.biasId, light.darkId, light.flatId]) if (id) used.add(id);
  return library.filter((m) => used.has(m.id));
}

/**
 * Darks that still hold the bias (no bias frames of their settings), of two or more exposures:
 * per pixel, dark = bias + rate·t is fitted (plan only; the pixels are fitted when the darks are
 * built), so that lights and flats of any exposure get their bias and dark current.
 */
function planFits(masters: readonly MasterSpec[], rules: MatchRules, problems: Problem[]): MasterSpec[] {
  const holding = masters.filter((m) => m.kind === 'dark' && m.includesBias && m.exposure !== null);
  const sets: MasterSpec[][] = [];
  for (const dark of holding) {
    const set = sets.find((candidates) => candidates[0].night === dark.night && mismatches(candidates[0], dark, rules).length === 0 && mismatches(dark, candidates[0], rules).length === 0);
    if (set) set.push(dark);
    else sets.push([dark]);
  }
  const fits: MasterSpec[] = [];
  for (const set of sets) {
    const exposures = new Set(set.map((dark) => dark.exposure));
    if (exposures.size < 2) continue;
    const first = set[0];
    const darkIds = set.map((dark) => dark.id);
    const common = { ...first, frameIds: set.flatMap((dark) => dark.frameIds), preparations: [], normalise: null, includesBias: false } as const;
    const slug = first.id.replace(/^dark_[^_]+s_/, '');
    fits.push({ ...common, kind: 'bias', exposure: null, fit: { darkIds, part: 'bias' }, id: `biasfit_${slug}` });
    fits.push({ ...common, kind: 'dark', exposure: 1, fit: { darkIds, part: 'rate' }, id: `darkrate_${slug}` });
    const list = [...exposures].sort((a, b) => a! - b!).map((t) => `${formatSeconds(t!)} s`).join(', ');
    problems.push(problem('dark-fitted', 'info', `no bias frames for the darks of ${list} (${describeSettings(first)}): bias and dark current are fitted per pixel from them, for any exposure`, set.flatMap((d) => d.frameIds)));
  }
  return fits;
}

/** A flat group: each frame gets the dark of its own exposure (dark flat, dark, scaled dark, fit), else the bias. */
function planFlat(group: FrameGroup, factsOf: ReadonlyMap<string, FrameFacts | null>, masters: AvailableMasters, rules: MatchRules, problems: Problem[], scaling: 'per-channel' | 'single'): Omit<MasterSpec, 'id'> {
  const what = `the master flat ${describeGroup(group)}`;
  const { bias } = chooseBias(group, masters, rules);
  const byExposure = new Map<string, { preparation: FramePreparation; note: string; frames: number; missingDark: boolean }>();
  const preparations = group.frameIds.map((id) => {
    const exposure = factsOf.get(id)?.exposure ?? null;
    const key = exposure === null ? 'none' : String(exposure);
    let entry = byExposure.get(key);
    if (!entry) {
      entry = flatFramePreparation(exposure, group, bias, masters, rules);
      byExposure.set(key, entry);
    }
    entry.frames += 1;
    return entry.preparation;
  });
  for (const [, entry] of byExposure) {
    const frames = `${entry.frames} frame${entry.frames === 1 ? '' : 's'}`;
    if (entry.missingDark) problems.push(problem('flat-not-dark-subtracted', 'warning', `${what}: ${frames} ${entry.note}`, group.frameIds));
  }
  const darkIds = new Set(preparations.map((p) => p.darkId));
  for (const used of [...(preparations.some((p) => p.biasId !== null) ? [bias] : []), ...[...masters.darks, ...masters.darkflats].filter((m) => darkIds.has(m.id))]) {
    if (used) noteOtherNight(problems, what, used, group);
  }
  return baseSpec(group, preparations, { normalise: group.cfa !== null && scaling === 'per-channel' ? 'per-channel' : 'single' });
}

function flatFramePreparation(exposure: number | null, group: FrameGroup, bias: MasterSpec | null, masters: AvailableMasters, rules: MatchRules) {
  if (exposure !== null) {
    const darkflat = nearest(masters.darkflats.filter((m) => sameExposure(m.exposure, exposure)), group, rules).best;
    if (darkflat) return { preparation: { biasId: null, darkId: darkflat.id, darkScale: 1 }, note: `of ${formatSeconds(exposure)} s: ${masterWords(darkflat, group)}`, frames: 0, missingDark: false };
    const dark = chooseDark(exposure, group, bias, masters, rules, 'flats');
    if (dark.dark) {
      const preparation = { biasId: dark.removesBias ? null : (bias?.id ?? null), darkId: dark.dark.id, darkScale: dark.darkScale };
      return { preparation, note: `of ${formatSeconds(exposure)} s: ${dark.step.reason}`, frames: 0, missingDark: false };
    }
  }
  const why = exposure === null ? 'have no exposure time' : `of ${formatSeconds(exposure)} s have no dark flat or dark`;
  if (bias) return { preparation: { biasId: bias.id, darkId: null, darkScale: 1 }, note: `${why}: bias-subtracted only`, frames: 0, missingDark: true };
  return { preparation: NO_PREPARATION, note: `${why} and no bias matches: neither bias- nor dark-subtracted`, frames: 0, missingDark: true };
}

/**
 * Masters no light uses, directly or through a master it uses (a bias only an unused dark
 * subtracts is unused too): reported once each, since they are built anyway (a library may want them).
 */
function reportUnused(masters: readonly MasterSpec[], lights: readonly LightPlan[], problems: Problem[]): void {
  if (lights.length === 0) return;
  const byId = new Map(masters.map((m) => [m.id, m]));
  const used = new Set<string>();
  const use = (id: string | null): void => {
    if (id === null || used.has(id)) return;
    used.add(id);
    const master = byId.get(id);
    for (const preparation of master?.preparations ?? []) [preparation.biasId, preparation.darkId].forEach(use);
    for (const dark of master?.fit?.darkIds ?? []) use(dark);
    // The two halves of a fit come together.
    for (const other of masters) if (other.fit && master?.fit && other.fit.darkIds.join() === master.fit.darkIds.join()) use(other.id);
  };
  for (const light of lights) [light.biasId, light.darkId, light.flatId].forEach(use);
  for (const master of masters) {
    if (!used.has(master.id)) problems.push(problem('unused-calibration', 'info', `${masterWords(master)} is used by no light of this night`, master.frameIds));
  }
}

function noteOtherNight(problems: Problem[], what: string, used: MasterSpec, group: FrameGroup): void {
  if (used.file !== null || nightsApart(used.night, group.night) === 0) return;
  problems.push(problem('other-night', 'info', `${what}: calibrated with the master ${used.kind} ${used.id} of the night of ${used.night}`, group.frameIds));
}

function baseSpec(group: FrameGroup, preparations: readonly FramePreparation[], fields: Partial<Pick<MasterSpec, 'includesBias' | 'normalise'>>): Omit<MasterSpec, 'id'> {
  if (group.type === 'light') throw new Error(`bug: no master is built from the light group ${group.id}`);
  const { id: groupId, type: kind, frameIds, precalibrated: _precalibrated, ...setup } = group;
  return {
    ...setup,
    kind,
    groupId,
    exposure: kind === 'bias' ? null : setup.exposure,
    frameIds,
    preparations,
    normalise: null,
    includesBias: false,
    fit: null,
    file: null,
    ...fields,
  };
}

/** 'bias_g100_o50_1x1_6248x4176_m10C_2026-03-01', 'dark_300s_…', 'flat_R_…': safe as a file name everywhere. */
export function masterId(group: FrameSetup & { readonly type: FrameGroup['type'] }): string {
  const slug = (text: string): string => text.replace(/[^A-Za-z0-9.+-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  const parts: string[] = [group.type];
  if (group.type === 'flat' && group.filter !== null) parts.push(slug(group.filter) || 'filter');
  if (group.type === 'dark' || group.type === 'darkflat') parts.push(group.exposure === null ? 'unknown-s' : `${formatSeconds(group.exposure)}s`);
  // The camera is left out of ids (it rarely tells two masters of one night apart, and makes every id long); two masters alike but for it are told apart by uniqueId.
  if (group.gain !== null) parts.push(`g${slug(String(group.gain))}`);
  if (group.offset !== null) parts.push(`o${slug(String(group.offset))}`);
  if (group.readoutMode !== null) parts.push(`rm-${slug(group.readoutMode)}`);
  parts.push(group.binning, `${group.width}x${group.height}`);
  if (group.subframe !== null) parts.push(`at${slug(group.subframe)}`);
  if (group.temperature !== null) parts.push(`${group.temperature.mean < 0 ? 'm' : 'p'}${Math.round(Math.abs(group.temperature.mean))}C`);
  parts.push(group.night ?? 'undated');
  return parts.join('_');
}

function uniqueId(id: string, used: Set<string>): string {
  let unique = id;
  for (let n = 2; used.has(unique); n++) unique = `${id}_${n}`;
  used.add(unique);
  return unique;
}

function blockedPlan(group: FrameGroup, blocked: FrameError): Omit<LightPlan, 'frameId'> {
  const step = { status: 'missing' as const, masterId: null, reason: blocked.message };
  return { groupId: group.id, biasId: null, darkId: null, darkScale: 1, flatId: null, steps: { bias: step, dark: step, flat: step }, missing: [], calstat: group.precalibrated, precalibrated: group.precalibrated, blocked };
}

