/**
 * The targets of the performance issue (#4), each next to the figure this run measured. A target
 * whose part did not run is `not measured`, never a pass.
 */
import type { LargeFigures } from './large-night';
import type { LightMemoryFigures } from './light-memory';
import { ownNightSummary, type OwnNightFigures } from './own-night';
import { PEER_NIGHT, peerLightsVsFloor, peerNightTools, type PeerNightFigures } from './peer-night';
import { PEER_LABELS } from './peers';
import { fixed, markdownTable, textTable, type Row } from './report';
import { qualityRatios, type QualityFigures } from './quality-cost';
import { CHECKSUM_SHARE_TARGET, checksumShares, type ChecksumCostFigures } from './checksum-cost';
import type { ScanFigures } from './scan-speed';

export interface Target {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean | null;
}

export function checkTargets(own: OwnNightFigures | null, peers: PeerNightFigures | null, scan: ScanFigures | null, large: LargeFigures | null, lightMemory: LightMemoryFigures | null = null, quality: QualityFigures | null = null, checksums: ChecksumCostFigures | null = null): Target[] {
  const targets: Target[] = [];
  const add = (target: string, measured: string | null, met: boolean | null): void => {
    targets.push({ target, measured: measured ?? 'not measured', met: measured === null ? null : met });
  };
  const tools = peers ? peerNightTools(peers) : [];
  const [ours, cached] = tools;
  const peer = (label: string) => tools.find((t) => t.label === label && t.wall.values.length > 0);
  const siril = peer(PEER_LABELS.siril);
  const own2048 = own && own.night.size === 2048 ? ownNightSummary(own) : null;

  add('whole run faster than Siril (peers\' night)', siril ? `${fixed(ours.wall.median)} s vs ${fixed(siril.wall.median)} s` : null, siril ? ours.wall.median < siril.wall.median : null);
  for (const name of ['eloy', 'ccdproc'] as const) {
    const t = peer(PEER_LABELS[name]);
    add(`whole run ≥ 15× faster than ${name}`, t ? `${fixed(t.wall.median / ours.wall.median, 1)}×` : null, t ? t.wall.median / ours.wall.median >= 15 : null);
  }
  // The light-stage targets are on its night (part B); part A's larger night is shown beside them.
  const lightRate = ours && ours.lights.values.length > 0 ? PEER_NIGHT.lights / ours.lights.median : null;
  add('light stage ≥ 46 fr/s at 2048² (peers\' night)', lightRate !== null ? `${fixed(lightRate, 1)} fr/s` : null, lightRate !== null ? lightRate >= 46 : null);
  const vsFloor = peers ? peerLightsVsFloor(peers) : null;
  add('light stage within 1.5× of its I/O floor (peers\' night)', vsFloor !== null ? `${fixed(vsFloor)}×` : null, vsFloor !== null ? vsFloor <= 1.5 : null);
  add('light stage ≥ 46 fr/s at 2048² (Part A, 60 lights)', own2048 ? `${fixed(own2048.framesPerSecond.median, 1)} fr/s` : null, own2048 ? own2048.framesPerSecond.median >= 46 : null);
  add('light stage within 1.5× of its I/O floor (Part A)', own2048 ? `${fixed(own2048.lightsVsFloor.median)}×` : null, own2048 ? own2048.lightsVsFloor.median <= 1.5 : null);
  add('masters faster than Siril\'s (peers\' night)', siril ? `${fixed(ours.masters.median)} s vs ${fixed(siril.masters.median)} s` : null, siril ? ours.masters.median < siril.masters.median : null);
  add('peak RSS < 350 MB (peers\' night)', ours ? `${fixed(ours.peakRssMB.median, 0)} MB` : null, ours ? ours.peakRssMB.median < 350 : null);
  // The same targets with outputs written through the page cache (--no-direct-io), for comparison.
  if (cached && cached.wall.values.length > 0) {
    add('for comparison, --no-direct-io: whole run faster than Siril', siril ? `${fixed(cached.wall.median)} s vs ${fixed(siril.wall.median)} s` : null, siril ? cached.wall.median < siril.wall.median : null);
    for (const name of ['eloy', 'ccdproc'] as const) {
      const t = peer(PEER_LABELS[name]);
      add(`for comparison, --no-direct-io: whole run ≥ 15× faster than ${name}`, t ? `${fixed(t.wall.median / cached.wall.median, 1)}×` : null, t ? t.wall.median / cached.wall.median >= 15 : null);
    }
    const cachedRate = PEER_NIGHT.lights / cached.lights.median;
    add('for comparison, --no-direct-io: light stage ≥ 46 fr/s at 2048² (peers\' night)', `${fixed(cachedRate, 1)} fr/s`, cachedRate >= 46);
    const cachedVsFloor = peerLightsVsFloor(peers!, peers!.nightcalCached);
    add('for comparison, --no-direct-io: light stage within 1.5× of its I/O floor (peers\' night)', cachedVsFloor !== null ? `${fixed(cachedVsFloor)}×` : null, cachedVsFloor !== null ? cachedVsFloor <= 1.5 : null);
  }
  add(
    `combining 100 × 4096² within --memory ${large?.memoryMB ?? 512}`,
    large ? `${fixed(large.mastersPeakRssMB, 0)} MB peak RSS while combining` : null,
    large ? large.mastersPeakRssMB <= large.memoryMB : null,
  );
  for (const workers of [1, 2]) {
    const run = lightMemory?.runs.find((r) => r.workers === workers && r.peakRssMB !== null);
    add(
      `light stage of 4096² lights within --memory ${lightMemory?.memoryMB ?? 512}, ${workers} worker${workers > 1 ? 's' : ''}`,
      run ? `${fixed(run.peakRssMB, 0)} MB peak RSS` : null,
      run ? run.peakRssMB! <= lightMemory!.memoryMB : null,
    );
  }
  add('scan of 1,000 files < 1 s', scan ? `${fixed(scan.scanSeconds.median, 3)} s (command ${fixed(scan.commandSeconds.median, 3)} s)` : null, scan ? scan.scanSeconds.median < 1 : null);
  const ratio = (scaling: OwnNightFigures['scaling'] | undefined): number | null => {
    const one = scaling?.find((s) => s.workers === 1)?.framesPerSecond.median;
    const two = scaling?.find((s) => s.workers === 2)?.framesPerSecond.median;
    return one && two ? two / one : null;
  };
  const scaling = ratio(own?.scaling);
  add('2 workers ≥ 1.8× 1 worker (light stage)', scaling !== null ? `${fixed(scaling)}×` : null, scaling !== null ? scaling >= 1.8 : null);
  const cachedScaling = ratio(own?.cachedScaling);
  add('for comparison, --no-direct-io: 2 workers ≥ 1.8× 1 worker (light stage)', cachedScaling !== null ? `${fixed(cachedScaling)}×` : null, cachedScaling !== null ? cachedScaling >= 1.8 : null);
  // The quality issue: measuring every light costs the light stage at most 15 % of its throughput,
  // on a night's worth of subs; the short nights, where each worker's start shows, for comparison.
  for (const c of [...(quality?.cases ?? [])].sort((a, b) => Number(b.fullNight) - Number(a.fullNight))) {
    const ratio = qualityRatios(c).median;
    const mode = `${c.mode.workers} worker${c.mode.workers > 1 ? 's' : ''}${c.mode.pageCache ? ', --no-direct-io' : ''}`;
    const night = c.fullNight ? '' : 'for comparison, a short night: ';
    add(`${night}light stage with quality measured ≥ 0.85× without (${c.width}×${c.height}, ${c.lights} lights, ${mode})`, `${fixed(ratio, 3)}×`, ratio >= 0.85);
  }
  // The raw-frame safety issue: the checksums cost under 5 % of the light stage's throughput (part H over part G's runs).
  for (const s of checksums ? checksumShares(checksums, quality) : []) {
    add(`checksums < ${100 * CHECKSUM_SHARE_TARGET} % of the light stage's throughput (${s.size}, ${s.stage})`, `${fixed(100 * s.share, 1)} %`, s.share < CHECKSUM_SHARE_TARGET);
  }
  return targets;
}

export function targetsTable(targets: readonly Target[]): { text: string; markdown: string } {
  const header = ['target (issue 4)', 'measured (median)', 'met'];
  const rows: Row[] = targets.map((t) => [t.target, t.measured, t.met === null ? '–' : t.met ? 'yes' : 'NO']);
  return { text: textTable(header, rows), markdown: markdownTable(header, rows) };
}
