/**
 * `nightcal`: the same pipeline as the app, from a terminal. Every command drives the one API
 * object (createNightcalApi), so the CLI, the desktop app and the browser mode share a code path.
 * Each command declares its arguments once (commands/*.ts); this file only dispatches.
 */
import { ApiError } from '../../shared/contract';
import { NIGHTCAL_VERSION } from '../../shared/version';
import { commandHelp, EXIT, readArguments, UsageError, type CommandSpec, type OptionValues } from './command-line';
import { calibrate, CALIBRATE } from './commands/calibrate';
import { demo, DEMO } from './commands/demo';
import { libraryAdd, LIBRARY_ADD, libraryList, LIBRARY_LIST } from './commands/library';
import { report, REPORT } from './commands/report';
import { scan, SCAN } from './commands/scan';
import { serve, SERVE } from './commands/serve';
import { watch, WATCH } from './commands/watch';

interface Command {
  readonly spec: CommandSpec;
  run(values: OptionValues, positionals: readonly string[]): Promise<number>;
}

const COMMANDS: readonly Command[] = [
  { spec: SCAN, run: scan },
  { spec: CALIBRATE, run: calibrate },
  { spec: REPORT, run: report },
  { spec: WATCH, run: watch },
  { spec: DEMO, run: demo },
  { spec: SERVE, run: serve },
  { spec: LIBRARY_ADD, run: libraryAdd },
  { spec: LIBRARY_LIST, run: libraryList },
];

const USAGE = [
  `nightcal ${NIGHTCAL_VERSION}: calibrate a night of astronomical images`,
  '',
  'commands:',
  ...COMMANDS.map(({ spec }) => `  ${spec.name.padEnd(12)} ${spec.summary}`),
  '',
  'nightcal <command> --help   the options of one command',
  'exit status: 0 done; 1 something failed (the rest is written); 2 bad usage or nothing to do',
].join('\n');

async function main(argv: readonly string[]): Promise<number> {
  // Two-word commands ('library add'): the second word is part of the name.
  const [first, ...after] = argv;
  const twoWords = COMMANDS.some((command) => command.spec.name === `${first} ${after[0]}`);
  const [name, ...rest] = twoWords ? [`${first} ${after[0]}`, ...after.slice(1)] : argv;
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${NIGHTCAL_VERSION}\n`);
    return EXIT.ok;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? COMMANDS.find((command) => command.spec.name === rest.slice(0, 2).join(' ') || command.spec.name === rest[0]) : undefined;
    process.stdout.write(`${topic ? commandHelp(topic.spec) : USAGE}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS.find((candidate) => candidate.spec.name === name);
  if (!command) {
    const family = COMMANDS.filter((candidate) => candidate.spec.name.startsWith(`${name} `));
    if (family.length > 0) {
      // 'nightcal library' alone or with --help: its commands' help.
      const help = family.map((candidate) => commandHelp(candidate.spec)).join('\n\n');
      if (rest[0] === '--help' || rest[0] === '-h') {
        process.stdout.write(`${help}\n`);
        return EXIT.ok;
      }
      throw new UsageError(`${rest[0] === undefined ? `'${name}' needs a command` : `unknown command '${name} ${rest[0]}'`}\n\n${help}`);
    }
    throw new UsageError(`unknown command '${name}'`);
  }
  try {
    const args = readArguments(command.spec, rest);
    if (args === 'help') {
      process.stdout.write(`${commandHelp(command.spec)}\n`);
      return EXIT.ok;
    }
    return await command.run(args.values, args.positionals);
  } catch (error) {
    if (error instanceof UsageError) error.message = `${error.message}\n\n${commandHelp(command.spec)}`;
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`nightcal: ${error.message}\n${error.message.includes('\n\n') ? '' : `\n${USAGE}\n`}`);
      process.exitCode = EXIT.usage;
    } else if (error instanceof ApiError) {
      process.stderr.write(`nightcal: ${error.message}\n`);
      process.exitCode = error.code === 'bad-request' || error.code === 'not-found' ? EXIT.usage : EXIT.someFailed;
    } else {
      process.stderr.write(`nightcal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = EXIT.someFailed;
    }
  },
);
