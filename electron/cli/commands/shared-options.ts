/** Options more than one command takes, declared once. */
import { REQUEST_LIMITS } from '../../../shared/request-limits';
import { numberOption, type OptionSpec, type OptionValues } from '../command-line';

export const UTC_OFFSET_OPTION: Readonly<Record<string, OptionSpec>> = {
  'utc-offset': { type: 'string', value: 'H', help: 'hours east of UTC for noon-to-noon nights when a frame has no SITELONG (default: this computer’s zone)' },
};

/** The session setting the --utc-offset option gives, if any. */
export function utcOffsetOption(values: OptionValues): { utcOffsetHours?: number } {
  const text = values['utc-offset'];
  if (typeof text !== 'string') return {};
  return { utcOffsetHours: numberOption('utc-offset', text, REQUEST_LIMITS.utcOffsetHours, 'hours') };
}
