/**
 * A library's masters in a night's plan: recognised by header, matched by the same keys as the
 * night's own, used only where the night has none, named with their settings and age.
 */
import { describe, expect, test } from 'vitest';
import { libraryCandidates, type LibraryFileEntry } from '../../../shared/library/library-masters';
import type { FrameFacts, FrameInfo, MasterOrigin, MasterPlan } from '../../../shared/night/frames';
import { groupFrames } from '../../../shared/night/group-frames';
import { matchRulesFor } from '../../../shared/night/matching';
import { planMasters } from '../../../shared/night/plan-masters';
import { frame, frames, NIGHT } from '../night/night-frames';

const LIBRARY = '/home/observer/library';

/** A master file of the library: a frame whose header makes it a master of `kind`, dated `night`. */
function libraryMaster(relativePath: string, kind: MasterOrigin['kind'], facts: Partial<FrameFacts> = {}, night = '2026-01-19', extra: Partial<MasterOrigin> = {}): LibraryFileEntry {
  const base = frame(relativePath, 'unknown', { night });
  const master: MasterOrigin = { kind, frames: 30, program: 'NightCal', evidence: `IMAGETYP = 'MASTER ${kind.toUpperCase()}'`, biasSubtracted: null, flatNorm: null, ...extra };
  const info: FrameInfo = { ...base, path: `${LIBRARY}/${relativePath}`, classification: { type: 'unknown', rule: 'header', reason: 'a master' }, facts: { ...base.facts!, master, ...facts } };
  return { relativePath, sha256: `${relativePath.replace(/[^a-z0-9]/gi, '').padEnd(8, '0')}${'0'.repeat(56)}`, frame: info };
}

function plan(night: readonly FrameInfo[], library: readonly LibraryFileEntry[], options: { libraryFlats?: boolean } = {}): MasterPlan {
  const candidates = libraryCandidates([{ root: LIBRARY, files: library }]);
  const rules = matchRulesFor([...night, ...library.map((entry) => entry.frame)]);
  return planMasters(night, groupFrames(night, rules).groups, { rules, library: candidates.masters, ...options });
}

const lightsAndFlats = [...frames('flatR', 3, 'flat', { filter: 'R', exposure: 2 }), ...frames('lightR', 4, 'light', { filter: 'R', exposure: 300 })];

describe('libraryCandidates', () => {
  test('masters become candidates by their header; raw frames are counted; copies and darks without exposure are skipped, with the reason', () => {
    const dark = libraryMaster('masters/dark/dark_300s.fits', 'dark', { exposure: 300 }, '2026-01-19', { biasSubtracted: true });
    const copy = { ...libraryMaster('old/dark_300s copy.fits', 'dark', { exposure: 300 }), sha256: dark.sha256 };
    const noExposure = libraryMaster('pi/masterDark.fits', 'dark', { exposure: null });
    const raw = { relativePath: 'session/dark_01.fits', sha256: 'f'.repeat(64), frame: frame('session/dark_01.fits', 'dark') };
    const result = libraryCandidates([{ root: LIBRARY, files: [dark, copy, noExposure, raw] }]);
    expect(result.masters.map((m) => [m.kind, m.exposure, m.includesBias, m.file?.relativePath])).toEqual([['dark', 300, false, 'masters/dark/dark_300s.fits']]);
    expect(result.masters[0].id).toMatch(/^lib_dark_300s_g100_o30_1x1_100x100_m10C_2026-01-19_[0-9a-z]{8}$/);
    expect(result.skipped.map((s) => [s.relativePath, s.reason])).toEqual([
      ['old/dark_300s copy.fits', 'a byte-identical copy of masters/dark/dark_300s.fits'],
      ['pi/masterDark.fits', 'a master dark without an exposure time (EXPTIME/EXPOSURE): it cannot be matched'],
    ]);
    expect(result.rawFrames).toEqual({ bias: 0, dark: 1, darkflat: 0, flat: 0 });
  });

  test("another program's dark holds the bias unless its header says the bias was taken out", () => {
    const pixinsight = libraryMaster('pi/dark.fits', 'dark', { exposure: 300 }, NIGHT, { program: 'PixInsight' });
    const calstat = libraryMaster('maxim/dark.fits', 'dark', { exposure: 300, precalibrated: { bias: true, dark: false, flat: false, pedestal: null, evidence: ["CALSTAT = 'B'"] } }, NIGHT, { program: 'MaxIm DL' });
    const [pi, maxim] = libraryCandidates([{ root: LIBRARY, files: [pixinsight, calstat] }]).masters;
    expect([pi.includesBias, maxim.includesBias]).toEqual([true, false]);
  });
});

describe('a night of lights and flats with a library of bias and darks', () => {
  const library = [
    libraryMaster('masters/bias/bias_g100.fits', 'bias', {}, '2026-01-10'),
    libraryMaster('masters/bias/bias_g200.fits', 'bias', { gain: 200 }, '2026-01-10'),
    libraryMaster('masters/dark/dark_300s_g100_m10.fits', 'dark', { exposure: 300 }, '2026-01-19', { biasSubtracted: true }),
    libraryMaster('masters/dark/dark_300s_g100_m10_older.fits', 'dark', { exposure: 300, temperature: -10.4 }, '2025-11-02', { biasSubtracted: true }),
    libraryMaster('masters/dark/dark_300s_g100_m5.fits', 'dark', { exposure: 300, temperature: -5, setTemp: -5 }, '2026-02-20', { biasSubtracted: true }),
    libraryMaster('masters/dark/dark_300s_g200_m10.fits', 'dark', { exposure: 300, gain: 200 }, '2026-02-28', { biasSubtracted: true }),
    libraryMaster('masters/dark/dark_2s_g100_m10.fits', 'dark', { exposure: 2 }, '2026-01-19', { biasSubtracted: true }),
    libraryMaster('masters/flat/flat_R.fits', 'flat', { filter: 'R', exposure: 2 }, '2026-02-27'),
  ];
  const result = plan(lightsAndFlats, library);
  const light = result.lights.find((l) => l.frameId === 'lightR_01.fits')!;
  const idOf = (relativePath: string) => result.masters.find((m) => m.file?.relativePath === relativePath)?.id;

  test('each light gets the library bias and dark of its gain, the nearest temperature, then the newest; the flat of its night', () => {
    expect(light.biasId).toBe(idOf('masters/bias/bias_g100.fits'));
    expect(light.darkId).toBe(idOf('masters/dark/dark_300s_g100_m10.fits'));
    expect(light.darkScale).toBe(1);
    expect(light.flatId).toBe(`flat_R_g100_o30_1x1_100x100_m10C_${NIGHT}`);
    expect(light.calstat).toBe('BDF');
  });

  test('the plan names the library master with its settings and age', () => {
    expect(light.steps.bias.reason).toBe('library master bias (gain 100, offset 30, −10.0 °C, 50 days old)');
    expect(light.steps.dark.reason).toBe("library master dark 300 s (gain 100, offset 30, −10.0 °C, 41 days old): the lights' exposure");
  });

  test('the flats get the library bias and the dark of their exposure; only the masters used enter the plan', () => {
    const flat = result.masters.find((m) => m.kind === 'flat')!;
    expect(flat.preparations).toEqual(Array(3).fill({ biasId: idOf('masters/bias/bias_g100.fits'), darkId: idOf('masters/dark/dark_2s_g100_m10.fits'), darkScale: 1 }));
    expect(result.masters.filter((m) => m.file).map((m) => m.file!.relativePath)).toEqual(['masters/bias/bias_g100.fits', 'masters/dark/dark_300s_g100_m10.fits', 'masters/dark/dark_2s_g100_m10.fits']);
    expect(result.problems.map((p) => p.code)).toEqual([]);
  });

  test('library flats only when asked for (dust moves); then the library flat is used', () => {
    const lightsOnly = frames('lightR', 2, 'light', { filter: 'R', exposure: 300 });
    const without = plan(lightsOnly, library).lights[0];
    expect(without.steps.flat).toEqual({ status: 'missing', masterId: null, reason: 'no flats for filter R in the night or the library' });
    const withFlats = plan(lightsOnly, library, { libraryFlats: true });
    expect(withFlats.lights[0].flatId).toBe(withFlats.masters.find((m) => m.file?.relativePath === 'masters/flat/flat_R.fits')?.id);
  });

  test("the night's own masters come first", () => {
    const own = plan([...frames('dark300', 3, 'dark', { exposure: 300 }), ...frames('bias', 3, 'bias'), ...lightsAndFlats], library);
    const first = own.lights[0];
    expect([first.biasId, first.darkId]).toEqual([`bias_g100_o30_1x1_100x100_m10C_${NIGHT}`, `dark_300s_g100_o30_1x1_100x100_m10C_${NIGHT}`]);
    // The flats' 2 s dark still comes from the library: the night has none of that exposure (and scaling the 300 s one is second best).
    expect(own.masters.filter((m) => m.file).map((m) => m.file!.relativePath)).toEqual(['masters/dark/dark_2s_g100_m10.fits']);
  });

  test('no library master that fails a key; the plan says which key and by how much', () => {
    const warm = plan(withSettings(lightsAndFlats, { gain: 300, temperature: -20, setTemp: -20 }), library);
    expect(warm.lights[0].steps.dark.status).toBe('missing');
    expect(warm.lights[0].steps.dark.reason).toMatch(/^no dark matches: library master dark 300 s: gain 100 for 300, −10\.4 °C for −20\.0 °C \(9\.6 °C apart; tolerance ±2 °C\); library master dark 300 s: gain 200 for 300, −10\.0 °C/);
  });

  test('a dark of another exposure is scaled only with a bias; one that holds the bias is used unscaled at its own exposure only', () => {
    const lights120 = frames('light120', 2, 'light', { filter: 'R', exposure: 120 });
    const scaled = plan(lights120, library).lights[0];
    expect(scaled.darkId).toBe(plan(lights120, library).masters.find((m) => m.file?.relativePath === 'masters/dark/dark_300s_g100_m10.fits')?.id);
    expect(scaled.darkScale).toBeCloseTo(0.4, 12);
    const noBias = library.filter((entry) => !entry.relativePath.includes('bias')).map((entry) => ({ ...entry, frame: { ...entry.frame, facts: { ...entry.frame.facts!, master: { ...entry.frame.facts!.master!, biasSubtracted: false } } } }));
    const unscaled = plan(lights120, noBias).lights[0];
    expect(unscaled.darkScale).toBe(1);
    expect(unscaled.steps.dark.reason).toMatch(/unscaled, for 120 s lights/);
  });
});

function withSettings(list: readonly FrameInfo[], facts: Partial<FrameFacts>): FrameInfo[] {
  return list.map((f) => ({ ...f, facts: { ...f.facts!, ...facts } }));
}
