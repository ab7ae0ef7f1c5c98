/** Runs the built `nightcal serve` (out/main/cli.js) as a child process, and stops it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CLI_PATH } from './built-cli';

export interface BuiltServe {
  readonly child: ChildProcess;
  /** The address it printed, token included. */
  readonly url: URL;
  readonly port: number;
  readonly token: string;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM (it closes and disposes of its workers), then waits for the exit. */
  stop(): Promise<void>;
}

/** Starts `nightcal serve --port 0 ARGS…` with XDG_DATA_HOME=`dataHome`; resolves once it prints its address. */
export function startBuiltServe(args: readonly string[], dataHome: string): Promise<BuiltServe> {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run \`npm run build\` first (npm test does)`);
  const child = spawn(process.execPath, [CLI_PATH, 'serve', '--port', '0', ...args], {
    env: { ...process.env, NODE_OPTIONS: '', XDG_DATA_HOME: dataHome },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nightcal serve printed no address in 30 s:\n${text}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      text += chunk.toString();
      const found = /open (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(text)?.[1];
      if (!found) return;
      clearTimeout(timer);
      const url = new URL(found);
      resolve({ child, url, port: Number(url.port), token: url.searchParams.get('token')!, output: () => text, stop });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`nightcal serve exited with ${code}:\n${text}`));
    });
  });
}
