/**
 * `nightcal`: the same pipeline as the app, from a terminal. Every command drives the one API
 * object (createNightcalApi), so the CLI, the desktop app and the browser mode share a code path.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ApiError, type CombineMethod } from '../../shared/contract';
import { demoNightTooBig, REQUEST_LIMITS, type NumericLimit } from '../../shared/request-limits';
import { NIGHTCAL_VERSION } from '../../shared/version';
import { createNightcalApi } from '../api/create-api';
import { appDataDir, createCliHost } from './cli-host';
import { scanJson, scanTable } from './scan-report';
import { jsonLine, TerminalProgress } from './terminal-progress';

const USAGE = `nightcal ${NIGHTCAL_VERSION}: calibrate a night of astronomical images

usage:
  nightcal scan <night> [--json] [--utc-offset H]
  nightcal calibrate <night> [--out DIR] [--workers N] [--combine median|sigma-clip]
                     [--memory MB] [--utc-offset H] [--durable] [--no-direct-io] [--json]
  nightcal demo <dir> [--size N] [--lights N] [--filters L,R] [--seed N]
  nightcal serve [--port P] [--night DIR | --demo] [--root DIR]

exit status: 0 done; 1 some frames failed (the others are written); 2 bad usage or nothing to do`;

/** Exit statuses of the contract. */
const EXIT = { ok: 0, someFailed: 1, usage: 2 } as const;

class UsageError extends Error {}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'scan':
      return scan(rest);
    case 'calibrate':
      return calibrate(rest);
    case 'demo':
      return demo(rest);
    case 'serve':
      return serve(rest);
    case '--version':
    case '-v':
      process.stdout.write(`${NIGHTCAL_VERSION}\n`);
      return EXIT.ok;
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? EXIT.usage : EXIT.ok;
    default:
      throw new UsageError(`unknown command '${command}'`);
  }
}

async function scan(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: { json: { type: 'boolean' }, 'utc-offset': { type: 'string' } } });
  const night = nightFolder(positionals);
  const api = createNightcalApi(createCliHost(), settingsFrom(values));
  try {
    const view = await api.openNight({ path: night });
    process.stdout.write(values.json ? `${JSON.stringify(scanJson(view))}\n` : `${scanTable(view)}\n`);
    return view.frames.length > 0 ? EXIT.ok : EXIT.usage;
  } finally {
    await api.dispose();
  }
}

async function calibrate(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      workers: { type: 'string' },
      combine: { type: 'string' },
      memory: { type: 'string' },
      'utc-offset': { type: 'string' },
      durable: { type: 'boolean' },
      'direct-io': { type: 'boolean' },
      'no-direct-io': { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  const night = nightFolder(positionals);
  const combine = values.combine ?? 'median';
  if (combine !== 'median' && combine !== 'sigma-clip') throw new UsageError(`--combine must be median or sigma-clip, not '${combine}'`);
  const workers = values.workers === undefined ? undefined : integer('--workers', values.workers, REQUEST_LIMITS.workers);
  const memoryMB = values.memory === undefined ? undefined : integer('--memory', values.memory, REQUEST_LIMITS.memoryMB);
  if (values['direct-io'] && values['no-direct-io']) throw new UsageError('--direct-io and --no-direct-io cannot both be given');
  // Direct I/O is the default where the platform has it (see outputs/direct-write.ts).
  const directIo = values['no-direct-io'] ? { directIo: false } : values['direct-io'] ? { directIo: true } : {};
  const api = createNightcalApi(createCliHost(), { ...settingsFrom(values), durable: values.durable ?? false, ...directIo });
  const progress = new TerminalProgress(process.stderr);
  api.onEvent((event) => {
    if (values.json) {
      const line = jsonLine(event);
      if (line) process.stdout.write(`${line}\n`);
    } else {
      progress.handle(event);
    }
  });
  const stop = onInterrupt(() => api.cancelRun());
  try {
    const view = await api.openNight({ path: night });
    if (!values.json) {
      for (const problem of view.problems) if (problem.severity !== 'info') progress.line(`${problem.severity}: ${problem.message}`);
    }
    const lights = view.frames.filter((frame) => frame.classification.type === 'light' && !frame.excluded && frame.duplicateOf === null);
    if (lights.length === 0) {
      progress.line(`nothing to do: no light frames in ${night}`);
      return EXIT.usage;
    }
    const summary = await api.calibrate({ outputDir: values.out === undefined ? undefined : resolve(values.out), workers, combine: combine as CombineMethod, memoryMB });
    progress.end();
    if (!values.json) {
      const skipped = summary.skipped > 0 ? `, ${summary.skipped} already done` : '';
      progress.line(
        `calibrated ${summary.done}/${summary.total} lights${skipped}, ${summary.failed} failed, in ${summary.seconds.toFixed(2)} s (${summary.framesPerSecond.toFixed(1)} fr/s) → ${summary.outputDir}`,
      );
      if (summary.cancelled) progress.line('the run was stopped before the end; run the same command again to finish it');
    }
    return summary.failed > 0 || summary.cancelled ? EXIT.someFailed : EXIT.ok;
  } finally {
    stop();
    await api.dispose();
  }
}

async function demo(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { size: { type: 'string' }, lights: { type: 'string' }, filters: { type: 'string' }, seed: { type: 'string' } },
  });
  if (positionals.length !== 1) throw new UsageError('demo needs one folder to write the night into');
  const dir = resolve(positionals[0]);
  const options = {
    size: values.size === undefined ? undefined : integer('--size', values.size, REQUEST_LIMITS.demoSize),
    lights: values.lights === undefined ? undefined : integer('--lights', values.lights, REQUEST_LIMITS.demoLights),
    filters: values.filters?.split(',').map((name) => name.trim()).filter(Boolean),
    seed: values.seed === undefined ? undefined : integer('--seed', values.seed, REQUEST_LIMITS.demoSeed),
  };
  const tooBig = demoNightTooBig({ ...options, filters: options.filters?.length });
  if (tooBig) throw new UsageError(tooBig);
  const { writeDemoNight } = await import('../demo/synthetic-night');
  const result = await writeDemoNight(dir, options);
  process.stdout.write(`wrote a demo night of ${result.files} frames to ${result.dir} (ground truth in ${result.truthDir})\n`);
  return EXIT.ok;
}

async function serve(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { port: { type: 'string' }, night: { type: 'string' }, demo: { type: 'boolean' }, root: { type: 'string', multiple: true } },
  });
  const night = values.night === undefined ? undefined : resolve(values.night);
  // The browser may list and open only what the user named (or the folder serve runs in) and the app data.
  const roots = [...(values.root ?? []).map((root) => resolve(root)), ...(night ? [night] : [])];
  const { startBrowserMode } = await import('../browser-mode/serve');
  const { createBrowserHost } = await import('../browser-mode/browser-host');
  const dataDir = appDataDir();
  const allowedRoots = [...(roots.length > 0 ? roots : [process.cwd()]), dataDir];
  const service = createNightcalApi(createBrowserHost({ dataDir, allowedRoots }));
  if (night) await service.openNight({ path: night });
  else if (values.demo) await service.openDemoNight({});
  const server = await startBrowserMode({
    service,
    port: values.port === undefined ? 0 : integer('--port', values.port, REQUEST_LIMITS.port),
    staticDir: join(import.meta.dirname, '..', 'renderer'),
  });
  process.stdout.write(`NightCal browser mode: open ${server.url}\n(loopback only; the token in the address is required. Ctrl-C stops.)\n`);
  await new Promise<void>((resolveStop) => onInterrupt(resolveStop));
  await server.close();
  await service.dispose();
  return EXIT.ok;
}

function nightFolder(positionals: readonly string[]): string {
  if (positionals.length !== 1) throw new UsageError('give exactly one night folder');
  const night = resolve(positionals[0]);
  if (!existsSync(night) || !statSync(night).isDirectory()) throw new UsageError(`no folder at ${night}`);
  return night;
}

function settingsFrom(values: { 'utc-offset'?: string }): { utcOffsetHours?: number } {
  if (values['utc-offset'] === undefined) return {};
  const hours = Number(values['utc-offset']);
  const { min, max } = REQUEST_LIMITS.utcOffsetHours;
  if (!Number.isFinite(hours) || hours < min || hours > max) throw new UsageError(`--utc-offset must be hours between ${min} and ${max}`);
  return { utcOffsetHours: hours };
}

function integer(name: string, text: string, { min, max }: NumericLimit): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max}`);
  return value;
}

/** Ctrl-C cancels cleanly once; a second Ctrl-C quits at once. */
function onInterrupt(handler: () => void): () => void {
  let count = 0;
  const listener = (): void => {
    count += 1;
    if (count > 1) process.exit(130);
    handler();
  };
  process.on('SIGINT', listener);
  process.on('SIGTERM', listener);
  return () => {
    process.off('SIGINT', listener);
    process.off('SIGTERM', listener);
  };
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`nightcal: ${error.message}\n\n${USAGE}\n`);
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
