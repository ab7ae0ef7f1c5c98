/** `nightcal calibrate`: masters and every light of a night, with a progress bar or JSON events. */
import { resolve } from 'node:path';
import type { CalibrateRequest, CombineMethod } from '../../../shared/contract';
import type { SessionSettings } from '../../pipeline/run-settings';
import { lightsToCalibrate } from '../../../shared/night/lights-to-calibrate';
import { REQUEST_LIMITS } from '../../../shared/request-limits';
import { noteCountPhrases } from '../../../shared/run/light-treatment';
import { createNightcalApi } from '../../api/create-api';
import { createCliHost } from '../cli-host';
import { EXIT, integerOption, numberOption, onInterrupt, oneFolder, plural, UsageError, type CommandSpec, type OptionValues } from '../command-line';
import { jsonLine, TerminalProgress } from '../terminal-progress';
import { PLAN_OPTIONS, planOptions, utcOffsetOption, UTC_OFFSET_OPTION } from './shared-options';

export const CALIBRATE: CommandSpec = {
  name: 'calibrate',
  summary: 'Build the masters and calibrate every light into float32 FITS, resuming an interrupted run of the same night and settings.',
  args: '<night>',
  options: {
    out: { type: 'string', value: 'DIR', help: 'output folder (default <night>/calibrated; a folder holding other files is passed over for DIR-2…)' },
    workers: { type: 'string', value: 'N', help: `worker threads (${REQUEST_LIMITS.workers.min}–${REQUEST_LIMITS.workers.max}, default: one per core)` },
    combine: { type: 'string', value: 'METHOD', help: 'median (default) or sigma-clip' },
    memory: { type: 'string', value: 'MB', help: `memory budget of the whole run (${REQUEST_LIMITS.memoryMB.min}–${REQUEST_LIMITS.memoryMB.max}, default ${REQUEST_LIMITS.memoryMB.default})` },
    ...UTC_OFFSET_OPTION,
    ...PLAN_OPTIONS,
    'io-timeout': { type: 'string', value: 'S', help: `a frame whose reading takes longer fails (${REQUEST_LIMITS.ioTimeoutSeconds.min}–${REQUEST_LIMITS.ioTimeoutSeconds.max} s, default ${REQUEST_LIMITS.ioTimeoutSeconds.default})` },
    redo: { type: 'boolean', help: 'calibrate every light again, even those an earlier run of the same night and settings wrote' },
    durable: { type: 'boolean', help: 'fsync every output before it is renamed into place' },
    'direct-io': { type: 'boolean', help: 'write outputs around the page cache (the default on Linux)' },
    'no-direct-io': { type: 'boolean', help: 'write outputs through the page cache' },
    json: { type: 'boolean', help: 'one JSON event per line: scan, master, frame, done' },
  },
  notes: [
    'exit status: 0 every light calibrated (or, without lights, every master built); 1 something failed',
    '(the rest is written) or the run was stopped; 2 bad usage or nothing to do. A worker stuck in a read',
    '(a dead disk or share) cannot be stopped: once everything is written the process kills itself',
    '(the shell sees 137) after saying its status on its last line',
  ],
};

/** The session settings and the request the options give: `calibrate` and `watch` read them here, once. */
export function calibrationSetup(values: OptionValues): { readonly session: Partial<SessionSettings>; readonly request: CalibrateRequest } {
  const text = (name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const combine = text('combine') ?? 'median';
  if (combine !== 'median' && combine !== 'sigma-clip') throw new UsageError(`--combine must be median or sigma-clip, not '${combine}'`);
  const workers = text('workers') === undefined ? undefined : integerOption('workers', text('workers')!, REQUEST_LIMITS.workers);
  const memoryMB = text('memory') === undefined ? undefined : integerOption('memory', text('memory')!, REQUEST_LIMITS.memoryMB);
  const ioTimeout = text('io-timeout') === undefined ? {} : { ioTimeoutSeconds: numberOption('io-timeout', text('io-timeout')!, REQUEST_LIMITS.ioTimeoutSeconds, 'seconds') };
  if (values['direct-io'] && values['no-direct-io']) throw new UsageError('--direct-io and --no-direct-io cannot both be given');
  // Direct I/O is the default where the platform has it (see outputs/direct-write.ts).
  const directIo = values['no-direct-io'] ? { directIo: false } : values['direct-io'] ? { directIo: true } : {};
  const outputDir = text('out') === undefined ? undefined : resolve(text('out')!);
  return {
    session: { ...utcOffsetOption(values), ...planOptions(values), durable: values.durable === true, ...directIo, ...ioTimeout },
    request: { outputDir, workers, combine: combine as CombineMethod, memoryMB, redo: values.redo === true },
  };
}

export async function calibrate(values: OptionValues, positionals: readonly string[]): Promise<number> {
  const night = oneFolder(positionals);
  const setup = calibrationSetup(values);
  const api = createNightcalApi(createCliHost(), setup.session);
  const json = values.json === true;
  const progress = new TerminalProgress(process.stderr);
  api.onEvent((event) => {
    if (json) {
      const line = jsonLine(event);
      if (line) process.stdout.write(`${line}\n`);
    } else {
      progress.handle(event);
    }
  });
  const releaseInterrupt = onInterrupt(() => void api.cancelRun());
  let code: number = EXIT.someFailed;
  try {
    const view = await api.openNight({ path: night });
    if (view.frames.length === 0) {
      progress.line(`nothing to do: no FITS files in ${night} or its sub-folders`);
      return (code = EXIT.usage);
    }
    if (!json) for (const problem of view.problems) if (problem.severity !== 'info') progress.line(`${problem.severity}: ${problem.message}`);
    const request = setup.request;
    if (lightsToCalibrate(view).length === 0) {
      if (view.plan.masters.length === 0) {
        progress.line(`nothing to do: no light, bias, dark or flat frames in ${night}`);
        return (code = EXIT.usage);
      }
      // A night of calibration frames only (a darks session for a library): its masters are the result.
      const masters = await api.calibrate(request);
      progress.end();
      if (!json) progress.line(`no lights: built ${plural(masters.masters.length, 'master')} → ${masters.outputDir}`);
      return (code = masters.errors.length > 0 || masters.cancelled ? EXIT.someFailed : EXIT.ok);
    }
    const summary = await api.calibrate(request);
    progress.end();
    if (!json) {
      const skipped = summary.skipped > 0 ? `, ${summary.skipped} already done` : '';
      progress.line(
        `calibrated ${summary.done}/${plural(summary.total, 'light')}${skipped}, ${summary.failed} failed, in ${summary.seconds.toFixed(2)} s (lights at ${summary.framesPerSecond.toFixed(1)} fr/s) → ${summary.outputDir}`,
      );
      // What the lights got, as the plan decided it: "3 lights without a flat".
      for (const phrase of noteCountPhrases(summary.lightNotes)) progress.line(`calibrated ${phrase}`);
      for (const note of summary.notes) progress.line(`note: ${note}`);
      for (const entry of summary.errors) if (entry.scope !== 'frame') progress.line(`error: ${entry.error.message}`);
      if (summary.cancelled) progress.line('the run was stopped before the end; run the same command again to finish it');
    }
    const incomplete = summary.failed > 0 || summary.cancelled || summary.errors.some((entry) => entry.scope !== 'frame');
    return (code = incomplete ? EXIT.someFailed : EXIT.ok);
  } finally {
    releaseInterrupt();
    const { stuckThreads } = await api.dispose();
    if (stuckThreads > 0) exitPastStuckWorkers(code);
  }
}

/**
 * A worker given up mid-read (a disk or network share that stopped answering) may be stuck in
 * the kernel for ever, and a process with such a thread cannot exit: process.exit waits for
 * every thread. Everything is written and recorded by now, so the process is killed instead.
 */
function exitPastStuckWorkers(code: number): never {
  process.stderr.write(`nightcal: a worker was given up while reading (a disk or network share that stopped answering?); exiting without waiting for it (status ${code})\n`);
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable');
}
