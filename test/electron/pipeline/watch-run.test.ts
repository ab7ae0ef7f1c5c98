/**
 * A night watched as it is written, through the API: the lights already there are calibrated,
 * new ones (in pieces, by rename, a burst faster than the workers) each once; flats arriving
 * after the lights redo those lights once with the flat (the manifest and the header say so);
 * stopping and starting again keeps what was finished.
 */
import { mkdtempSync, readFileSync, rmSync, copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFitsHeader } from '../../../electron/fits/read-header';
import { readManifest } from '../../../electron/outputs/run-manifest';
import { CLOUDED } from '../../../electron/demo/light-conditions';
import { sourceAndNight, startWatching, writeByRename, writeInPieces } from '../watch/watch-fixture';

let root: string;
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'nightcal-watch-run-'));
});

describe('watching a night', () => {
  it('calibrates the lights there (queued, the depth reported), then each new one once: in pieces, by rename, a burst (never dropped)', async () => {
    const { night, lights } = await sourceAndNight(join(root, 'a'), { size: 128, lights: 36, withFlats: true, lightsInNight: 12 });
    const watching = await startWatching(night, join(root, 'a', 'data'));
    const id = (path: string) => `Lights/${basename(path)}`;
    const existing = readdirSync(join(night, 'Lights')).map((name) => `Lights/${name}`);
    await watching.until(() => existing.every((frameId) => watching.doneCount(frameId) === 1));
    await writeInPieces(lights[0], join(night, 'Lights', basename(lights[0])), 8, 50);
    writeByRename(lights[1], join(night, 'Lights', basename(lights[1])));
    const burst = lights.slice(2);
    for (const light of burst) copyFileSync(light, join(night, 'Lights', basename(light)));
    const all = [...existing, ...lights.map(id)];
    await watching.until(() => all.every((frameId) => watching.doneCount(frameId) >= 1));
    const last = await watching.stop();
    for (const frameId of all) expect(watching.doneCount(frameId), frameId).toBe(1);
    const queuedSeen = Math.max(...watching.events.map((event) => (event.kind === 'watch' ? event.watch.queued : 0)));
    // The lights already there outnumber what the two workers hold (one each and one waiting): the rest are queued, and said to be.
    expect(queuedSeen).toBeGreaterThanOrEqual(existing.length - 3);
    expect(last.calibrated).toBe(all.length);
    // Every window's night took the lights as they landed (night events), with what each one got.
    const watchedNight = watching.lastNight()!;
    expect(watchedNight.frames.map((frame) => frame.id).sort()).toEqual(expect.arrayContaining([...all].sort()));
    for (const light of watchedNight.plan.lights.filter((plan) => all.includes(plan.frameId))) expect(light.flatId, light.frameId).not.toBeNull();
    expect(watchedNight.plan.lights.filter((plan) => all.includes(plan.frameId))).toHaveLength(all.length);
    expect(last.queued).toBe(0);
    expect(last.active).toBe(false);
    const manifest = readManifest(last.outputDir!)!;
    for (const frameId of all) expect(manifest.frames[frameId]?.calstat, frameId).toBe('BDF');
    // Stopped like a run ends: the lights that landed are reviewed too, and a kept list per filter is written.
    expect(manifest.lights.map((light) => light.frameId).sort()).toEqual([...all].sort());
    const keptLines = readdirSync(last.outputDir!).filter((name) => /^kept_.*\.txt$/.test(name)).flatMap((name) => readFileSync(join(last.outputDir!, name), 'utf8').split('\n').filter(Boolean));
    expect(keptLines.length).toBeGreaterThan(0);
    expect(keptLines.length).toBeLessThanOrEqual(all.length);
  }, 120_000);

  it('flats after the lights: each light calibrated without a flat, then redone once with it; later lights once; stop and start keeps them all', async () => {
    const { night, source, lights } = await sourceAndNight(join(root, 'b'), { size: 128, lights: 8, withFlats: false, lightsInNight: 4 });
    const data = join(root, 'b', 'data');
    const first = await startWatching(night, data);
    const early = readdirSync(join(night, 'Lights')).map((name) => `Lights/${name}`);
    await first.until(() => early.every((frameId) => first.doneCount(frameId) === 1));
    const out = first.lastWatch()!.outputDir!;
    // The manifest is written a second after each change at most: what it says then.
    await first.until(() => readManifest(out)?.frames[early[0]]?.calstat === 'BD', 5000);
    // Dawn: the flats arrive one by one; one master per filter once the series is over.
    mkdirSync(join(night, 'Flats'));
    for (const name of readdirSync(join(source, 'Flats'))) writeByRename(join(source, 'Flats', name), join(night, 'Flats', name));
    await first.until(() => early.every((frameId) => first.doneCount(frameId) === 2));
    const afterFlats = lights.slice(0, 2);
    for (const light of afterFlats) writeByRename(light, join(night, 'Lights', basename(light)));
    await first.until(() => afterFlats.every((light) => first.doneCount(`Lights/${basename(light)}`) === 1));
    await new Promise((resolve) => setTimeout(resolve, 800)); // nothing more happens: no second redo
    const stopped = await first.stop();
    for (const frameId of early) expect(first.doneCount(frameId), frameId).toBe(2);
    for (const light of afterFlats) expect(first.doneCount(`Lights/${basename(light)}`)).toBe(1);
    expect(stopped.redone).toBe(early.length);
    const manifest = readManifest(out)!;
    for (const frameId of [...early, ...afterFlats.map((light) => `Lights/${basename(light)}`)]) {
      const record = manifest.frames[frameId];
      expect(record.calstat, frameId).toBe('BDF');
      expect(record.masters?.flat, frameId).toMatch(/\w/);
      const header = await readFitsHeader(record.outputPath!);
      expect(header.header.values.CALSTAT).toBe('BDF');
      expect(String(header.header.values.FLATFILE)).toMatch(/^master_flat_/);
    }

    // Stopped: two more lights arrive meanwhile; started again, only they are calibrated.
    const whileStopped = lights.slice(2, 4);
    for (const light of whileStopped) copyFileSync(light, join(night, 'Lights', basename(light)));
    const second = await startWatching(night, data);
    const everyLight = readdirSync(join(night, 'Lights')).map((name) => `Lights/${name}`);
    await second.until(() => second.lastWatch()!.calibrated + second.lastWatch()!.kept === everyLight.length);
    const resumed = await second.stop();
    expect(resumed.outputDir).toBe(out);
    expect(resumed.kept).toBe(everyLight.length - whileStopped.length);
    expect(resumed.calibrated).toBe(whileStopped.length);
    for (const light of whileStopped) expect(second.doneCount(`Lights/${basename(light)}`)).toBe(1);
    for (const frameId of early) expect(second.doneCount(frameId), frameId).toBe(0);
    expect(readFileSync(join(out, 'nightcal-run.json'), 'utf8')).toContain('"finishedAt": "');
  }, 180_000);

  it('a clouded light that lands is called out at once (stars down against its filter’s lights before it); the clear one after it is not', async () => {
    // Ten lights, five L then five R in time (their conditions' order): 001L–004R clear in the night, then the clouded 005L and a clear 005R land.
    const conditions = Array.from({ length: 10 }, (_, i) => (i === 4 ? CLOUDED : null));
    const { night, lights } = await sourceAndNight(join(root, 'd'), { size: 256, lights: 10, withFlats: true, lightsInNight: 8, lightConditions: conditions });
    const watching = await startWatching(night, join(root, 'd', 'data'));
    const existing = readdirSync(join(night, 'Lights')).map((name) => `Lights/${name}`);
    await watching.until(() => existing.every((frameId) => watching.doneCount(frameId) === 1));
    const [clouded, clear] = lights.map((path) => `Lights/${basename(path)}`);
    const notices = () => watching.events.flatMap((event) => (event.kind === 'watch' && event.watch.lastNotice ? [event.watch.lastNotice] : []));
    expect(notices(), JSON.stringify(notices())).toEqual([]);
    writeByRename(lights[0], join(night, clouded));
    await watching.until(() => watching.doneCount(clouded) === 1 && notices().length > 0);
    expect(notices().at(-1)!.frameId, JSON.stringify(notices())).toBe(clouded);
    expect(notices().at(-1)!.text).toMatch(/^\d+ stars, \d+ % fewer than the last 4 lights' \d+: clouds\?$/);
    writeByRename(lights[1], join(night, clear));
    await watching.until(() => watching.doneCount(clear) === 1);
    const last = await watching.stop();
    // The notice stays with its light (it must not vanish with the next frame), and no other light got one.
    expect(last.lastNotice?.frameId).toBe(clouded);
    expect(new Set(notices().map((notice) => notice.frameId))).toEqual(new Set([clouded]));
  }, 120_000);

  it('a byte-identical copy of a light that lands is flagged as a copy and never calibrated; the next new light is', async () => {
    const { night, lights } = await sourceAndNight(join(root, 'c'), { size: 96, lights: 3, withFlats: true, lightsInNight: 2 });
    const watching = await startWatching(night, join(root, 'c', 'data'));
    const existing = readdirSync(join(night, 'Lights')).map((name) => `Lights/${name}`);
    await watching.until(() => existing.every((frameId) => watching.doneCount(frameId) === 1));
    // The capture program saved one light twice: the copy, then a real new light.
    writeByRename(join(night, existing[0]), join(night, 'Lights', 'copy-of-first.fits'));
    writeByRename(lights[0], join(night, 'Lights', basename(lights[0])));
    await watching.until(() => watching.doneCount(`Lights/${basename(lights[0])}`) === 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const last = await watching.stop();
    expect(watching.doneCount('Lights/copy-of-first.fits')).toBe(0);
    expect(last.calibrated).toBe(existing.length + 1);
    expect(last.notes).toContain(`Lights/copy-of-first.fits: a byte-identical copy of ${existing[0]}, not calibrated again`);
  }, 120_000);
});
