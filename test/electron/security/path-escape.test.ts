/**
 * Nothing outside the opened night, its outputs and (in browser mode) the folders the user
 * allowed can be read, listed or written through the API: previews and headers take ids only,
 * `../` and symbolic links out of the night lead nowhere, and a confined host refuses other
 * folders for opening, listing and writing. Requests go through handleApiRequest, the path
 * every transport takes (validation, then the API).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ApiMethod } from '../../../shared/contract';
import { createNightcalApi, type NightcalService } from '../../../electron/api/create-api';
import { handleApiRequest } from '../../../electron/api/handle-request';
import { writeDemoNight } from '../../../electron/demo/synthetic-night';
import { testHost } from '../../support/test-host';

const SECRET = 'the-secret-outside-the-night';
let root: string;
let allowed: string;
let night: string;
let outside: string;
let api: NightcalService;

/** One request the way a transport makes it: the reply, never a throw. */
function call(method: ApiMethod, arg: unknown) {
  return handleApiRequest(api, method, arg, () => undefined);
}

async function expectRefused(method: ApiMethod, arg: unknown, code: string): Promise<void> {
  const reply = await call(method, arg);
  expect(reply, `${method} ${JSON.stringify(arg)}`).toMatchObject({ ok: false, error: { code } });
  expect(JSON.stringify(reply)).not.toContain(SECRET);
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'nightcal-escape-'));
  allowed = join(root, 'allowed');
  night = join(allowed, 'night');
  outside = join(root, 'outside');
  await writeDemoNight(night, { size: 64, lights: 4, seed: 41 });
  mkdirSync(outside);
  const light = join(night, 'Lights', readdirSync(join(night, 'Lights')).sort()[0]);
  copyFileSync(light, join(outside, 'secret.fits')); // a readable frame, if a link were followed
  writeFileSync(join(outside, 'secret.txt'), SECRET);
  mkdirSync(join(outside, 'night-elsewhere'));
  symlinkSync(join(outside, 'secret.fits'), join(night, 'Lights', 'escape.fits'));
  symlinkSync(outside, join(night, 'Escape'));
  symlinkSync(light, join(night, 'Lights', 'alias-inside.fits')); // a link that stays inside is fine
  symlinkSync(outside, join(allowed, 'link-out'));
  api = createNightcalApi(testHost(join(root, 'data'), [allowed]), { workers: 1 });
  const opened = await call('openNight', { path: night });
  expect(opened.ok).toBe(true);
}, 60_000);
afterAll(async () => {
  await api?.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('previews and headers take ids of this night only', () => {
  test('symbolic links out of the night are not scanned; one that stays inside is', async () => {
    const ids = (await api.getSnapshot()).night!.frames.map((frame) => frame.id);
    expect(ids).toContain('Lights/alias-inside.fits');
    expect(ids.filter((id) => /escape|secret/i.test(id))).toEqual([]);
  });

  const escapes = ['../../etc/passwd', '/etc/passwd', '../outside/secret.fits', 'Lights/../../../outside/secret.fits', 'Lights/escape.fits', 'Escape/secret.fits', 'Escape/secret.txt'];
  test.each(escapes)('%s: not-found as a raw or calibrated frame, for preview and header', async (frameId) => {
    for (const kind of ['raw', 'calibrated'] as const) {
      await expectRefused('getPreview', { source: { kind, frameId } }, 'not-found');
      await expectRefused('getHeader', { source: { kind, frameId } }, 'not-found');
    }
    await expectRefused('getPreview', { source: { kind: 'master', masterId: frameId } }, 'not-found');
    await expectRefused('getHeader', { source: { kind: 'master', masterId: frameId } }, 'not-found');
  });

  test('a path smuggled next to the id is refused before the API sees it', async () => {
    await expectRefused('getHeader', { source: { kind: 'raw', frameId: 'Lights/x.fits', path: join(outside, 'secret.txt') } }, 'bad-request');
  });
});

describe('a confined host (browser mode): open, list and write only inside the allowed folders', () => {
  test('openNight refuses folders outside, `..` that climbs out, and a link that leads out', async () => {
    await expectRefused('openNight', { path: '/etc' }, 'forbidden');
    await expectRefused('openNight', { path: join(outside, 'night-elsewhere') }, 'forbidden');
    await expectRefused('openNight', { path: `${allowed}/../outside/night-elsewhere` }, 'forbidden');
    await expectRefused('openNight', { path: join(allowed, 'link-out') }, 'forbidden');
    await expectRefused('openNight', { path: join(allowed, 'link-out', 'night-elsewhere') }, 'forbidden');
  });

  test('listFolder lists only inside, and never shows a link that leads out', async () => {
    const top = await call('listFolder', {});
    expect(top).toMatchObject({ ok: true, result: { entries: [{ path: allowed }] } });
    const inside = await call('listFolder', { path: allowed });
    expect(inside.ok && (inside.result as { entries: { name: string }[] }).entries.map((entry) => entry.name)).toEqual(['night']);
    for (const path of ['/', '/etc', outside, `${allowed}/..`, join(allowed, 'link-out'), join(night, 'Escape')]) {
      await expectRefused('listFolder', { path }, 'forbidden');
    }
  });

  test('calibrate writes nowhere outside the allowed folders', async () => {
    await expectRefused('calibrate', { outputDir: join(outside, 'out') }, 'forbidden');
    await expectRefused('calibrate', { outputDir: join(allowed, 'link-out', 'out') }, 'forbidden');
    expect(readdirSync(outside).sort()).toEqual(['night-elsewhere', 'secret.fits', 'secret.txt']);
  });
});
