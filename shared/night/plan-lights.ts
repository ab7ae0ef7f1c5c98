/**
 * What one light group gets, step by step, and why (the plan every window and the manifest
 * show): steps the capture software already applied are not applied again, a dark that holds
 * the bias removes it, and whatever is missing is said with the difference that ruled a master
 * out ("flat R at gain 200 for gain 100").
 */
import { chooseBias, chooseDark, chooseFlat, masterWords, noneOf, type AvailableMasters } from './choose-masters';
import type { FrameGroup, LightPlan, MasterSpec, Problem, StepChoice } from './frames';
import { describeGroup, describeSetup } from './group-frames';
import { describeSettings, differencesFrom, type MatchRules } from './matching';
import { nightsApart } from './observing-night';
import { problem } from './problems';

/** The plan shared by every light of one group; problems are reported once for the group. */
export function planLightGroup(group: FrameGroup, available: AvailableMasters, all: readonly MasterSpec[], rules: MatchRules, problems: Problem[]): Omit<LightPlan, 'frameId'> {
  const what = `lights ${describeGroup(group)}`;
  const pre = group.precalibrated;
  const done = (by: string): StepChoice => ({ status: 'skipped', masterId: null, reason: `already ${by} by the capture software` });
  const blocked = (code: 'missing-exposure' | 'no-matching-master', message: string): Omit<LightPlan, 'frameId'> => {
    const step = { status: 'missing' as const, masterId: null, reason: message };
    return { groupId: group.id, biasId: null, darkId: null, darkScale: 1, flatId: null, steps: { bias: step, dark: step, flat: step }, missing: [], calstat: pre, precalibrated: pre, blocked: { code, message } };
  };

  const { bias, rejected: biasesRejected } = chooseBias(group, available, rules);
  const darkNeeded = !pre.includes('D') && !pre.includes('F');
  if (darkNeeded && group.exposure === null && available.darks.length > 0) {
    return blocked('missing-exposure', 'no exposure time (EXPTIME/EXPOSURE): the master dark cannot be chosen or scaled');
  }
  const sameSize = all.some((m) => m.binning === group.binning && m.width === group.width && m.height === group.height);
  if (!sameSize) {
    const others = [...new Set(all.map(describeSetup))];
    const message = `no master for its binning and size (${describeSetup(group)}); masters exist for ${others.join('; ')}`;
    problems.push(problem('size-mismatch', 'error', `${what}: ${message}`, group.frameIds));
    return blocked('no-matching-master', message);
  }

  // The dark first: one that holds the bias removes it, and then no bias is subtracted apart.
  let darkStep: StepChoice;
  let dark: MasterSpec | null = null;
  let darkScale = 1;
  let darkRemovesBias = false;
  if (pre.includes('D')) darkStep = done('dark-subtracted');
  else if (pre.includes('F')) darkStep = { status: 'missing', masterId: null, reason: 'the capture software flat-fielded these lights without a dark first: a dark subtracted now would not be flat-fielded' };
  else {
    // With the bias already subtracted by the capture software, a master bias still allows a dark to be scaled.
    const choice = chooseDark(group.exposure ?? 0, group, bias, available, rules, 'lights');
    if (choice.dark && pre.includes('B') && choice.removesBias) {
      darkStep = { status: 'missing', masterId: null, reason: `the lights are bias-subtracted already and the only dark that fits still holds the bias (${choice.step.reason})` };
    } else {
      ({ dark, darkScale, removesBias: darkRemovesBias } = choice);
      darkStep = choice.step;
      if (choice.caveat) problems.push(problem(choice.caveat.code, choice.caveat.code === 'dark-unscaled' ? 'warning' : 'info', `${what}: ${choice.caveat.text}`, group.frameIds));
    }
  }

  let biasStep: StepChoice;
  let biasId: string | null = null;
  if (pre.includes('B') || pre.includes('D')) biasStep = done(pre.includes('D') ? 'removed (with the dark)' : 'bias-subtracted');
  else if (darkRemovesBias) biasStep = { status: 'included', masterId: null, reason: 'removed by the dark, which holds the bias' };
  else if (bias) {
    biasStep = { status: 'applied', masterId: bias.id, reason: bias.fit ? `bias fitted per pixel from the darks (no bias frames)${suffix(differencesFrom(bias, group))}` : masterWords(bias, group) };
    biasId = bias.id;
  } else {
    biasStep = { status: 'missing', masterId: null, reason: available.biases.length === 0 ? noneOf('biases', available) : biasesRejected.length > 0 ? `no bias matches: ${biasesRejected.slice(0, 3).join('; ')}` : `no master bias for ${describeSettings(group)}` };
  }

  const flatChoice = pre.includes('F') ? { ...done('flat-fielded'), flat: null } : chooseFlat(group, available, rules);
  const flat = flatChoice.flat;
  const flatStep: StepChoice = { status: flatChoice.status, masterId: flatChoice.masterId, reason: flatChoice.reason };

  const steps = { bias: biasStep, dark: darkStep, flat: flatStep };
  const missing = Object.values(steps).filter((step) => step.status === 'missing').map((step) => step.reason);
  if (biasStep.status === 'missing') problems.push(problem('no-bias', 'warning', `${what}: ${biasStep.reason}`, group.frameIds));
  if (darkStep.status === 'missing') problems.push(problem('no-dark', 'warning', `${what}: ${darkStep.reason}`, group.frameIds));
  if (flatStep.status === 'missing') problems.push(problem('no-flat', 'warning', `${what}: ${flatStep.reason}`, group.frameIds));
  for (const used of [bias && biasId ? bias : null, dark, flat]) {
    // A library master's age is in its step's reason; one of another night in the folder is worth a word.
    if (used && used.file === null && nightsApart(used.night, group.night) !== 0) {
      problems.push(problem('other-night', 'info', `${what}: calibrated with the master ${used.kind} ${used.id} of the night of ${used.night}`, group.frameIds));
    }
  }
  if (biasId === null && dark === null && flat === null && pre === '') {
    const message = `no master bias, dark or flat applies: ${missing.join('; ')}`;
    return { groupId: group.id, biasId: null, darkId: null, darkScale: 1, flatId: null, steps, missing, calstat: '', precalibrated: pre, blocked: { code: 'no-matching-master', message } };
  }
  if (!Number.isFinite(darkScale)) return blocked('no-matching-master', `the dark scale for ${group.exposure} s is not a finite number`);
  const applied = `${biasStep.status === 'applied' || biasStep.status === 'included' ? 'B' : ''}${dark ? 'D' : ''}${flat ? 'F' : ''}`;
  const calstat = ['B', 'D', 'F'].filter((letter) => applied.includes(letter) || pre.includes(letter) || (letter === 'B' && pre.includes('D'))).join('');
  return { groupId: group.id, biasId, darkId: dark?.id ?? null, darkScale, flatId: flat?.id ?? null, steps, missing, calstat, precalibrated: pre, blocked: null };
}

/** ' (−9.2 °C for −10.0 °C)', or nothing. */
function suffix(differences: readonly string[]): string {
  return differences.length === 0 ? '' : ` (${differences.join(', ')})`;
}
