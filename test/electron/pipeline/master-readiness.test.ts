/**
 * Lights start as soon as their own masters are final: MasterReadiness on its own, then through
 * calibrateLights on a real night and pool: no light starts before its masters are settled, a
 * failed master fails exactly its lights (with the master named), and a cancel while lights
 * wait leaves them cancelled rather than waiting for ever.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FrameEvent, ProgressEvent } from '../../../shared/contract';
import type { LightPlan } from '../../../shared/night/frames';
import { writeDemoNight } from '../../../electron/demo/synthetic-night';
import { MasterReadiness } from '../../../electron/pipeline/master-readiness';
import { calibrateAll, prepareNight, type PreparedNight } from './pipeline-run';

const plan = (frameId: string, flatId: string | null): LightPlan =>
  ({ frameId, biasId: 'bias', darkId: 'dark', darkScale: 1, flatId, blocked: null }) as unknown as LightPlan;

describe('MasterReadiness', () => {
  test('a light is ready once its three masters are, and fails with the first failed one named', async () => {
    const readiness = new MasterReadiness(['bias', 'dark', 'flat_R', 'flat_L']);
    let ready: unknown = 'waiting';
    const r = readiness.forLight(plan('R-1', 'flat_R')).then((value) => (ready = value));
    readiness.settle('bias', null);
    readiness.settle('flat_R', null);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(ready).toBe('waiting'); // the dark is not final yet
    readiness.settle('dark', null);
    await r;
    expect(ready).toBeNull();

    readiness.settle('flat_L', 'median 0 after subtraction');
    readiness.settle('flat_L', null); // later calls change nothing
    expect(await readiness.forLight(plan('L-1', 'flat_L'))).toEqual({ code: 'no-matching-master', message: 'master flat_L failed: median 0 after subtraction' });
    // A light without a flat, or with a master this run does not build, waits for none of those.
    expect(await readiness.forLight(plan('X-1', null))).toBeNull();
    expect(await readiness.forLight({ ...plan('Y-1', 'flat_other') })).toBeNull();
  });

  test('settleAll fails every master not settled yet, so that no light waits for ever', async () => {
    const readiness = new MasterReadiness(['bias', 'dark', 'flat']);
    readiness.settle('bias', null);
    const waiting = readiness.forLight(plan('a', 'flat'));
    readiness.settleAll('the masters were not built');
    expect(await waiting).toEqual({ code: 'no-matching-master', message: 'master dark failed: the masters were not built' });
  });
});

describe('calibrateLights waiting for masters', () => {
  let root: string;
  let prepared: PreparedNight;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'nightcal-readiness-'));
    const night = join(root, 'night');
    await writeDemoNight(night, { size: 48, lights: 4, seed: 5, filters: ['L', 'R'] });
    prepared = await prepareNight(night, join(root, 'masters'));
  }, 60_000);
  afterAll(async () => {
    await prepared?.pool.destroy();
    rmSync(root, { recursive: true, force: true });
  });

  const flatsOf = (p: PreparedNight) => [...new Set(p.lights.map((light) => light.flatId!))];
  const mastersOf = (p: PreparedNight) => [...new Set(p.lights.flatMap((light) => [light.biasId!, light.darkId!, light.flatId!]))];

  test('no light starts before its masters are settled; a failed flat fails exactly its lights', async () => {
    const [flatL, flatR] = flatsOf(prepared).sort();
    const readiness = new MasterReadiness(mastersOf(prepared));
    const started: string[] = [];
    const run = calibrateAll(prepared, join(root, 'out'), {
      mastersReady: (light) => readiness.forLight(light),
      onEvent: (event: FrameEvent | ProgressEvent) => {
        if (event.kind === 'frame' && event.status === 'running') started.push(event.frameId);
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(started).toEqual([]);
    for (const id of mastersOf(prepared)) if (id !== flatL && id !== flatR) readiness.settle(id, null);
    readiness.settle(flatL, 'cannot write the master');
    readiness.settle(flatR, null);
    const result = await run;
    for (const light of prepared.lights) {
      const state = result.frames.find((frame) => frame.frameId === light.frameId)!;
      if (light.flatId === flatR) expect(state.status).toBe('done');
      else expect(state).toMatchObject({ status: 'failed', error: { code: 'no-matching-master', message: `master ${flatL} failed: cannot write the master` } });
    }
    expect(started.length).toBe(prepared.lights.filter((light) => light.flatId === flatR).length);
  });

  test('a cancel while lights wait for their masters leaves them cancelled', async () => {
    const readiness = new MasterReadiness(mastersOf(prepared));
    const cancel = new AbortController();
    const run = calibrateAll(prepared, join(root, 'out-cancel'), { mastersReady: (light) => readiness.forLight(light), signal: cancel.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    cancel.abort();
    readiness.settleAll('the masters were not built'); // as run-calibration does when the masters stop
    const result = await run;
    expect(result.cancelled).toBe(true);
    expect(new Set(result.frames.map((frame) => frame.status))).toEqual(new Set(['cancelled']));
  });
});
