/**
 * How the commands of `nightcal` are declared and read: each names its arguments and options
 * once (with their limits from shared/request-limits.ts), and its `--help`, its parsing and its
 * usage errors all come from that one declaration.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { NumericLimit } from '../../shared/request-limits';

/** Exit statuses of the contract. */
export const EXIT = { ok: 0, someFailed: 1, usage: 2 } as const;

/** Bad usage: said with the command's help. */
export class UsageError extends Error {}

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
  /** The value's name in the help ('DIR', 'N'); string options only. */
  readonly value?: string;
  readonly help: string;
}

export interface CommandSpec {
  readonly name: string;
  /** One line: what the command does. */
  readonly summary: string;
  /** Its positional arguments as the help shows them ('<night>'). */
  readonly args: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Lines after the options: exit statuses, examples. */
  readonly notes?: readonly string[];
}

export type OptionValues = Readonly<Record<string, string | boolean | string[] | undefined>>;

/** The command's arguments read, or 'help' when --help or -h was given. */
export function readArguments(spec: CommandSpec, args: readonly string[]): { readonly values: OptionValues; readonly positionals: readonly string[] } | 'help' {
  if (args.includes('--help') || args.includes('-h')) return 'help';
  const options = Object.fromEntries(Object.entries(spec.options).map(([name, option]) => [name, { type: option.type, ...(option.multiple ? { multiple: true } : {}) }]));
  // '--utc-offset -4': a value that starts with a dash but is a number belongs to its option.
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i].startsWith('--') ? args[i].slice(2) : null;
    if (name !== null && spec.options[name]?.type === 'string' && /^-\d/.test(args[i + 1] ?? '')) joined.push(`${args[i]}=${args[++i]}`);
    else joined.push(args[i]);
  }
  try {
    const { values, positionals } = parseArgs({ args: joined, allowPositionals: true, options });
    return { values: values as OptionValues, positionals };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.replace(/\. To specify.*$/s, '') : String(error));
  }
}

/** The help of one command. */
export function commandHelp(spec: CommandSpec): string {
  const flags = Object.entries(spec.options).map(([name, option]) => [`--${name}${option.type === 'string' ? ` ${option.value ?? 'VALUE'}` : ''}`, option.help]);
  const width = Math.max(...flags.map(([flag]) => flag.length));
  return [
    `nightcal ${spec.name} ${spec.args}`.trimEnd(),
    '',
    spec.summary,
    ...(flags.length > 0 ? ['', 'options:', ...flags.map(([flag, help]) => `  ${flag.padEnd(width)}  ${help}`), `  ${'--help'.padEnd(width)}  this help`] : []),
    ...(spec.notes ? ['', ...spec.notes] : []),
  ].join('\n');
}

/** A whole number option within its limits. */
export function integerOption(name: string, text: string, { min, max }: NumericLimit): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
  return value;
}

/** A number option within its limits (hours, seconds). */
export function numberOption(name: string, text: string, { min, max }: NumericLimit, unit: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max) throw new UsageError(`--${name} must be ${unit} from ${min} to ${max}`);
  return value;
}

/** The one folder argument, which must exist. */
export function oneFolder(positionals: readonly string[], what = 'night folder'): string {
  if (positionals.length !== 1) throw new UsageError(`give exactly one ${what}`);
  const folder = resolve(positionals[0]);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`no folder at ${folder}`);
  return folder;
}

export { plural } from '../../shared/plural';

/**
 * Ctrl-C (or SIGTERM) calls `handler` once, to cancel cleanly; a second one quits at once. It
 * kills the process rather than calling process.exit, which waits for every worker thread, and
 * a thread stuck in a read of a disk that stopped answering would keep it waiting for ever.
 */
export function onInterrupt(handler: () => void): () => void {
  let count = 0;
  const listener = (): void => {
    count += 1;
    if (count > 1) {
      process.stderr.write('\nnightcal: stopped at once (a second Ctrl-C)\n');
      process.kill(process.pid, 'SIGKILL');
    }
    handler();
  };
  process.on('SIGINT', listener);
  process.on('SIGTERM', listener);
  return () => {
    process.off('SIGINT', listener);
    process.off('SIGTERM', listener);
  };
}
