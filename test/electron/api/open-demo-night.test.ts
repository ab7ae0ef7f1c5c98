/** openDemoNight through the API: cancelRun stops the writer, and a cancelled demo is never reopened as finished. */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createNightcalApi, type NightcalService } from '../../../electron/api/create-api';
import { testHost } from '../../support/test-host';

let root: string;
let api: NightcalService;
const FRAME_FOLDERS = ['Bias', 'Darks', 'Flats', 'Lights'];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'nightcal-demo-api-'));
  api = createNightcalApi(testHost(root), { workers: 1 });
});
afterAll(async () => {
  await api?.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('openDemoNight', () => {
  test('cancelRun stops writing the demo; the half-written night is not reopened, the next one is written whole', async () => {
    const demo = join(root, 'demo-night');
    const written = (): number => FRAME_FOLDERS.reduce((n, f) => n + (existsSync(join(demo, f)) ? readdirSync(join(demo, f)).length : 0), 0);
    // 2045 frames: long enough to be cancelled midway.
    const opening = api.openDemoNight({ size: 128, lights: 2000 });
    await vi.waitFor(() => expect(written()).toBeGreaterThan(10), { interval: 5, timeout: 20_000 });
    await api.cancelRun();
    await expect(opening).rejects.toMatchObject({ code: 'cancelled' });
    expect(FRAME_FOLDERS.filter((folder) => existsSync(join(demo, folder)))).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(written()).toBe(0);
    expect((await api.getSnapshot()).night).toBeNull();

    // Asked again with no size, it writes a demo rather than opening the cancelled one.
    const view = await api.openDemoNight({});
    expect(view.root).toBe(demo);
    expect(view.frames).toHaveLength(15 + 10 + 20 + 24);
  }, 60_000);
});
