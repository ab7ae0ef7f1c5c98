/**
 * Runs the built `nightcal` command (out/main/cli.js, made by `npm run build`). NIGHTCAL_TEST_CLI
 * points the tests at another build (an older commit's, to see which tests it fails).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

export const CLI_PATH = resolve(process.env.NIGHTCAL_TEST_CLI || 'out/main/cli.js');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv; killAfterMs?: number; cwd?: string } = {}): Promise<CliResult> {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run \`npm run build\` first (npm test does)`);
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], { cwd: options.cwd, env: { ...process.env, NODE_OPTIONS: '', ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // A command that should have stopped long ago is killed (its code is then null).
    const timer = options.killAfterMs === undefined ? null : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolveRun({ code, stdout, stderr });
    });
  });
}

/** A command started and left running: its process (to signal it), its output lines as they come, and its end. */
export interface RunningCli {
  readonly child: ChildProcessWithoutNullStreams;
  /** Calls `listener` with every stdout line (a --json event each), from the first. */
  onLine(listener: (line: string) => void): void;
  /** Resolves once the first stdout line `accept` takes has come (null if the process ended first). */
  waitForLine(accept: (line: string) => boolean): Promise<string | null>;
  /** The command's end: exit code (null when killed by a signal), the signal, its output. */
  readonly ended: Promise<CliResult & { readonly signal: NodeJS.Signals | null; readonly seconds: number }>;
}

export function startCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv; killAfterMs?: number } = {}): RunningCli {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run \`npm run build\` first (npm test does)`);
  const started = performance.now();
  const child = spawn(process.execPath, [CLI_PATH, ...args], { env: { ...process.env, NODE_OPTIONS: '', ...options.env } });
  const lines: string[] = [];
  const listeners: ((line: string) => void)[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const listener of listeners) listener(line);
  });
  const timer = options.killAfterMs === undefined ? null : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
  const ended = new Promise<CliResult & { signal: NodeJS.Signals | null; seconds: number }>((resolveEnd, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolveEnd({ code, signal, stdout: lines.map((line) => `${line}\n`).join(''), stderr, seconds: (performance.now() - started) / 1000 });
    });
  });
  const onLine = (listener: (line: string) => void): void => {
    for (const line of lines) listener(line);
    listeners.push(listener);
  };
  const waitForLine = (accept: (line: string) => boolean): Promise<string | null> =>
    new Promise((resolveLine) => {
      let settled = false;
      onLine((line) => {
        if (!settled && accept(line)) {
          settled = true;
          resolveLine(line);
        }
      });
      void ended.then(() => {
        if (!settled) resolveLine(null);
      });
    });
  return { child, onLine, waitForLine, ended };
}
