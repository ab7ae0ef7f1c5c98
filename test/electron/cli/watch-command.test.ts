/**
 * `nightcal watch` as a user runs it (the BUILT command): its help names calibrate's options and
 * its own; a light renamed into the night while it watches is calibrated; Ctrl-C (SIGINT) ends
 * it cleanly with its last state; --library is accepted and said not to be part of this build.
 */
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoNight } from '../../../electron/demo/synthetic-night';
import { runCli, startCli } from '../../support/built-cli';

let root: string;
let night: string;
let waiting: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'nightcal-watch-cli-'));
  night = join(root, 'night');
  await writeDemoNight(night, { size: 96, lights: 4, biasFrames: 3, darkFrames: 3, flatsPerFilter: 3 });
  waiting = join(root, 'waiting');
  mkdirSync(waiting);
  const name = readdirSync(join(night, 'Lights')).sort().at(-1)!;
  renameSync(join(night, 'Lights', name), join(waiting, name));
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('nightcal watch', () => {
  it('--help lists calibrate’s options (not --redo, not --save-masters) and its own', async () => {
    const { code, stdout } = await runCli(['watch', '--help']);
    expect(code).toBe(0);
    for (const option of ['--out DIR', '--workers N', '--combine METHOD', '--library DIR', '--incomplete-timeout S', '--poll']) expect(stdout).toContain(option);
    expect(stdout).not.toContain('--redo');
    expect(stdout).not.toContain('--save-masters');
  });

  it('calibrates a light renamed in while it watches; Ctrl-C ends it cleanly with exit 0', async () => {
    const running = startCli(['watch', night, '--json', '--workers', '1', '--library', join(root, 'lib')], { killAfterMs: 60_000 });
    const isWatch = (line: string) => JSON.parse(line).event === 'watch';
    await running.waitForLine((line) => isWatch(line) && JSON.parse(line).calibrated === 3);
    const [name] = readdirSync(waiting);
    renameSync(join(waiting, name), join(night, 'Lights', name));
    await running.waitForLine((line) => isWatch(line) && JSON.parse(line).newest?.frameId === `Lights/${name}`);
    running.child.kill('SIGINT');
    const ended = await running.ended;
    expect(ended.code, ended.stderr).toBe(0);
    const last = ended.stdout.trim().split('\n').map((line) => JSON.parse(line)).filter((event) => event.event === 'watch').at(-1);
    expect(last).toMatchObject({ active: false, calibrated: 4, queued: 0 });
  }, 90_000);
});
