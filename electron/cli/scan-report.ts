/** `nightcal scan`: the night as a table for people, or one JSON object for programs. */
import type { NightView } from '../../shared/contract';

/** The `--json` form: groups (with their files), unclassified files, problems. */
export function scanJson(view: NightView): object {
  return {
    root: view.root,
    files: view.frames.length,
    seconds: view.scanSeconds,
    groups: view.groups.map((group) => ({
      type: group.type,
      filter: group.filter,
      exposure: group.exposure,
      binning: group.binning,
      width: group.width,
      height: group.height,
      night: group.night,
      files: group.frameIds,
    })),
    unclassified: view.unclassified.map((id) => {
      const frame = view.frames.find((candidate) => candidate.id === id);
      return { file: id, reason: frame?.classification.reason ?? '' };
    }),
    problems: view.problems,
  };
}

export function scanTable(view: NightView): string {
  const header = ['TYPE', 'FILTER', 'EXPOSURE', 'BINNING', 'SIZE', 'NIGHT', 'COUNT'];
  const rows = view.groups.map((group) => [
    group.type,
    group.filter ?? '-',
    group.exposure === null ? '-' : `${group.exposure} s`,
    group.binning,
    `${group.width}x${group.height}`,
    group.night ?? '-',
    String(group.frameIds.length),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const format = (row: readonly string[]): string => row.map((cell, column) => (column === row.length - 1 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ');
  const lines = [`Night ${view.root}: ${view.frames.length} files in ${view.scanSeconds.toFixed(2)} s`, '', format(header), ...rows.map(format)];
  if (view.unclassified.length > 0) {
    lines.push('', `Unclassified (${view.unclassified.length}):`);
    for (const id of view.unclassified) {
      const frame = view.frames.find((candidate) => candidate.id === id);
      lines.push(`  ${id}: ${frame?.classification.reason ?? ''}`);
    }
  }
  if (view.problems.length > 0) {
    lines.push('', `Problems (${view.problems.length}):`);
    for (const problem of view.problems) lines.push(`  ${problem.severity.padEnd(7)} ${problem.message}`);
  }
  return lines.join('\n');
}
