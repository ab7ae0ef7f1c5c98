/**
 * A synthetic night for the renderer's fake client: a realistic folder of biases, darks (two
 * exposures), flats and lights per filter (LRGB), plus the awkward files real nights have
 * (unclassified focus frames, a truncated light, a duplicate). Grouping and planning are a
 * small stand-in for main's, enough for the interface to regroup after an override.
 */
import type { MasterPlan, NightView, Problem } from '../../shared/contract';
import type { Classification, FrameGroup, FrameInfo, FrameKind, FrameType, LightPlan, MasterSpec } from '../../shared/night/frames';

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

function usable(frame: FrameInfo): boolean {
  return frame.error === null && frame.duplicateOf === null && !frame.excluded && frame.facts !== null && frame.classification.type !== 'unknown';
}

/** Groups the usable frames by type, filter, exposure, binning, size and night. */
export function groupFrames(frames: readonly FrameInfo[]): FrameGroup[] {
  const groups = new Map<string, FrameGroup & { frameIds: string[] }>();
  for (const f of frames) {
    if (!usable(f) || !f.facts) continue;
    const type = f.classification.type as FrameType;
    const filter = type === 'bias' || type === 'dark' ? null : f.facts.filter;
    const exposure = type === 'bias' ? null : f.facts.exposure;
    const id = [type, filter ?? '', exposure ?? '', '1x1', `${f.facts.width}x${f.facts.height}`, f.night ?? ''].join('|');
    let group = groups.get(id);
    if (!group) {
      group = { id, type, filter, exposure, binning: '1x1', width: f.facts.width, height: f.facts.height, night: f.night, frameIds: [] };
      groups.set(id, group);
    }
    group.frameIds.push(f.id);
  }
  const order: FrameType[] = ['bias', 'dark', 'flat', 'light'];
  return [...groups.values()]
    .map((g) => ({ ...g, frameIds: [...g.frameIds].sort() }))
    .sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type) || (a.filter ?? '').localeCompare(b.filter ?? '') || (a.exposure ?? 0) - (b.exposure ?? 0));
}

function masterId(group: FrameGroup): string {
  const parts: string[] = [group.type];
  if (group.filter) parts.push(group.filter);
  if (group.exposure !== null && group.type !== 'bias') parts.push(`${group.exposure}s`);
  parts.push(group.binning, `${group.width}x${group.height}`, group.night ?? 'undated');
  return parts.join('_');
}

/** Which masters to build and how each light is calibrated. */
export function planNight(groups: readonly FrameGroup[]): MasterPlan {
  const masters: MasterSpec[] = [];
  const problems: Problem[] = [];
  const spec = (group: FrameGroup, extra: Partial<MasterSpec>): MasterSpec => ({
    id: masterId(group), kind: group.type as MasterSpec['kind'], groupId: group.id, filter: group.filter, exposure: group.exposure,
    binning: group.binning, width: group.width, height: group.height, night: group.night, frameIds: group.frameIds,
    biasId: null, darkId: null, darkScale: 1, normalise: false, includesBias: false, ...extra,
  });
  const bias = groups.find((g) => g.type === 'bias');
  const biasId = bias ? masterId(bias) : null;
  if (bias) masters.push(spec(bias, {}));
  const darks = groups.filter((g) => g.type === 'dark');
  for (const dark of darks) masters.push(spec(dark, { biasId, includesBias: biasId === null }));
  for (const flat of groups.filter((g) => g.type === 'flat')) {
    masters.push(spec(flat, { biasId, normalise: true }));
    problems.push({ code: 'flat-not-dark-subtracted', severity: 'info', message: `Flats ${flat.filter ?? ''} (${flat.exposure} s) have no dark of their exposure: they are bias-subtracted only.`, frameIds: [] });
  }
  const lights: LightPlan[] = [];
  for (const group of groups.filter((g) => g.type === 'light')) {
    const dark = darks.find((d) => d.exposure === group.exposure) ?? darks[0];
    const flat = groups.find((g) => g.type === 'flat' && g.filter === group.filter);
    const missing = [...(flat ? [] : [`no flat for filter ${group.filter ?? 'none'} (${group.binning}, ${group.width}x${group.height})`]), ...(dark ? [] : ['no dark'])];
    const darkScale = dark && dark.exposure && group.exposure ? group.exposure / dark.exposure : 1;
    if (!flat) problems.push({ code: 'no-flat', severity: 'warning', message: `No flat for filter ${group.filter ?? 'none'}: ${group.frameIds.length} lights will not be flat-fielded.`, frameIds: [] });
    if (dark && darkScale !== 1) problems.push({ code: 'dark-scaled', severity: 'info', message: `Lights of ${group.exposure} s use the ${dark.exposure} s dark scaled by ${darkScale.toFixed(3)}.`, frameIds: [] });
    for (const frameId of group.frameIds) {
      lights.push({
        frameId, biasId, darkId: dark ? masterId(dark) : null, darkScale, flatId: flat ? masterId(flat) : null, missing,
        calstat: `${biasId ? 'B' : ''}${dark ? 'D' : ''}${flat ? 'F' : ''}`, blocked: null,
      });
    }
  }
  return { masters, lights, problems };
}

/** Problems about particular files: unclassified, unreadable, duplicates. */
function fileProblems(frames: readonly FrameInfo[]): Problem[] {
  const problems: Problem[] = [];
  const unknown = frames.filter((f) => f.classification.type === 'unknown' && f.error === null);
  if (unknown.length > 0) problems.push({ code: 'unclassified', severity: 'warning', message: `${unknown.length} files could not be classified; set their type or leave them out.`, frameIds: unknown.map((f) => f.id) });
  for (const f of frames.filter((f) => f.error !== null)) problems.push({ code: 'unreadable', severity: 'error', message: f.error!.message, frameIds: [f.id] });
  for (const f of frames.filter((f) => f.duplicateOf !== null)) problems.push({ code: 'duplicate', severity: 'info', message: `${f.id} is a byte-identical copy of ${f.duplicateOf}; it is used once.`, frameIds: [f.id] });
  return problems;
}

/** The night as main would answer: frames, groups, plan and problems. */
export function nightView(root: string, frames: readonly FrameInfo[], scanSeconds: number): NightView {
  const groups = groupFrames(frames);
  const plan = planNight(groups);
  return {
    root,
    outputDir: `${root}/calibrated`,
    frames,
    groups,
    unclassified: frames.filter((f) => f.classification.type === 'unknown' && f.error === null).map((f) => f.id),
    problems: [...fileProblems(frames), ...plan.problems],
    plan,
    scanSeconds,
  };
}
