/**
 * Part H: what the input and output checksums (resume's proof that an input did not change and
 * that an output is whole) cost the light stage. Their own cost is measured where it can be
 * measured to a fraction of a millisecond: in one thread, the light kernel's loop over a 16-bit
 * light with and without them, paired round by round (checksum-bench.ts, the harness of
 * `pixels-bench --only=checksum`). Whole runs with and without would not show it: on this
 * machine two runs of the same night differ by more than the checksums cost.
 *
 * The share is then taken of two light stages: a bare one (the raw bytes read from the page
 * cache, calibrated, written; nothing else a run does), and the one a run has, the milliseconds
 * a worker spends per light in part G's runs of the same size, measured the default way. A
 * worker's throughput is 1 / (its ms per light), so the checksums' cost over that is their share
 * of the light stage's throughput.
 */
import { benchChecksums, type ChecksumFigures } from './checksum-bench';
import type { QualityFigures } from './quality-cost';
import { fixed, markdownTable, spread, textTable, type Row } from './report';

/** The sizes measured, as part G's. */
const SIZES: readonly (readonly [number, number])[] = [
  [2048, 2048],
  [6248, 4176],
];

/** Target: the checksums cost the light stage less than this share of its throughput. */
export const CHECKSUM_SHARE_TARGET = 0.05;

export interface ChecksumCostFigures {
  readonly sizes: readonly ChecksumFigures[];
}

export function benchChecksumCost(log: (line: string) => void): ChecksumCostFigures | null {
  const sizes: ChecksumFigures[] = [];
  for (const [width, height] of SIZES) {
    log(`Part H: the checksums of ${width}×${height} lights, with and without, paired rounds…`);
    const figures = benchChecksums(width, height, width * height > 2 ** 23 ? 11 : 31);
    if (figures === null) return null;
    sizes.push(figures);
  }
  return { sizes };
}

/** The checksums' cost per light, ms: the larger of the paired wall and CPU differences in the kernel's loop. */
export const checksumCostMs = (f: ChecksumFigures): number => Math.max(f.checksumCostMs, f.checksumCpuCostMs);

/** A run's light stage of this size, from part G: each worker mode's median ms per light with the default measurement on. */
function runStages(f: ChecksumFigures, quality: QualityFigures | null): { readonly label: string; readonly msPerLight: number }[] {
  return (quality?.cases ?? [])
    .filter((c) => c.width === f.width && c.height === f.height)
    .map((c) => ({ label: `${c.lights} lights, ${c.mode.workers} worker${c.mode.workers > 1 ? 's' : ''}${c.mode.pageCache ? ' --no-direct-io' : ''}`, msPerLight: spread(c.on.map((run) => run.frameMs)).median }));
}

/** Each run light stage's share of the checksums, for the targets. */
export function checksumShares(f: ChecksumCostFigures, quality: QualityFigures | null): { readonly size: string; readonly stage: string; readonly share: number }[] {
  return f.sizes.flatMap((s) => runStages(s, quality).map((stage) => ({ size: `${s.width}×${s.height}`, stage: stage.label, share: checksumCostMs(s) / stage.msPerLight })));
}

const percent = (share: number): string => `${fixed(100 * share, 1)} %`;

export function checksumTable(f: ChecksumCostFigures, quality: QualityFigures | null): { text: string; markdown: string } {
  const header = ['16-bit light', 'kernel alone, ms', 'checksums in its loop: +ms wall / +ms CPU', 'bare light stage (read, calibrate, write): CPU ms, their share', "a run's light stage (part G): ms per light in a worker, their share"];
  const rows: Row[] = f.sizes.map((s) => {
    const cost = checksumCostMs(s);
    const stages = runStages(s, quality);
    return [
      `${s.width}×${s.height}, ${((s.width * s.height * 6) / 1e6).toFixed(1)} MB summed`,
      fixed(s.kernelMs, 2),
      `${fixed(s.checksumCostMs, 2)} / ${fixed(s.checksumCpuCostMs, 2)}`,
      `${fixed(s.lightStageCpuMs, 1)}: ${percent(cost / s.lightStageCpuMs)}`,
      stages.length === 0 ? 'part G not run' : stages.map((stage) => `${stage.label}: ${fixed(stage.msPerLight, 1)}, ${percent(cost / stage.msPerLight)}`).join('; '),
    ];
  });
  return { text: textTable(header, rows), markdown: markdownTable(header, rows) };
}
