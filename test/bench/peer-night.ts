/**
 * Part B: NightCal side by side with the peers on the peers' night (gen_night.py), in one run:
 * each round runs NightCal, then every available peer, then the I/O floor of the same bytes.
 * The generator's `_truth/` folder (float32 truth images without IMAGETYP) is moved next to the
 * night: the peers never read it, and NightCal would classify `bias.fits` and `flat.fits` by
 * name and build two extra one-frame masters. All tools then see the same 65 raw frames.
 */
import { execFileSync } from 'node:child_process';
import { renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { measureFloor, runBytes, totalBytes, warmCache, type FloorTimes, type RunBytes } from './io-floor';
import { runScan, timedCalibrate, type RunFigures } from './nightcal-cli';
import { checkOutputs, type CheckResult } from './output-check';
import { PEER_LABELS, PEER_NAMES, PEERS_DIR, PYTHON, peerMissing, pythonReady, runPeer, type PeerName, type PeerRun } from './peers';
import { fixed, markdownTable, otherLoadLine, spread, textTable, times, withRange, type Row, type Spread } from './report';
import { keepWarm, settle } from './settle';

export const PEER_NIGHT = { bias: 15, darks: 10, flats: 10, lights: 30 } as const;

export interface PeerNightFigures {
  readonly size: number;
  readonly rawMB: number;
  readonly nightcal: readonly RunFigures[];
  /** NightCal with --no-direct-io (outputs through the page cache), one run per round. */
  readonly nightcalCached: readonly RunFigures[];
  readonly peers: Partial<Record<PeerName, readonly PeerRun[]>>;
  /** Peers not run, with the reason (not installed, or skipped by flag). */
  readonly skipped: Partial<Record<PeerName, string>>;
  readonly floors: readonly FloorTimes[];
  readonly check: CheckResult;
}

export function peerNightUnavailable(): string | null {
  return pythonReady();
}

export async function benchPeerNight(
  root: string,
  options: { size: number; rounds: number; cores: number; skip: readonly string[] },
  log: (line: string) => void,
): Promise<PeerNightFigures> {
  const night = join(root, 'peer-night');
  log(`Part B: generating the peers' night (gen_night.py, ${options.size}², ${PEER_NIGHT.lights} lights)…`);
  const counts = Object.entries(PEER_NIGHT).flatMap(([kind, n]) => [`--${kind}`, String(n)]);
  execFileSync(PYTHON, [resolve(PEERS_DIR, 'gen_night.py'), '--out', night, '--size', String(options.size), ...counts], { stdio: 'ignore' });
  renameSync(join(night, '_truth'), join(root, 'peer-night-truth'));

  const skipped: Partial<Record<PeerName, string>> = {};
  const active = PEER_NAMES.filter((name) => {
    const why = options.skip.includes(name) ? 'skipped by --skip' : peerMissing(name);
    if (why) skipped[name] = why;
    return why === null;
  });
  const scan = await runScan(night);
  const inputs = scan.groups.flatMap((g) => g.files.map((f) => join(night, f)));
  warmCache(inputs);
  keepWarm(() => warmCache(inputs));

  const nightcal: RunFigures[] = [];
  const nightcalCached: RunFigures[] = [];
  const peers: Partial<Record<PeerName, PeerRun[]>> = Object.fromEntries(active.map((name) => [name, []]));
  const floors: FloorTimes[] = [];
  let bytes: RunBytes | null = null;
  let check: CheckResult | null = null;
  const firstRound = async (out: string): Promise<void> => {
    bytes = runBytes(night, scan.groups, out);
    check = await checkOutputs(night, out, scan.groups.filter((g) => g.type === 'light').flatMap((g) => g.files));
  };
  for (let round = 1; round <= options.rounds; round += 1) {
    log(`Part B round ${round}/${options.rounds}: nightcal, nightcal --no-direct-io, ${active.join(', ') || 'no peers'}, I/O floor`);
    nightcal.push(await timedCalibrate(night, join(root, `peer-out-${round}`), options.cores, round === 1 ? firstRound : undefined));
    nightcalCached.push(await timedCalibrate(night, join(root, `peer-out-${round}-cached`), options.cores, undefined, true));
    for (const name of active) {
      log(`  ${name}…`);
      const peerOut = join(root, `peer-${name}-${round}`);
      await settle();
      peers[name]!.push(await runPeer(name, night, peerOut));
      rmSync(peerOut, { recursive: true, force: true });
    }
    await settle();
    floors.push(measureFloor(bytes!, join(root, 'floor')));
  }
  const rawMB = totalBytes([...bytes!.lights, ...bytes!.calibrationFrames]) / 1e6;
  keepWarm(null);
  rmSync(night, { recursive: true, force: true });
  return { size: options.size, rawMB, nightcal, nightcalCached, peers, skipped, floors, check: check! };
}

interface ToolFigures {
  readonly label: string;
  readonly wall: Spread;
  readonly masters: Spread;
  readonly lights: Spread;
  readonly peakRssMB: Spread;
  readonly treePeakMB: Spread;
  readonly cpuSeconds: Spread;
  readonly errors: readonly string[];
}

export function peerNightTools(f: PeerNightFigures): ToolFigures[] {
  const tool = (label: string, runs: readonly (RunFigures | PeerRun)[]): ToolFigures => {
    const ok = runs.filter((r) => !('error' in r) || r.error === null);
    const pick = (value: (r: RunFigures | PeerRun) => number | null): Spread => spread(ok.map(value).filter((v): v is number => v !== null));
    return {
      label,
      wall: pick((r) => r.wallSeconds),
      masters: pick((r) => r.mastersSeconds),
      lights: pick((r) => r.lightsSeconds),
      peakRssMB: pick((r) => r.peakRssMB),
      treePeakMB: pick((r) => r.treePeakMB),
      cpuSeconds: pick((r) => r.cpuSeconds),
      errors: runs.flatMap((r) => ('error' in r && r.error ? [r.error] : [])),
    };
  };
  return [tool('NightCal (calibrate)', f.nightcal), tool('NightCal (calibrate --no-direct-io)', f.nightcalCached), ...PEER_NAMES.filter((n) => f.peers[n]).map((n) => tool(PEER_LABELS[n], f.peers[n]!))];
}

/** Median over rounds of NightCal's light stage divided by the floor's, each paired with its own round's floor. */
export function peerLightsVsFloor(f: PeerNightFigures, runs: readonly RunFigures[] = f.nightcal): number | null {
  const ratios = runs.flatMap((run, i) => (run.lightsSeconds !== null && f.floors[i] ? [run.lightsSeconds / f.floors[i].lightsSeconds] : []));
  return ratios.length === 0 ? null : spread(ratios).median;
}

export function peerNightTable(f: PeerNightFigures): { text: string; markdown: string } {
  const tools = peerNightTools(f);
  const [ours, cached] = tools;
  const rows: Row[] = tools.map((t) => [
    t.label,
    withRange(t.masters),
    withRange(t.lights),
    fixed(PEER_NIGHT.lights / t.lights.median, 1),
    withRange(t.wall),
    fixed(t.cpuSeconds.median, 1),
    `${fixed(t.peakRssMB.median, 0)} / ${fixed(t.treePeakMB.median, 0)}`,
    t === ours || t === cached ? '' : [t.wall.median / ours.wall.median, t.masters.median / ours.masters.median, t.lights.median / ours.lights.median].map(times).join(' / '),
    t === ours || t === cached || cached.wall.values.length === 0 ? '' : times(t.wall.median / cached.wall.median),
  ]);
  const floor = spread(f.floors.map((fl) => fl.runSeconds));
  const floorLights = spread(f.floors.map((fl) => fl.lightsSeconds));
  rows.push(['I/O floor (plain fs, same bytes)', '', withRange(floorLights), fixed(PEER_NIGHT.lights / floorLights.median, 1), withRange(floor), '', '', '', '']);
  const header = ['pipeline', 'masters s', `${PEER_NIGHT.lights} lights s`, 'lights fr/s', 'whole run s', 'CPU s', 'peak RSS MB (process / tree PSS)', 'NightCal faster: whole / masters / lights', 'NightCal --no-direct-io faster: whole'];
  const allRuns = [...f.nightcal, ...f.nightcalCached, ...Object.values(f.peers).flat(), ...f.floors];
  const notes = [
    otherLoadLine(allRuns.map((r) => r.otherCores), f.nightcal[0]?.workers ?? 0),
    "gen_night.py's _truth/ was moved out of the night: the peers never read it, NightCal would build two extra one-frame masters from it",
    ...tools.flatMap((t) => t.errors.map((e) => `${t.label} failed: ${e}`)),
    ...Object.entries(f.skipped).map(([name, why]) => `not run: ${name}: ${why}`),
  ];
  return { text: [textTable(header, rows), ...notes].join('\n'), markdown: [markdownTable(header, rows), '', ...notes.map((n) => `- ${n}`)].join('\n') };
}
