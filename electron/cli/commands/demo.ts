/** `nightcal demo`: a synthetic night with its ground truth, for trying NightCal and for tests. */
import { resolve } from 'node:path';
import { demoNightTooBig, REQUEST_LIMITS } from '../../../shared/request-limits';
import { EXIT, integerOption, onInterrupt, plural, UsageError, type CommandSpec, type OptionValues } from '../command-line';
import { progressLine } from '../terminal-progress';

export const DEMO: CommandSpec = {
  name: 'demo',
  summary: 'Write a synthetic night (bias, darks, flats per filter, lights with stars) and its ground truth in _truth/.',
  args: '<dir>',
  options: {
    size: { type: 'string', value: 'N', help: `frames of N × N pixels (${REQUEST_LIMITS.demoSize.min}–${REQUEST_LIMITS.demoSize.max}, default ${REQUEST_LIMITS.demoSize.default})` },
    lights: { type: 'string', value: 'N', help: `light frames (${REQUEST_LIMITS.demoLights.min}–${REQUEST_LIMITS.demoLights.max}, default ${REQUEST_LIMITS.demoLights.default})` },
    filters: { type: 'string', value: 'L,R', help: 'filter names, comma-separated (default L,R)' },
    seed: { type: 'string', value: 'N', help: 'random seed: the same seed writes the same bytes (default 1)' },
    varied: { type: 'boolean', help: 'a night to try the rejections on: every third light defocused (FWHM x1.8), two clouded (sky x4, stars /5)' },
  },
};

export async function demo(values: OptionValues, positionals: readonly string[]): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('demo needs one folder to write the night into');
  const dir = resolve(positionals[0]);
  const text = (name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const options = {
    size: text('size') === undefined ? undefined : integerOption('size', text('size')!, REQUEST_LIMITS.demoSize),
    lights: text('lights') === undefined ? undefined : integerOption('lights', text('lights')!, REQUEST_LIMITS.demoLights),
    filters: text('filters')?.split(',').map((name) => name.trim()).filter(Boolean),
    seed: text('seed') === undefined ? undefined : integerOption('seed', text('seed')!, REQUEST_LIMITS.demoSeed),
  };
  const lights = options.lights ?? REQUEST_LIMITS.demoLights.default;
  const tooBig = demoNightTooBig({ ...options, filters: options.filters?.length });
  if (tooBig) throw new UsageError(tooBig);
  const { writeDemoNight } = await import('../../demo/synthetic-night');
  const { variedConditions } = await import('../../demo/light-conditions');
  const lightConditions = values.varied === true ? variedConditions(lights) : undefined;
  const started = performance.now();
  const stop = new AbortController();
  const release = onInterrupt(() => stop.abort());
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  try {
    const result = await writeDemoNight(
      dir,
      {
        ...options,
        lightConditions,
        onProgress: (written, total) => {
          const now = performance.now();
          if (written < total && now - lastLine < (tty ? 100 : 5000)) return;
          lastLine = now;
          const rate = written / Math.max(1e-3, (now - started) / 1000);
          const line = progressLine(written, total, rate, written > 0 ? (total - written) / rate : null);
          process.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
        },
      },
      stop.signal,
    );
    if (tty) process.stderr.write('\n');
    process.stdout.write(`wrote a demo night of ${plural(result.files, 'frame')} to ${result.dir} (ground truth in ${result.truthDir})\n`);
    return EXIT.ok;
  } catch (error) {
    if (stop.signal.aborted) {
      process.stderr.write(`\nnightcal: stopped; the half-written demo night's frames were removed from ${dir}\n`);
      return EXIT.someFailed;
    }
    throw error;
  } finally {
    release();
  }
}
