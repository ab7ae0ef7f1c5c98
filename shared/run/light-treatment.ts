/**
 * What each light gets, for people: the plan's decision (night/plan-masters.ts: the LightPlan
 * and the problems it raised about the light) as a compact badge and the full reason. The app,
 * the command line and the run summary all show this, and none of them decides again. Fields
 * the plan gains later (pre-calibrated steps, the camera settings a master was matched by) are
 * turned into words here, in one place.
 */
import type { FrameInfo, LightPlan, MasterPlan, MasterSpec, Problem } from '../night/frames';
import { formatSeconds } from '../night/group-frames';
import { lightsToCalibrate } from '../night/lights-to-calibrate';

/** How a light's calibration falls short of bias, dark of its exposure and flat, or departs from it. */
export type CalibrationNote = 'no-flat' | 'no-dark' | 'no-bias' | 'dark-unscaled' | 'dark-scaled';

/** Every note, most serious first (the order badges and summaries list them in). */
export const CALIBRATION_NOTES: readonly CalibrationNote[] = ['no-flat', 'no-dark', 'no-bias', 'dark-unscaled', 'dark-scaled'];

/** Notes that leave a light calibrated incompletely (a scaled dark is a full calibration). */
const INCOMPLETE: ReadonlySet<CalibrationNote> = new Set(['no-flat', 'no-dark', 'no-bias', 'dark-unscaled']);

/** What one light gets, ready to show. */
export interface LightTreatment {
  readonly frameId: string;
  /** The steps applied, in CALSTAT letters ('BDF', 'BD'); '' for a light that cannot be calibrated. */
  readonly steps: string;
  readonly notes: readonly CalibrationNote[];
  /** Bias, dark (of the light's exposure, or scaled to it) and flat all applied. */
  readonly complete: boolean;
  /** The light cannot be calibrated at all: it fails, `reason` says why. */
  readonly blocked: boolean;
  /** The masters it is calibrated with, by kind (null: none of that kind). */
  readonly masters: { readonly bias: string | null; readonly dark: string | null; readonly flat: string | null };
  /** Short, for a badge: "BDF", "BD · no flat", "BDF · dark ×0.5". */
  readonly badge: string;
  /** Everything, for the hover: the masters used, the scale, what is missing and why. */
  readonly reason: string;
}

/** What a light's treatment is read from: the plan's masters and the problems it raised about this light. */
export interface TreatmentContext {
  readonly masters: ReadonlyMap<string, MasterSpec>;
  readonly problems: readonly Problem[];
}

const NOTE_LABELS: Readonly<Record<Exclude<CalibrationNote, 'dark-scaled'>, string>> = {
  'no-flat': 'no flat',
  'no-dark': 'no dark',
  'no-bias': 'no bias',
  'dark-unscaled': 'dark unscaled',
};

/** Problem codes whose words belong in a light's reason. */
const REASON_CODES: ReadonlySet<Problem['code']> = new Set(['no-flat', 'no-dark', 'no-bias', 'dark-unscaled', 'dark-scaled', 'other-night']);

/** The treatment of one light, from its plan. */
export function lightTreatment(light: LightPlan, context: TreatmentContext): LightTreatment {
  if (light.blocked) {
    const masters = { bias: null, dark: null, flat: null };
    return { frameId: light.frameId, steps: '', notes: [], complete: false, blocked: true, masters, badge: 'not calibrated', reason: light.blocked.message };
  }
  const steps = light.calstat;
  const unscaled = context.problems.some((problem) => problem.code === 'dark-unscaled');
  const scaled = light.darkId !== null && light.darkScale !== 1;
  const present: Record<CalibrationNote, boolean> = {
    'no-flat': !steps.includes('F'),
    'no-dark': !steps.includes('D'),
    'no-bias': !steps.includes('B'),
    'dark-unscaled': unscaled,
    'dark-scaled': scaled,
  };
  const notes = CALIBRATION_NOTES.filter((note) => present[note]);
  const labels = notes.map((note) => (note === 'dark-scaled' ? `dark ×${scaleText(light.darkScale)}` : NOTE_LABELS[note]));
  return {
    frameId: light.frameId,
    steps,
    notes,
    complete: !notes.some((note) => INCOMPLETE.has(note)),
    blocked: false,
    masters: { bias: light.biasId, dark: light.darkId, flat: light.flatId },
    badge: [steps || 'none', ...labels].join(' · '),
    reason: reasonOf(light, context),
  };
}

/** Every light a run covers (night/lights-to-calibrate.ts), by id. */
export function lightTreatments(night: { readonly frames: readonly FrameInfo[]; readonly plan: MasterPlan }): ReadonlyMap<string, LightTreatment> {
  const masters = new Map(night.plan.masters.map((spec) => [spec.id, spec]));
  const problems = problemsByFrame(night.plan.problems);
  const treatments = new Map<string, LightTreatment>();
  for (const light of lightsToCalibrate(night)) {
    treatments.set(light.frameId, lightTreatment(light, { masters, problems: problems.get(light.frameId) ?? [] }));
  }
  return treatments;
}

/** How many of `frameIds` have each note. */
export function countNotes(treatments: ReadonlyMap<string, LightTreatment>, frameIds: Iterable<string>): Record<CalibrationNote, number> {
  const counts = Object.fromEntries(CALIBRATION_NOTES.map((note) => [note, 0])) as Record<CalibrationNote, number>;
  for (const id of frameIds) for (const note of treatments.get(id)?.notes ?? []) counts[note] += 1;
  return counts;
}

const COUNT_PHRASES: Readonly<Record<CalibrationNote, string>> = {
  'no-flat': 'without a flat',
  'no-dark': 'without a dark',
  'no-bias': 'without a bias',
  'dark-unscaled': 'with a dark of another exposure, unscaled',
  'dark-scaled': 'with a scaled dark',
};

/** The counts in words, most serious first, none for a note no light has: "3 lights without a flat". */
export function noteCountPhrases(counts: Readonly<Record<CalibrationNote, number>>): string[] {
  return CALIBRATION_NOTES.filter((note) => counts[note] > 0).map((note) => `${counts[note]} ${counts[note] === 1 ? 'light' : 'lights'} ${COUNT_PHRASES[note]}`);
}

/** The problems about each frame, by frame id. */
function problemsByFrame(problems: readonly Problem[]): Map<string, Problem[]> {
  const byFrame = new Map<string, Problem[]>();
  for (const problem of problems) {
    for (const id of problem.frameIds) {
      const list = byFrame.get(id);
      if (list) list.push(problem);
      else byFrame.set(id, [problem]);
    }
  }
  return byFrame;
}

function reasonOf(light: LightPlan, context: TreatmentContext): string {
  const master = (id: string | null) => (id === null ? null : context.masters.get(id) ?? null);
  const dark = master(light.darkId);
  const flat = master(light.flatId);
  // A library's master by its file there (its id is made up); the night's by its id (its file's name).
  const named = (id: string): string => {
    const file = context.masters.get(id)?.file;
    return file ? `${file.relativePath} from the library ${file.library}` : id;
  };
  const applied: string[] = [];
  if (light.biasId !== null) applied.push(`bias ${named(light.biasId)}`);
  else if (dark?.includesBias) applied.push('the bias, with the dark (no master bias)');
  if (light.darkId !== null) {
    const exposure = dark?.exposure != null ? ` (${formatSeconds(dark.exposure)} s)` : '';
    applied.push(`dark ${named(light.darkId)}${exposure}${light.darkScale !== 1 ? ` scaled ×${scaleText(light.darkScale)}` : ''}`);
  }
  if (light.flatId !== null) applied.push(`flat ${named(light.flatId)}${flat?.filter ? ` (${flat.filter})` : ''}`);
  const why = context.problems.filter((problem) => REASON_CODES.has(problem.code)).map((problem) => problem.message);
  const shortfalls = why.length > 0 ? why : light.missing;
  return [`${light.calstat}: ${applied.length > 0 ? applied.join(', ') : 'nothing applied'}`, ...shortfalls].join('. ') + '.';
}

/** A dark scale as short as still exact to three figures: 0.5, 0.333, 2. */
function scaleText(scale: number): string {
  return String(Number(scale.toPrecision(3)));
}
