/** `nightcal library add | list`: masters that last across nights, built once and found by their headers. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CombineMethod } from '../../../shared/contract';
import { REQUEST_LIMITS } from '../../../shared/request-limits';
import { createNightcalApi } from '../../api/create-api';
import { addToLibrary } from '../../library/add-to-library';
import { defaultLibraryDir } from '../../library/library-folder';
import { listLibraries, openLibraries } from '../../library/library-listing';
import { appDataDir, createCliHost } from '../cli-host';
import { EXIT, integerOption, onInterrupt, oneFolder, UsageError, type CommandSpec, type OptionValues } from '../command-line';
import { addReportText, listingText } from '../library-report';
import { TerminalProgress } from '../terminal-progress';
import { PLAN_OPTIONS, planOptions, utcOffsetOption, UTC_OFFSET_OPTION } from './shared-options';

const LIBRARY_HELP = `library folder (default ${defaultLibraryDir(appDataDir())})`;

export const LIBRARY_ADD: CommandSpec = {
  name: 'library add',
  summary: 'Build masters from the raw calibration frames of a folder (a darks session…) and store them in a calibration library; the folder is only read.',
  args: '<dir>',
  options: {
    library: { type: 'string', value: 'DIR', help: `${LIBRARY_HELP}; made if missing` },
    workers: { type: 'string', value: 'N', help: `worker threads (${REQUEST_LIMITS.workers.min}–${REQUEST_LIMITS.workers.max}, default: one per core)` },
    combine: { type: 'string', value: 'METHOD', help: 'median (default) or sigma-clip' },
    memory: { type: 'string', value: 'MB', help: `memory budget while building (${REQUEST_LIMITS.memoryMB.min}–${REQUEST_LIMITS.memoryMB.max}, default ${REQUEST_LIMITS.memoryMB.default})` },
    ...UTC_OFFSET_OPTION,
    'temp-tolerance': PLAN_OPTIONS['temp-tolerance'],
    json: { type: 'boolean', help: 'one JSON object: the masters added or already there, the files skipped and why' },
  },
  notes: [
    'A master the library already holds (the same bytes, or the same build written at another time) is not',
    'stored again; no library file is ever changed. Lights in the folder are left out.',
    'exit status: 0 masters added or already there; 1 a master could not be built or stored, or the add was',
    'stopped; 2 bad usage or no calibration frames in the folder',
  ],
};

export const LIBRARY_LIST: CommandSpec = {
  name: 'library list',
  summary: 'Show every master of the calibration libraries: its keys, frames, date, age and the runs that used it; then the files skipped and why.',
  args: '',
  options: {
    library: { type: 'string', multiple: true, value: 'DIR', help: `${LIBRARY_HELP}; repeat for several` },
    ...UTC_OFFSET_OPTION,
    json: { type: 'boolean', help: 'the same as one JSON object' },
  },
  notes: ['exit status: 0 listed (an empty library too); 2 bad usage or no library folder there'],
};

export async function libraryAdd(values: OptionValues, positionals: readonly string[]): Promise<number> {
  const dir = oneFolder(positionals, 'folder of calibration frames');
  const text = (name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const combine = text('combine') ?? 'median';
  if (combine !== 'median' && combine !== 'sigma-clip') throw new UsageError(`--combine must be median or sigma-clip, not '${combine}'`);
  const workers = text('workers') === undefined ? undefined : integerOption('workers', text('workers')!, REQUEST_LIMITS.workers);
  const memoryMB = text('memory') === undefined ? undefined : integerOption('memory', text('memory')!, REQUEST_LIMITS.memoryMB);
  const library = resolve(text('library') ?? defaultLibraryDir(appDataDir()));
  const utc = utcOffsetOption(values);
  const api = createNightcalApi(createCliHost(), { ...utc, ...planOptions(values) });
  const json = values.json === true;
  const progress = new TerminalProgress(process.stderr);
  // With --json only the report is printed: the build's events are the calibrate command's business.
  if (!json) api.onEvent((event) => progress.handle(event));
  const releaseInterrupt = onInterrupt(() => void api.cancelRun());
  try {
    const utcOffsetHours = utc.utcOffsetHours ?? -new Date().getTimezoneOffset() / 60;
    const report = await addToLibrary(api, dir, library, { utcOffsetHours, request: { workers, memoryMB, combine: combine as CombineMethod } });
    progress.end();
    process.stdout.write(json ? `${JSON.stringify(report)}\n` : `${addReportText(report)}\n`);
    if (report.failed.length > 0 || report.cancelled) return EXIT.someFailed;
    return report.masters.length > 0 ? EXIT.ok : EXIT.usage;
  } finally {
    releaseInterrupt();
    await api.dispose();
  }
}

export async function libraryList(values: OptionValues, positionals: readonly string[]): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`library list takes no folder argument (give --library ${positionals[0]})`);
  const given = Array.isArray(values.library) ? values.library : [];
  const roots = given.length > 0 ? given.map((path) => resolve(path)) : [defaultLibraryDir(appDataDir())];
  if (given.length === 0 && !existsSync(roots[0])) {
    const empty = { libraries: [], masters: [], skipped: [], rawFrames: { bias: 0, dark: 0, darkflat: 0, flat: 0 }, notes: [`no library yet at ${roots[0]}: nightcal library add DIR makes it`] };
    process.stdout.write(values.json === true ? `${JSON.stringify(empty)}\n` : `${listingText(empty)}\n`);
    return EXIT.ok;
  }
  const utc = utcOffsetOption(values);
  const utcOffsetHours = utc.utcOffsetHours ?? -new Date().getTimezoneOffset() / 60;
  const { libraries, notes } = await openLibraries(roots, { utcOffsetHours });
  const listing = await listLibraries(libraries, Date.now());
  const all = { ...listing, notes: [...notes, ...listing.notes] };
  process.stdout.write(values.json === true ? `${JSON.stringify(all)}\n` : `${listingText(all)}\n`);
  return EXIT.ok;
}
