/**
 * Figures for people: medians with their min–max over rounds, aligned text tables for the
 * terminal and the same rows as Markdown for the README.
 */
import { cpus, release, totalmem } from 'node:os';

export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly values: readonly number[];
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0] ?? NaN, max: sorted[sorted.length - 1] ?? NaN, values };
}

/** `3.21 (3.02–3.40)`, or just the value when there is one round or no spread. */
export function withRange(s: Spread, digits = 2): string {
  if (!Number.isFinite(s.median)) return '–';
  const main = s.median.toFixed(digits);
  return s.values.length > 1 ? `${main} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})` : main;
}

export function fixed(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);
}

/** How many times faster `a` is than `b` (b / a for times), as `12.3×`. */
export function times(ratio: number | null): string {
  return ratio === null || !Number.isFinite(ratio) ? '–' : `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(2)}×`;
}

/** How busy the machine was with other processes while our commands ran (see measure-command). */
export function otherLoadLine(otherCores: readonly (number | null)[], cores: number): string {
  const known = otherCores.filter((v): v is number => v !== null);
  if (known.length === 0) return 'Other processes\' load during the timed steps (runs and floors): unknown (no GNU time)';
  const s = spread(known);
  const warning = s.max > 0.25 ? ': some runs shared the machine, their figures are slower than an idle machine would give' : '';
  return `Other processes' load during the timed steps (runs and floors): median ${s.median.toFixed(2)}, max ${s.max.toFixed(2)} of ${cores} cores${warning}`;
}

export type Row = readonly string[];

export function textTable(header: Row, rows: readonly Row[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: Row): string => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function markdownTable(header: Row, rows: readonly Row[]): string {
  const line = (r: Row): string => `| ${r.join(' | ')} |`;
  return [line(header), `|${header.map((_, c) => (c === 0 ? '---' : '---:')).join('|')}|`, ...rows.map(line)].join('\n');
}

export interface MachineFacts {
  readonly date: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGB: number;
  readonly node: string;
  readonly kernel: string;
  readonly loadAverageAtStart: readonly number[];
  /** Cores busy with other processes in the second before the bench began. */
  readonly busyCoresAtStart: number;
}

export function machineFacts(cores: number, loadAverage: readonly number[], busyCoresAtStart: number): MachineFacts {
  return {
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    kernel: release(),
    loadAverageAtStart: loadAverage.map((l) => Math.round(l * 100) / 100),
    busyCoresAtStart: Math.round(busyCoresAtStart * 100) / 100,
  };
}

export function describeMachine(m: MachineFacts): string {
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB, Linux ${m.kernel}, Node ${m.node}`;
}
