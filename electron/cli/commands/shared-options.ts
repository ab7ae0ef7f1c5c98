/** Options more than one command takes, declared once. */
import { REQUEST_LIMITS } from '../../../shared/request-limits';
import { numberOption, UsageError, type OptionSpec, type OptionValues } from '../command-line';

export const UTC_OFFSET_OPTION: Readonly<Record<string, OptionSpec>> = {
  'utc-offset': { type: 'string', value: 'H', help: 'hours east of UTC for noon-to-noon nights when a frame has no SITELONG (default: this computer’s zone)' },
};

/** How frames are matched and flats scaled (scan and calibrate plan the same way). */
export const PLAN_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  'temp-tolerance': { type: 'string', value: 'C', help: `calibration frames match lights within C °C (default ±${REQUEST_LIMITS.temperatureTolerance.default})` },
  'flat-scaling': { type: 'string', value: 'HOW', help: 'colour sensors: per-channel (default: each colour to median 1) or single (one median)' },
};

/** The session settings the planning options give. */
export function planOptions(values: OptionValues): { temperatureTolerance?: number; flatScaling?: 'per-channel' | 'single' } {
  const out: { temperatureTolerance?: number; flatScaling?: 'per-channel' | 'single' } = {};
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
