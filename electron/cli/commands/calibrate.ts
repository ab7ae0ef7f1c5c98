/** `nightcal calibrate`: masters and every light of a night, with a progress bar or JSON events. */
import { basename, resolve } from 'node:path';
import type { CalibrateRequest, CombineMethod, RunReview } from '../../../shared/contract';
import type { SessionSettings } from '../../pipeline/run-settings';
import { lightsToCalibrate } from '../../../shared/night/lights-to-calibrate';
import { parseRejectionRules, RejectionRuleError } from '../../../shared/quality/rejection-rules';
import { REQUEST_LIMITS } from '../../../shared/request-limits';
import { noteCountPhrases } from '../../../shared/run/light-treatment';
import { createNightcalApi, type NightcalService } from '../../api/create-api';
import { addReportText } from '../library-report';
import { createCliHost } from '../cli-host';
import { EXIT, integerOption, numberOption, onInterrupt, oneFolder, plural, UsageError, type CommandSpec, type OptionValues } from '../command-line';
import { libraryLines } from '../scan-report';
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
    'save-masters': { type: 'boolean', help: 'store the masters built from this night in the library (--library, else the default one); never overwrites' },
    durable: { type: 'boolean', help: 'fsync every output before it is renamed into place' },
    'direct-io': { type: 'boolean', help: 'write outputs around the page cache (the default on Linux)' },
    'no-direct-io': { type: 'boolean', help: 'write outputs through the page cache' },
    reject: { type: 'string', value: 'RULES', help: "rules that suggest rejections, e.g. 'fwhm>4.5,stars<50%,ecc>0.6,background>median+5mad' (default: the last run's, else fwhm>median+3mad,stars<50%,background>median+5mad,eccentricity>0.6)" },
    'no-quality': { type: 'boolean', help: 'do not measure the lights (no quality figures, header cards, rejections or kept lists)' },
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
  const rejectRules = text('reject');
  if (rejectRules !== undefined) {
    if (values['no-quality']) throw new UsageError('--reject needs the quality measurement: it cannot go with --no-quality');
    try {
      parseRejectionRules(rejectRules);
    } catch (error) {
      if (error instanceof RejectionRuleError) throw new UsageError(`--reject: ${error.message}`);
      throw error;
    }
  }
  const quality = values['no-quality'] ? { measureQuality: false } : {};
  const outputDir = text('out') === undefined ? undefined : resolve(text('out')!);
  return {
    session: { ...utcOffsetOption(values), ...planOptions(values), durable: values.durable === true, ...directIo, ...ioTimeout, ...quality },
    request: { outputDir, workers, combine: combine as CombineMethod, memoryMB, redo: values.redo === true, ...(rejectRules === undefined ? {} : { rejectRules }) },
  };
}

export async function calibrate(values: OptionValues, positionals: readonly string[]): Promise<number> {
  const night = oneFolder(positionals);
  const setup = calibrationSetup(values);
  const api = createNightcalApi(createCliHost(), setup.session);
  const json = values.json === true;
  const progress = new TerminalProgress(process.stderr);
  // 'done' stays the last line of --json: it waits for the review line, which follows the run
  let doneLine: string | null = null;
  const flushDone = (): void => {
    if (doneLine !== null) process.stdout.write(`${doneLine}\n`);
    doneLine = null;
  };
  api.onEvent((event) => {
    if (json) {
      const line = jsonLine(event);
      if (line && event.kind === 'done') doneLine = line;
      else if (line) process.stdout.write(`${line}\n`);
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
    if (!json) for (const line of libraryLines(view).slice(1)) progress.line(line.trim() === '' ? line : line.slice(2));
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
      const saved = values['save-masters'] === true && !masters.cancelled ? await saveMasters(api, json, progress) : true;
      return (code = masters.errors.length > 0 || masters.cancelled || !saved ? EXIT.someFailed : EXIT.ok);
    }
    const summary = await api.calibrate(request);
    progress.end();
    if (json) {
      const review = (await api.getSnapshot()).run?.review ?? null;
      if (review) process.stdout.write(`${JSON.stringify({ event: 'review', ...review })}\n`);
      flushDone();
    } else {
      const skipped = summary.skipped > 0 ? `, ${summary.skipped} already done` : '';
      progress.line(
        `calibrated ${summary.done}/${plural(summary.total, 'light')}${skipped}, ${summary.failed} failed, in ${summary.seconds.toFixed(2)} s (lights at ${summary.framesPerSecond.toFixed(1)} fr/s) → ${summary.outputDir}`,
      );
      // What the lights got, as the plan decided it: "3 lights without a flat".
      for (const phrase of noteCountPhrases(summary.lightNotes)) progress.line(`calibrated ${phrase}`);
      for (const note of summary.notes) progress.line(`note: ${note}`);
      const review = (await api.getSnapshot()).run?.review ?? null;
      if (review) progress.line(reviewLine(review));
      for (const entry of summary.errors) if (entry.scope !== 'frame') progress.line(`error: ${entry.error.message}`);
      if (summary.cancelled) progress.line('the run was stopped before the end; run the same command again to finish it');
    }
    const incomplete = summary.failed > 0 || summary.cancelled || summary.errors.some((entry) => entry.scope !== 'frame');
    const saved = values['save-masters'] === true && !summary.cancelled ? await saveMasters(api, json, progress) : true;
    return (code = incomplete || !saved ? EXIT.someFailed : EXIT.ok);
  } finally {
    flushDone();
    releaseInterrupt();
    const { stuckThreads } = await api.dispose();
    if (stuckThreads > 0) exitPastStuckWorkers(code);
  }
}

/** One line on the rejections: how many of how many, and where the kept lists are. */
function reviewLine(review: RunReview): string {
  const rejected = review.frames.filter((frame) => frame.rejected).length;
  const lists = review.keptLists.map((list) => `${basename(list.path)} (${list.frames})`).join(', ');
  return `suggested rejections: ${rejected} of ${plural(review.frames.length, 'light')} (${review.rules.join(',')}); kept lists: ${lists || 'none'} — nightcal report <out> for the table`;
}

/** --save-masters: the night's masters into the library; false when one could not be stored. */
async function saveMasters(api: NightcalService, json: boolean, progress: TerminalProgress): Promise<boolean> {
  try {
    const report = await api.saveMastersToLibrary();
    if (json) process.stdout.write(`${JSON.stringify({ event: 'library', ...report })}\n`);
    else progress.line(addReportText(report));
    return report.failed.length === 0;
  } catch (error) {
    progress.line(`error: the masters were not saved to the library: ${error instanceof Error ? error.message : String(error)}`);
    return false;
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
