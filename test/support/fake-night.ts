/**
 * A synthetic night for the renderer's fake client: a realistic folder of biases, darks (two
 * exposures), flats and lights per filter (LRGB), plus the awkward files real nights have
 * (unclassified focus frames, a truncated light, a duplicate). Grouping and planning are a
 * small stand-in for main's, enough for the interface to regroup after an override.
 */
import type { NightView } from '../../shared/contract';
import { groupFrames } from '../../shared/night/group-frames';
import { planMasters } from '../../shared/night/plan-masters';
import type { Classification, FrameInfo, FrameKind } from '../../shared/night/frames';

export const CAMERA = { width: 4144, height: 2822 } as const;
export const NIGHT_DATE = '2026-03-14';
const FILTERS = ['L', 'R', 'G', 'B'] as const;
const FLAT_EXPOSURE: Record<string, number> = { L: 1.2, R: 3.5, G: 2.8, B: 4.1 };

function pad(n: number, width = 4): string {
  return String(n).padStart(width, '0');
}

function frame(root: string, id: string, type: FrameKind, classification: Omit<Classification, 'type'>, facts: { exposure: number | null; filter: string | null; imagetyp: string | null; minute: number }): FrameInfo {
  const date = new Date(Date.UTC(2026, 2, 14, 19, 30) + facts.minute * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    id,
    path: `${root}/${id}`,
    sizeBytes: CAMERA.width * CAMERA.height * 2 + 8640,
    mtimeMs: Date.parse(date),
    storage: 'fits',
    facts: {
      imagetyp: facts.imagetyp,
      exposure: facts.exposure,
      filter: facts.filter,
      binX: 1,
      binY: 1,
      width: CAMERA.width,
      height: CAMERA.height,
      indiFrame: null,
      subframe: { x: 0, y: 0 },
      camera: 'ZWO ASI294MM Pro',
      readoutMode: null,
      ccdTemp: -10.1,
      setTemp: -10,
      temperature: -10,
      temperatureSource: 'SET-TEMP',
      gain: 100,
      offset: 50,
      bayer: null,
      precalibrated: { bias: false, dark: false, flat: false, pedestal: null, evidence: [] },
      stacked: null,
      master: null,
      celestialWcs: false,
      pixelScale: 0.97,
      saturation: null,
      dateObs: date,
      dateEnd: facts.exposure === null ? null : new Date(Date.parse(date) + facts.exposure * 1000).toISOString(),
      siteLongitude: 8.55,
      implausible: [],
    object: type === 'light' ? 'M 101' : null,
    },
    classification: { type, ...classification },
    night: NIGHT_DATE,
    error: null,
    duplicateOf: null,
    excluded: false,
  };
}

/** The files of the synthetic night, as a scan would find them. */
export function fakeFrames(root: string, lights: number): FrameInfo[] {
  const frames: FrameInfo[] = [];
  for (let i = 1; i <= 30; i += 1) {
    frames.push(frame(root, `Bias/Bias_${pad(i)}.fits`, 'bias', { rule: 'imagetyp', reason: "IMAGETYP = 'Bias Frame'" }, { exposure: 0, filter: null, imagetyp: 'Bias Frame', minute: 600 + i }));
  }
  for (const [exposure, count] of [[300, 20], [180, 15]] as const) {
    for (let i = 1; i <= count; i += 1) {
      frames.push(frame(root, `Darks/Dark_${exposure}s_${pad(i)}.fits`, 'dark', { rule: 'imagetyp', reason: "IMAGETYP = 'Dark Frame'" }, { exposure, filter: null, imagetyp: 'Dark Frame', minute: 640 + i * 6 }));
    }
  }
  for (const filter of FILTERS) {
    for (let i = 1; i <= 15; i += 1) {
      frames.push(frame(root, `Flats/${filter}/Flat_${filter}_${pad(i)}.fits`, 'flat', { rule: 'folder', reason: "no IMAGETYP; folder 'Flats'" }, { exposure: FLAT_EXPOSURE[filter], filter, imagetyp: null, minute: -20 + i }));
    }
  }
  for (let i = 1; i <= lights; i += 1) {
    const filter = i % 5 < 2 ? 'L' : FILTERS[(i % 5) - 1];
    const exposure = filter === 'L' ? 300 : 180;
    const spelling = i % 3 === 0 ? 'LIGHT' : 'Light Frame';
    frames.push(frame(root, `Lights/${filter}/M101_${filter}_${exposure}s_${pad(i)}.fits`, 'light', { rule: 'imagetyp', reason: `IMAGETYP = '${spelling}'` }, { exposure, filter, imagetyp: spelling, minute: i * 0.5 }));
  }
  const unknown = { rule: 'none', reason: 'no IMAGETYP; neither the folder nor the file name names a type' } as const;
  frames.push(frame(root, 'misc/focus_0001.fits', 'unknown', unknown, { exposure: 2, filter: 'L', imagetyp: null, minute: 1 }));
  frames.push(frame(root, 'misc/focus_0002.fits', 'unknown', unknown, { exposure: 2, filter: 'L', imagetyp: null, minute: 2 }));
  frames.push(frame(root, 'snapshot_test.fits', 'unknown', { rule: 'none', reason: "IMAGETYP = 'Test' is not a known spelling" }, { exposure: 5, filter: null, imagetyp: 'Test', minute: 3 }));
  const truncated = frame(root, 'Lights/L/M101_L_300s_broken.fits', 'light', { rule: 'folder', reason: "folder 'Lights'" }, { exposure: 300, filter: 'L', imagetyp: null, minute: 500 });
  frames.push({ ...truncated, facts: null, error: { code: 'truncated', message: 'Lights/L/M101_L_300s_broken.fits: file ends at 2.1 MB, its header announces 23.4 MB of pixels' } });
  if (lights > 0) {
    const original = frames.find((f) => f.classification.type === 'light')!;
    frames.push({ ...original, id: original.id.replace('.fits', ' (copy).fits'), path: original.path.replace('.fits', ' (copy).fits'), duplicateOf: original.id });
  }
  return frames;
}

/** The night as main would answer: frames, groups, plan and problems. */
export function nightView(root: string, frames: readonly FrameInfo[], scanSeconds: number): NightView {
  // The real grouping and planning (shared/), so that the renderer's tests see what main sends.
  const grouping = groupFrames(frames);
  const plan = planMasters(frames, grouping.groups);
  return {
    root,
    outputDir: `${root}/calibrated`,
    frames,
    groups: grouping.groups,
    unclassified: grouping.unclassified,
    problems: [...grouping.problems, ...plan.problems],
    plan,
    libraries: [],
    scanSeconds,
  };
}
