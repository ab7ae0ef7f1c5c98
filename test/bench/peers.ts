/**
 * The peers of ../shared/peers/, run from there (never copied), on the same night as NightCal:
 * Siril's headless script, the eloy approach and astropy ccdproc. Each is measured from outside
 * like NightCal (wall, peak RSS); the stage times are what each tool prints about itself:
 * - eloy and ccdproc print `masters X s, calibrate Y s (Z frames/s)`;
 * - Siril prints `Execution time` after each command of its script: stack bias, stack dark,
 *   preprocess flat, stack flat (the masters), then preprocess light (the light stage). Its
 *   `convert` steps only symlink FITS inputs (8 ms for 30 files) and print no time of their own.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { measureCommand, stderrTail, type Measured } from './measure-command';

export const PEERS_DIR = resolve('../shared/peers');
export const PYTHON = '/usr/bin/python3';

export type PeerName = 'siril' | 'eloy' | 'ccdproc';
export const PEER_NAMES: readonly PeerName[] = ['siril', 'eloy', 'ccdproc'];

export const PEER_LABELS: Readonly<Record<PeerName, string>> = {
  siril: 'Siril 1.0.6 (siril_pipeline.sh)',
  eloy: 'eloy approach (Pool(2))',
  ccdproc: 'astropy ccdproc',
};

export interface PeerRun {
  readonly wallSeconds: number;
  readonly mastersSeconds: number | null;
  readonly lightsSeconds: number | null;
  readonly peakRssMB: number | null;
  readonly treePeakMB: number;
  readonly cpuSeconds: number | null;
  /** Cores busy with other processes meanwhile (see measure-command). */
  readonly otherCores: number | null;
  /** Why the run gave no figures, when it failed. */
  readonly error: string | null;
}

/** Can the peers' night be generated here (numpy + astropy in Debian's python3)? */
export function pythonReady(): string | null {
  return probe(PYTHON, ['-c', 'import numpy, astropy']) ? null : `${PYTHON} with numpy + astropy not found (apt-get install -y python3-numpy python3-astropy)`;
}

/** Null when the peer can run here, else why not. */
export function peerMissing(name: PeerName): string | null {
  switch (name) {
    case 'siril':
      return probe('siril-cli', ['--version']) ? null : 'siril-cli not installed (apt-get install -y siril)';
    case 'eloy':
      return pythonReady();
    case 'ccdproc':
      return probe(PYTHON, ['-c', 'import ccdproc']) ? null : 'python3-ccdproc not installed (apt-get install -y python3-ccdproc)';
  }
}

export async function runPeer(name: PeerName, night: string, out: string): Promise<PeerRun> {
  const measured =
    name === 'siril'
      ? await measureCommand(resolve(PEERS_DIR, 'siril_pipeline.sh'), [night, out])
      : await measureCommand(PYTHON, [resolve(PEERS_DIR, `${name}_pipeline.py`), night, out, ...(name === 'eloy' ? ['--procs', '2'] : [])]);
  const stages = name === 'siril' ? sirilStages(measured) : pythonStages(measured);
  const error = measured.code !== 0 ? `exit ${measured.code}: ${stderrTail(measured, 3)}` : stages ? null : 'printed no stage times';
  return { wallSeconds: measured.wallSeconds, ...(stages ?? { mastersSeconds: null, lightsSeconds: null }), peakRssMB: measured.peakRssMB, treePeakMB: measured.treePeakMB, cpuSeconds: measured.cpuSeconds, otherCores: measured.otherCores, error };
}

type Stages = { mastersSeconds: number; lightsSeconds: number };

function pythonStages(measured: Measured): Stages | null {
  for (const { text } of measured.stdout) {
    const match = /masters ([\d.]+) s, calibrate ([\d.]+) s/.exec(text);
    if (match) return { mastersSeconds: Number(match[1]), lightsSeconds: Number(match[2]) };
  }
  return null;
}

function sirilStages(measured: Measured): Stages | null {
  const times = measured.stdout.map(({ text }) => /Execution time: (?:(\d+) min )?([\d.]+) (ms|s)\b/.exec(text)).filter((m) => m !== null);
  if (times.length !== 5) return null;
  const seconds = times.map((m) => Number(m[1] ?? 0) * 60 + Number(m[2]) / (m[3] === 'ms' ? 1000 : 1));
  return { mastersSeconds: seconds.slice(0, 4).reduce((a, b) => a + b, 0), lightsSeconds: seconds[4] };
}

function probe(command: string, args: readonly string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}
