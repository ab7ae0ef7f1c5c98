/** `nightcal watch`: calibrate a night while a capture program writes it, until Ctrl-C. */
import { REQUEST_LIMITS, type NumericLimit } from '../../../shared/request-limits';
import { createNightcalApi } from '../../api/create-api';
import { DEFAULT_WATCH_SETTINGS, type WatchSettings } from '../../pipeline/watch-run';
import { createCliHost } from '../cli-host';
import { EXIT, numberOption, onInterrupt, oneFolder, type CommandSpec, type OptionValues } from '../command-line';
import { jsonLine, TerminalProgress, watchLine } from '../terminal-progress';
import { CALIBRATE, calibrationSetup } from './calibrate';

/** calibrate's options, but --redo (a watch redoes a light only when a better master appears) and --save-masters (a watch's masters change during the night). */
const { redo: _redo, 'save-masters': _save, ...calibrateOptions } = CALIBRATE.options;

export const WATCH: CommandSpec = {
  name: 'watch',
  summary: 'Calibrate every light of a night, then each new one as soon as its file is complete, until Ctrl-C.',
  args: '<night>',
  options: {
    ...calibrateOptions,
    'incomplete-timeout': { type: 'string', value: 'S', help: `a file still incomplete this long after it appeared is reported and left alone (default ${DEFAULT_WATCH_SETTINGS.incompleteTimeoutMs / 1000})` },
    'calibration-settle': { type: 'string', value: 'S', help: `new bias, dark or flat frames wait this long after the last one before their master is built (default ${DEFAULT_WATCH_SETTINGS.calibrationSettleMs / 1000})` },
    'poll-interval': { type: 'string', value: 'S', help: `seconds between looks at the folder's listing (default ${DEFAULT_WATCH_SETTINGS.pollMs / 1000})` },
    poll: { type: 'boolean', help: 'find new files by polling only (a network share that sends no notifications)' },
  },
  notes: [
    'Point it at the folder your capture program saves into (N.I.N.A., Ekos, SGP, ASIAIR…): frames',
    'written in pieces or to a temporary name and then renamed are both taken once complete.',
    'Stop with Ctrl-C; running the same command again resumes without redoing finished frames.',
    'exit status: 0 stopped with every light calibrated; 1 something failed; 2 bad usage',
  ],
};

export async function watch(values: OptionValues, positionals: readonly string[]): Promise<number> {
  const night = oneFolder(positionals);
  const setup = calibrationSetup(values);
  const seconds = (name: string, fallbackMs: number, limit: NumericLimit): number =>
    typeof values[name] === 'string' ? numberOption(name, values[name] as string, limit, 'seconds') * 1000 : fallbackMs;
  const watchSettings: WatchSettings = {
    ...DEFAULT_WATCH_SETTINGS,
    incompleteTimeoutMs: seconds('incomplete-timeout', DEFAULT_WATCH_SETTINGS.incompleteTimeoutMs, REQUEST_LIMITS.watchIncompleteSeconds),
    calibrationSettleMs: seconds('calibration-settle', DEFAULT_WATCH_SETTINGS.calibrationSettleMs, REQUEST_LIMITS.watchSettleSeconds),
    pollMs: seconds('poll-interval', DEFAULT_WATCH_SETTINGS.pollMs, REQUEST_LIMITS.watchPollSeconds),
    pollOnly: values.poll === true,
  };
  const api = createNightcalApi(createCliHost(), { ...setup.session, watch: watchSettings });
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
  const releaseInterrupt = onInterrupt(() => void api.stopWatch());
  try {
    await api.openNight({ path: night });
    const { redo: _ignored, ...request } = setup.request;
    const last = await api.startWatch(request);
    progress.end();
    if (!json) {
      progress.line(`stopped: ${watchLine(last)} → ${last.outputDir ?? ''}`);
      for (const file of last.incomplete) progress.line(`never completed: ${file.path}: ${file.missing}`);
      if (last.error) progress.line(`error: ${last.error.message}`);
    }
    return last.error || last.failed > 0 ? EXIT.someFailed : EXIT.ok;
  } finally {
    releaseInterrupt();
    await api.dispose();
  }
}
