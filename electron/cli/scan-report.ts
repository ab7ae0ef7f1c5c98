/**
 * `nightcal scan`: the night as tables for people, or one JSON object for programs: the groups
 * with their matching keys, what each light group will be calibrated with and why, unclassified
 * files, and the problems (grouped by kind for people).
 */
import type { NightView } from '../../shared/contract';
import type { FrameGroup, LightPlan, Problem } from '../../shared/night/frames';
import { describeSettings } from '../../shared/night/matching';
import { plural } from '../../shared/plural';

/** The `--json` form: groups (with their keys and files), the plan of every light group, unclassified files, problems. */
export function scanJson(view: NightView): object {
  return {
    root: view.root,
    files: view.frames.length,
    seconds: view.scanSeconds,
    groups: view.groups.map((group) => ({
      id: group.id,
      type: group.type,
      filter: group.filter,
      exposure: group.exposure,
      camera: group.camera,
      gain: group.gain,
      offset: group.offset,
      readoutMode: group.readoutMode,
      binning: group.binning,
      width: group.width,
      height: group.height,
      subframe: group.subframe,
      cfa: group.cfa,
      temperature: group.temperature,
      night: group.night,
      precalibrated: group.precalibrated,
      files: group.frameIds,
    })),
    masters: view.plan.masters.map((spec) => ({ id: spec.id, kind: spec.kind, group: spec.groupId, frames: spec.frameIds.length, preparations: spec.preparations, normalise: spec.normalise, fit: spec.fit, file: spec.file })),
    libraries: view.libraries,
    lightGroups: lightGroupPlans(view).map(({ group, plan }) => ({ group: group.id, frames: group.frameIds.length, steps: plan.steps, calstat: plan.calstat, precalibrated: plan.precalibrated, blocked: plan.blocked })),
    unclassified: view.unclassified.map((id) => {
      const frame = view.frames.find((candidate) => candidate.id === id);
      return { file: id, reason: frame?.classification.reason ?? '' };
    }),
    problems: view.problems,
  };
}

export function scanTable(view: NightView): string {
  const header = ['TYPE', 'FILTER', 'EXPOSURE', 'SETTINGS', 'NIGHT', 'COUNT'];
  const rows = view.groups.map((group) => [
    group.type + (group.precalibrated ? ` (pre ${group.precalibrated})` : ''),
    group.filter ?? '-',
    group.exposure === null ? '-' : `${group.exposure} s`,
    describeSettings(group),
    group.night ?? '-',
    String(group.frameIds.length),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const format = (row: readonly string[]): string => row.map((cell, column) => (column === row.length - 1 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ');
  const lines = [`Night ${view.root}: ${plural(view.frames.length, 'file')} in ${view.scanSeconds.toFixed(2)} s`, '', format(header), ...rows.map(format)];
  const plans = lightGroupPlans(view);
  if (plans.length > 0) {
    lines.push('', 'What each light group gets:');
    for (const { group, plan } of plans) {
      lines.push(`  ${group.filter ?? 'no filter'} ${group.exposure ?? '?'} s, ${plural(group.frameIds.length, 'light')} (${describeSettings(group)}):${plan.blocked ? ` NOT CALIBRATED: ${plan.blocked.message}` : ''}`);
      if (plan.blocked) continue;
      for (const step of ['bias', 'dark', 'flat'] as const) lines.push(`    ${step.padEnd(4)}  ${plan.steps[step].status.padEnd(8)} ${plan.steps[step].reason}`);
    }
  }
  for (const line of libraryLines(view)) lines.push(line);
  if (view.unclassified.length > 0) {
    lines.push('', `Unclassified (${view.unclassified.length}):`);
    for (const id of view.unclassified) {
      const frame = view.frames.find((candidate) => candidate.id === id);
      lines.push(`  ${id}: ${frame?.classification.reason ?? ''}`);
    }
  }
  if (view.problems.length > 0) {
    lines.push('', `Problems (${view.problems.length}):`);
    for (const [code, problems] of byKind(view.problems)) {
      lines.push(`  ${code} (${problems.length}):`);
      for (const problem of problems) lines.push(`    ${problem.severity.padEnd(7)} ${problem.message}`);
    }
  }
  return lines.join('\n');
}

/** Each light group with the plan its lights share. */
function lightGroupPlans(view: NightView): { readonly group: FrameGroup; readonly plan: LightPlan }[] {
  const byGroup = new Map(view.plan.lights.map((plan) => [plan.groupId, plan]));
  return view.groups.filter((group) => group.type === 'light' && byGroup.has(group.id)).map((group) => ({ group, plan: byGroup.get(group.id)! }));
}

/** Problems by kind, errors' kinds first. */
function byKind(problems: readonly Problem[]): [string, Problem[]][] {
  const groups = new Map<string, Problem[]>();
  for (const problem of problems) groups.set(problem.code, [...(groups.get(problem.code) ?? []), problem]);
  const rank = (list: Problem[]): number => Math.min(...list.map((p) => ({ error: 0, warning: 1, info: 2 })[p.severity]));
  return [...groups.entries()].sort((a, b) => rank(a[1]) - rank(b[1]));
}

/** The calibration libraries the night was planned with, and what of each it uses. */
export function libraryLines(view: NightView): string[] {
  if (view.libraries.length === 0) return [];
  const lines = ['', 'Calibration libraries:'];
  for (const library of view.libraries) {
    const raw = library.rawFrames > 0 ? `; ${plural(library.rawFrames, 'raw calibration frame')} not yet made into masters (nightcal library add)` : '';
    lines.push(`  ${library.root}: ${plural(library.masters, 'master')}, ${library.used.length} used${raw}`);
    for (const used of library.used) lines.push(`    uses ${used.origin}`);
    for (const skip of library.skipped) lines.push(`    not used: ${skip.relativePath}: ${skip.reason}`);
  }
  return lines;
}
