/** Options more than one command takes, declared once. */
import { resolve } from 'node:path';
import { REQUEST_LIMITS } from '../../../shared/request-limits';
import type { SessionSettings } from '../../pipeline/run-settings';
import { numberOption, UsageError, type OptionSpec, type OptionValues } from '../command-line';

export const UTC_OFFSET_OPTION: Readonly<Record<string, OptionSpec>> = {
  'utc-offset': { type: 'string', value: 'H', help: 'hours east of UTC for noon-to-noon nights when a frame has no SITELONG (default: this computer’s zone)' },
};

/** How frames are matched and flats scaled (scan and calibrate plan the same way). */
export const PLAN_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  'temp-tolerance': { type: 'string', value: 'C', help: `calibration frames match lights within C °C (default ±${REQUEST_LIMITS.temperatureTolerance.default})` },
  'flat-scaling': { type: 'string', value: 'HOW', help: 'colour sensors: per-channel (default: each colour to median 1) or single (one median)' },
  library: { type: 'string', value: 'DIR', multiple: true, help: 'a calibration library to take masters from after the night\'s own (repeatable; default: the one in the data folder, if it exists)' },
  'no-library': { type: 'boolean', help: 'use no calibration library, not even the default one' },
  'library-flats': { type: 'boolean', help: 'flats may come from a library too (by default only the night\'s own: dust moves)' },
};

type PlanSettings = Partial<Pick<SessionSettings, 'temperatureTolerance' | 'flatScaling' | 'libraries' | 'defaultLibrary' | 'libraryFlats'>>;

/** The session settings the planning options give (without --library, the session takes its default library where it exists). */
export function planOptions(values: OptionValues): PlanSettings {
  const out: { -readonly [K in keyof PlanSettings]: PlanSettings[K] } = {};
  const libraries = Array.isArray(values.library) ? values.library.map((dir) => resolve(String(dir))) : typeof values.library === 'string' ? [resolve(values.library)] : [];
  if (values['no-library'] && libraries.length > 0) throw new UsageError('--library and --no-library cannot both be given');
  if (libraries.length > 0) out.libraries = libraries;
  if (values['no-library']) out.defaultLibrary = null;
  if (values['library-flats']) {
    if (values['no-library']) throw new UsageError('--library-flats needs a library (it was given with --no-library)');
    out.libraryFlats = true;
  }
  const tolerance = values['temp-tolerance'];
  if (typeof tolerance === 'string') out.temperatureTolerance = numberOption('temp-tolerance', tolerance, REQUEST_LIMITS.temperatureTolerance, 'degrees');
  const scaling = values['flat-scaling'];
  if (typeof scaling === 'string') {
    if (scaling !== 'per-channel' && scaling !== 'single') throw new UsageError(`--flat-scaling must be per-channel or single, not '${scaling}'`);
    out.flatScaling = scaling;
  }
  return out;
}

/** The session setting the --utc-offset option gives, if any. */
export function utcOffsetOption(values: OptionValues): { utcOffsetHours?: number } {
  const text = values['utc-offset'];
  if (typeof text !== 'string') return {};
  return { utcOffsetHours: numberOption('utc-offset', text, REQUEST_LIMITS.utcOffsetHours, 'hours') };
}
