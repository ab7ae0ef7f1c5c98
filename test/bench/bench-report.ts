/**
 * The bench's report: one table per part, the output checks, the targets of issue 4, what did
 * not run and why, then the same as one Markdown block for the README's performance section.
 */
import { loadavg } from 'node:os';
import { LARGE, largeTable, type LargeFigures } from './large-night';
import { libraryOpenTable, type LibraryOpenFigures } from './library-open';
import { lightMemoryTable, type LightMemoryFigures } from './light-memory';
import type { CheckResult } from './output-check';
import { ownNightTable, type OwnNightFigures } from './own-night';
import { PEER_NIGHT, peerNightTable, type PeerNightFigures } from './peer-night';
import { describeMachine, type MachineFacts } from './report';
import { qualityTable, type QualityFigures } from './quality-cost';
import { checksumTable, type ChecksumCostFigures } from './checksum-cost';
import { scanTable, type ScanFigures } from './scan-speed';
import { COOL_DOWN_SECONDS } from './settle';
import { checkTargets, targetsTable, type Target } from './targets';

export interface BenchResults {
  readonly machine: MachineFacts;
  readonly options: { readonly rounds: number; readonly peerRounds: number; readonly scanRounds: number; readonly libraryRounds?: number; readonly qualityRounds: number; readonly quietWaitSeconds: number; readonly cores: number };
  readonly own: OwnNightFigures | null;
  readonly peers: PeerNightFigures | null;
  readonly scan: ScanFigures | null;
  readonly large: LargeFigures | null;
  readonly lightMemory?: LightMemoryFigures | null;
  readonly library?: LibraryOpenFigures | null;
  readonly quality: QualityFigures | null;
  readonly checksums?: ChecksumCostFigures | null;
  /** Parts not run, with the reason. */
  readonly notRun: Readonly<Record<string, string>>;
  readonly failures: readonly string[];
  readonly benchSeconds: number;
}

const howMeasured = (quietWait: number): string[] => [
  `Every figure comes from the built \`nightcal\` command run as a user runs it, page cache warm; before each timed step \`sync\`, a ${COOL_DOWN_SECONDS} s cool-down (this virtual machine takes freed memory back within seconds, so every step starts without recycled pages), the night's inputs read again (the machine also reclaims idle page cache), and a wait of at most ${quietWait} s for other processes to leave the cores idle; medians of the rounds, (min–max) in brackets.`,
  'NightCal stage times: arrival of its `--json` events (scan → first light started → done: lights start once their masters\' pixels are final, while the last masters are measured and written); whole run: spawn → exit. Peers: the stage times they print, wall measured like ours.',
  'Peak RSS: the kernel\'s high-water mark of the largest process (GNU time %M; NightCal\'s workers are threads of its one process); tree PSS: the process tree\'s summed PSS sampled every 100 ms (matters for multi-process peers).',
  'I/O floor: the same bytes read (into one reused buffer) and written (writeFileSync, no fsync) with plain fs calls, one thread, in every round; each ratio to the floor pairs a run with the floor of its own round.',
  'Other processes\' load: all busy CPU time of the machine (/proc/stat) less the step\'s own (GNU time %U + %S; for the floor, the bench\'s own CPU time), per second of the step.',
];

const rounds = (n: number): string => `${n} round${n > 1 ? 's' : ''}`;

export function renderReport(r: BenchResults): { text: string; targets: Target[]; mismatched: boolean } {
  const checks: [string, CheckResult][] = [];
  if (r.own) checks.push(["NightCal's demo night", r.own.check]);
  if (r.peers) checks.push(["the peers' night", r.peers.check]);
  const checkLines = checks.map(([name, c]) => {
    const verdict = c.mismatches === 0 ? 'OK' : `MISMATCH (${c.mismatches})`;
    const examples = c.examples.map((e) => `\n    ${e}`).join('');
    return `output = (raw − bias − scale·dark) / flat on ${name}: ${verdict}: ${c.pixels} pixels of ${c.frames} lights, ${c.identical} bit-identical, ${c.withinRounding} within float32 rounding${examples}`;
  });
  const targets = checkTargets(r.own, r.peers, r.scan, r.large, r.lightMemory ?? null, r.quality, r.checksums ?? null);
  const targetTable = targetsTable(targets);
  const sections = partSections(r);
  const notRun = Object.entries(r.notRun).map(([name, why]) => `part ${name} not run: ${why}`);
  const machine = describeMachine(r.machine);

  const text = [
    '',
    `NightCal bench, ${r.machine.date}`,
    `Machine: ${machine}; load average at start ${r.machine.loadAverageAtStart.join(' ')}, at end ${loadavg().map((l) => l.toFixed(2)).join(' ')}; other processes busy on ${r.machine.busyCoresAtStart} cores at start`,
    '',
    ...sections.flatMap((s) => [s.title, s.text, '']),
    ...checkLines,
    '',
    targetTable.text,
    '',
    ...notRun,
    ...r.failures.map((f) => `FAILED: ${f}`),
    `bench time: ${r.benchSeconds.toFixed(0)} s`,
    '',
    '---- Markdown for the README (replaces <!-- performance -->) ----',
    '',
    `## Performance (measured ${r.machine.date.slice(0, 10)})`,
    '',
    `Machine: ${machine}. Command: \`npm run bench\`${r.large ? ' (part D: `npm run bench -- --large`)' : ''}.`,
    '',
    ...sections.flatMap((s) => [`**${s.title}**`, '', s.markdown, '']),
    ...checkLines.map((line) => `- ${line}`),
    '',
    targetTable.markdown,
    '',
    ...howMeasured(r.options.quietWaitSeconds).map((line) => `- ${line}`),
    ...notRun.map((line) => `- ${line[0].toUpperCase()}${line.slice(1)}`),
    '',
  ].join('\n');
  return { text, targets, mismatched: checks.some(([, c]) => c.mismatches > 0) };
}

function partSections(r: BenchResults): { title: string; text: string; markdown: string }[] {
  const sections: { title: string; text: string; markdown: string }[] = [];
  if (r.own) {
    const n = r.own.night;
    const title = `A. NightCal on its demo night: ${n.frames} frames of ${n.size}² (${n.lights} lights), ${n.rawMB.toFixed(0)} MB raw, ${n.writtenMB.toFixed(0)} MB written; ${rounds(r.options.rounds)}, ${r.options.cores} workers`;
    sections.push({ title, ...ownNightTable(r.own) });
  }
  if (r.peers) {
    const p = PEER_NIGHT;
    const title = `B. Side by side on the peers' night (gen_night.py ${r.peers.size}²: ${p.bias} bias, ${p.darks} darks, ${p.flats} flats, ${p.lights} lights, ${r.peers.rawMB.toFixed(0)} MB raw); ${rounds(r.options.peerRounds)}`;
    sections.push({ title, ...peerNightTable(r.peers) });
  }
  if (r.scan) sections.push({ title: `C. Scan of ${r.scan.files} files of 32², warm cache; ${rounds(r.options.scanRounds)}`, ...scanTable(r.scan) });
  if (r.library) sections.push({ title: `F. Opening a calibration library of ${r.library.files} files of 8×6 (\`library list --json\`), cold and warm; ${rounds(r.options.libraryRounds ?? 3)} each`, ...libraryOpenTable(r.library) });
  if (r.large) sections.push({ title: `D. Bounded memory: ${LARGE.frames} × ${LARGE.size}², --memory ${LARGE.memoryMB}, once`, ...largeTable(r.large) });
  if (r.lightMemory) sections.push({ title: `E. The light stage within --memory ${r.lightMemory.memoryMB}: ${r.lightMemory.lights} lights of ${r.lightMemory.size}², once per worker count`, ...lightMemoryTable(r.lightMemory) });
  if (r.quality) sections.push({ title: `G. The quality measurement's cost to the light stage: measured (default) against --no-quality in alternate runs; ${rounds(r.options.qualityRounds)}`, ...qualityTable(r.quality) });
  if (r.checksums) sections.push({ title: "H. The input and output checksums' cost to the light stage: in the kernel's loop, with against without, medians of paired rounds in one thread; their share of a bare light stage and of part G's", ...checksumTable(r.checksums, r.quality) });
  return sections;
}
