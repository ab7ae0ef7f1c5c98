/**
 * `npm run bench`: the benchmark NightCal's performance claims rest on (issues 2 and 4).
 *
 *   A. NightCal's stages on its own demo night, with the I/O floor measured in the same rounds,
 *      scaling over workers, and a check of the output against the formula.
 *   B. Side by side with Siril, the eloy approach and ccdproc on the peers' night (when installed).
 *   C. Scan speed on 1,000 small files.
 *   D. (--large) Bounded memory: 100 frames of 4096² combined with --memory 512.
 *   E. (--light-memory) The light stage within --memory 512: 4096² lights, 1 and 2 workers.
 *   F. Opening a calibration library of 5,000 files, cold (no index) and warm.
 *   G. What measuring every light's quality costs the light stage: 2048² and 6248×4176, with and without.
 *   H. What the input and output checksums cost the light stage (paired in the kernel's loop; shares of part G's).
 *
 * Everything runs the built command line (`out/main/cli.js`) as a user would, page cache warm.
 * Progress goes to stderr; the report (tables, targets, a Markdown block for the README) to
 * stdout, and every figure to test-results/bench.json. Temp folders are removed at the end,
 * also on failure or Ctrl-C. Exit status 1 when an output differs from the formula or a part failed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderReport } from './bench-report';
import { benchLargeNight, largeNightNoRoom, type LargeFigures } from './large-night';
import { benchLibraryOpen, type LibraryOpenFigures } from './library-open';
import { benchLightMemory, lightMemoryNoRoom, type LightMemoryFigures } from './light-memory';
import { stopAllCommands } from './measure-command';
import { benchOwnNight, ownNightSummary, type OwnNightFigures } from './own-night';
import { benchPeerNight, peerNightUnavailable, type PeerNightFigures } from './peer-night';
import { PEER_NAMES } from './peers';
import { describeMachine, machineFacts } from './report';
import { benchQualityCost, type QualityFigures } from './quality-cost';
import { benchChecksumCost, type ChecksumCostFigures } from './checksum-cost';
import { benchScan, type ScanFigures } from './scan-speed';
import { busyCoresNow, setQuietWait } from './settle';

const HELP = `npm run bench -- [options]
  --size N          frame size of parts A and B (default 2048)
  --lights N        lights of part A's demo night (default 60)
  --rounds N        rounds of part A (default 3)
  --peer-rounds N   rounds of part B (default 2)
  --scan-rounds N   rounds of part C (default 5)
  --library-rounds N  cold and warm opens of part F (default 3)
  --quiet-wait S    before each timed step, wait at most S seconds for other processes to
                    leave the cores idle (default 10; 0 never waits)
  --quality-rounds N  rounds of part G (default 3)
  --quality-nights full  part G on the nights' worth of lights only (200 × 2048², 60 × 6248×4176),
                    the cases its target is judged on, e.g. for more rounds of them
  --skip LIST       comma list of: ${PEER_NAMES.join(', ')} (peers), own, peers, scan, library, quality, checksums (parts)
  --large           also part D: 100 × 4096² with --memory 512 (needs ~4.5 GB of disk, minutes)
  --light-memory    also part E: the light stage of 4096² lights with --memory 512, 1 and 2 workers (~3 GB of disk)
  --only LIST       comma list of parts to run, nothing else: own, peers, scan, library, quality, checksums, large, light-memory`;

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '2048' },
    lights: { type: 'string', default: '60' },
    rounds: { type: 'string', default: '3' },
    'peer-rounds': { type: 'string', default: '2' },
    'scan-rounds': { type: 'string', default: '5' },
    'library-rounds': { type: 'string', default: '3' },
    'quality-rounds': { type: 'string', default: '3' },
    'quality-nights': { type: 'string', default: 'all' },
    'quiet-wait': { type: 'string', default: '10' },
    skip: { type: 'string', multiple: true, default: [] },
    large: { type: 'boolean', default: false },
    'light-memory': { type: 'boolean', default: false },
    only: { type: 'string', multiple: true, default: [] },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const count = (name: string, text: string, min = 1): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min}, not '${text}'`);
  return n;
};
function qualityNights(text: string): boolean {
  if (text !== 'all' && text !== 'full') throw new Error(`--quality-nights must be 'all' or 'full', not '${text}'`);
  return text === 'full';
}
const only = values.only.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
const PARTS = ['own', 'peers', 'scan', 'library', 'quality', 'checksums', 'large', 'light-memory'];
for (const name of only) if (!PARTS.includes(name)) throw new Error(`--only: no part '${name}' (parts: ${PARTS.join(', ')})`);
const options = {
  size: count('size', values.size),
  lights: count('lights', values.lights),
  rounds: count('rounds', values.rounds),
  peerRounds: count('peer-rounds', values['peer-rounds']),
  scanRounds: count('scan-rounds', values['scan-rounds']),
  libraryRounds: count('library-rounds', values['library-rounds']),
  qualityRounds: count('quality-rounds', values['quality-rounds']),
  qualityFullNightsOnly: qualityNights(values['quality-nights']),
  quietWaitSeconds: count('quiet-wait', values['quiet-wait'], 0),
  // --only runs the parts named and skips the others.
  skip: [...values.skip.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean), ...(only.length > 0 ? PARTS.filter((name) => !only.includes(name)) : [])],
  large: only.length > 0 ? only.includes('large') : values.large,
  lightMemory: only.length > 0 ? only.includes('light-memory') : values['light-memory'],
  cores: availableParallelism(),
};
const log = (line: string): void => void process.stderr.write(`${line}\n`);

setQuietWait(options.quietWaitSeconds);
const machine = machineFacts(options.cores, loadavg(), await busyCoresNow());
const root = mkdtempSync(join(tmpdir(), 'nightcal-bench-'));
const cleanUp = (): void => {
  stopAllCommands();
  rmSync(root, { recursive: true, force: true });
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    log(`\n${signal}: stopping, removing ${root}`);
    cleanUp();
    process.exit(130);
  });
}

const failures: string[] = [];
async function part<T>(name: string, run: () => Promise<T>): Promise<T | null> {
  try {
    return await run();
  } catch (error) {
    failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    log(`${name} failed: ${failures[failures.length - 1]}`);
    return null;
  }
}

let own: OwnNightFigures | null = null;
let peers: PeerNightFigures | null = null;
let scan: ScanFigures | null = null;
let library: LibraryOpenFigures | null = null;
let large: LargeFigures | null = null;
let lightMemory: LightMemoryFigures | null = null;
let quality: QualityFigures | null = null;
let checksums: ChecksumCostFigures | null = null;
const notRun: Record<string, string> = {};
const started = performance.now();
log(`NightCal bench in ${root} (${describeMachine(machine)})`);
if (machine.busyCoresAtStart > 0.25) {
  log(`warning: other processes keep ${machine.busyCoresAtStart.toFixed(2)} of ${options.cores} cores busy: the figures will be slower than on an idle machine (see the load line of each part)`);
}
try {
  if (options.skip.includes('own')) notRun.own = 'skipped by --skip own';
  else own = await part('Part A', () => benchOwnNight(root, { size: options.size, lights: options.lights, rounds: options.rounds, cores: options.cores }, log));

  const noPython = peerNightUnavailable();
  if (options.skip.includes('peers')) notRun.peers = 'skipped by --skip peers';
  else if (noPython) notRun.peers = noPython;
  else peers = await part('Part B', () => benchPeerNight(root, { size: options.size, rounds: options.peerRounds, cores: options.cores, skip: options.skip }, log));

  if (options.skip.includes('scan')) notRun.scan = 'skipped by --skip scan';
  else scan = await part('Part C', () => benchScan(root, options.scanRounds, log));

  if (options.skip.includes('library')) notRun.library = 'skipped by --skip library';
  else library = await part('Part F', () => benchLibraryOpen(root, options.libraryRounds, log));
  if (options.skip.includes('quality')) notRun.quality = 'skipped by --skip quality';
  else quality = await part('Part G', () => benchQualityCost(root, { rounds: options.qualityRounds, cores: options.cores, fullNightsOnly: options.qualityFullNightsOnly }, log));
  if (options.skip.includes('checksums')) notRun.checksums = 'skipped by --skip checksums';
  else {
    checksums = await part('Part H', async () => benchChecksumCost(log));
    if (checksums === null && !failures.some((f) => f.startsWith('Part H'))) notRun.checksums = 'WebAssembly SIMD with shared memory is not available in this Node';
  }

  const noRoom = options.large ? largeNightNoRoom(root) : null;
  if (!options.large) notRun.large = 'not asked for: add --large (100 × 4096², ~4.5 GB of temp disk, a few minutes)';
  else if (noRoom) notRun.large = noRoom;
  else large = await part('Part D', () => benchLargeNight(root, options.cores, log));

  const noRoomE = options.lightMemory ? lightMemoryNoRoom(root) : null;
  if (!options.lightMemory) notRun['light-memory'] = 'not asked for: add --light-memory (4096² lights, --memory 512, ~3 GB of temp disk)';
  else if (noRoomE) notRun['light-memory'] = noRoomE;
  else lightMemory = await part('Part E', () => benchLightMemory(root, log));
} finally {
  cleanUp();
}

const report = renderReport({ machine, options, own, peers, scan, library, large, lightMemory, quality, checksums, notRun, failures, benchSeconds: (performance.now() - started) / 1000 });
console.log(report.text);

const resultsDir = resolve('test-results');
mkdirSync(resultsDir, { recursive: true });
const ownSummary = own ? ownNightSummary(own) : null;
writeFileSync(join(resultsDir, 'bench.json'), `${JSON.stringify({ machine, options, own, ownSummary, peers, scan, library, large, lightMemory, quality, checksums, targets: report.targets, notRun, failures }, null, 2)}\n`);
log(`figures written to ${join(resultsDir, 'bench.json')}`);

process.exitCode = report.mismatched || failures.length > 0 ? 1 : 0;
