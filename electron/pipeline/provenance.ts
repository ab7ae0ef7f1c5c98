/**
 * Provenance written into every output header: what software made it, from which files,
 * with which masters and settings (as ccdproc's log_to_metadata records each step).
 */
import { basename } from 'node:path';
import type { CombineMethod, FrameQuality } from '../../shared/contract';
import type { FrameFacts, LightPlan, MasterFile, MasterSpec } from '../../shared/night/frames';
import { commentCards, formatCard, historyCards } from '../fits/write-fits';
import { SOFTWARE_NAME } from '../../shared/version';


const MASTER_IMAGETYP = { bias: 'MASTER BIAS', dark: 'MASTER DARK', darkflat: 'MASTER DARKFLAT', flat: 'MASTER FLAT' } as const;

/**
 * Header cards of a master (after the structural ones): what it is, the settings it matches by
 * (so that a later night, or a library, matches it by its header alone), its dates, and how
 * every frame was prepared.
 */
export function masterCards(params: {
  readonly spec: MasterSpec;
  readonly method: CombineMethod;
  readonly version: string;
  /** The header facts of its frames, in the order of spec.frameIds (dates and temperatures). */
  readonly frameFacts: readonly (FrameFacts | null)[];
  readonly masterFileOf: (id: string) => string;
  readonly frameScales: readonly number[] | null;
}): string[] {
  const { spec, method, version, frameFacts } = params;
  const frameIds = spec.frameIds;
  const cards = [formatCard('IMAGETYP', MASTER_IMAGETYP[spec.kind], spec.fit ? `fitted from master darks (no bias frames)` : 'master calibration frame')];
  if (spec.fit === null) cards.push(formatCard('NCOMBINE', frameIds.length, 'number of frames combined'), formatCard('COMBMETH', method, 'how the frames were combined'));
  if (spec.exposure !== null) cards.push(formatCard('EXPTIME', spec.exposure, spec.fit ? '[s] dark current per second (times a light\'s exposure)' : '[s] exposure of the combined frames'));
  if (spec.filter !== null) cards.push(formatCard('FILTER', spec.filter));
  if (spec.camera !== null) cards.push(formatCard('INSTRUME', spec.camera));
  if (spec.gain !== null) cards.push(formatCard('GAIN', spec.gain, 'camera gain setting of every frame'));
  if (spec.offset !== null) cards.push(formatCard('OFFSET', spec.offset, 'camera offset setting of every frame'));
  if (spec.readoutMode !== null) cards.push(formatCard('READOUTM', spec.readoutMode, 'readout mode of every frame'));
  const [binX, binY] = spec.binning.split('x').map(Number);
  cards.push(formatCard('XBINNING', binX), formatCard('YBINNING', binY));
  if (spec.subframe !== null) {
    const [x, y] = spec.subframe.split(',').map(Number);
    cards.push(formatCard('XORGSUBF', x, 'subframe origin, binned pixels'), formatCard('YORGSUBF', y));
  }
  const temperature = spec.temperature;
  if (temperature !== null) {
    cards.push(formatCard(temperature.source, round(temperature.mean), `[C] mean of the frames' ${temperature.source}`));
    cards.push(formatCard('TEMPMIN', round(temperature.min), '[C] lowest of the frames'), formatCard('TEMPMAX', round(temperature.max), '[C] highest of the frames'));
  }
  const starts = frameFacts.map((facts) => facts?.dateObs ?? null).filter((date): date is string => date !== null).sort();
  const ends = frameFacts.map((facts) => facts?.dateEnd ?? facts?.dateObs ?? null).filter((date): date is string => date !== null).sort();
  if (starts.length > 0) cards.push(formatCard('DATE-OBS', starts[0].replace(/Z$/, ''), 'UTC start of the first frame'));
  if (ends.length > 0) cards.push(formatCard('DATE-END', ends.at(-1)!.replace(/Z$/, ''), 'UTC end of the last frame'));
  if (spec.bayer !== null) {
    cards.push(formatCard('BAYERPAT', spec.bayer.pattern, 'colour filter array of the sensor'), formatCard('XBAYROFF', spec.bayer.xOffset), formatCard('YBAYROFF', spec.bayer.yOffset));
    if (spec.bayer.rowOrder !== null) cards.push(formatCard('ROWORDER', spec.bayer.rowOrder.toUpperCase()));
  }
  if (spec.night !== null) cards.push(formatCard('NIGHT', spec.night, 'observing night (local date of the evening)'));
  if (spec.kind === 'dark' || spec.kind === 'darkflat') cards.push(formatCard('BIASSUB', !spec.includesBias, 'master bias subtracted from each frame'));
  if (spec.normalise !== null) cards.push(formatCard('FLATNORM', spec.normalise, spec.normalise === 'per-channel' ? 'each colour channel to median 1' : 'normalised to median 1'));
  cards.push(formatCard('SOFTWARE', `${SOFTWARE_NAME} ${version}`), formatCard('DATE', new Date().toISOString().slice(0, 19), 'UTC file creation'));
  if (spec.fit) {
    cards.push(...historyCards(`${SOFTWARE_NAME} ${version}: ${spec.fit.part === 'bias' ? 'bias' : 'dark current per second'} fitted per pixel (dark = bias + rate * t) from ${spec.fit.darkIds.map(params.masterFileOf).join(', ')}`));
    return cards;
  }
  cards.push(...historyCards(`${SOFTWARE_NAME} ${version}: ${MASTER_IMAGETYP[spec.kind].toLowerCase()}, ${method} of ${frameIds.length} frames`));
  for (const [text, count] of preparationsInWords(spec, params.masterFileOf)) cards.push(...historyCards(`${count === frameIds.length ? 'each frame' : `${count} of the frames`}: ${text}`));
  if (spec.normalise) cards.push(...historyCards(`each frame divided by its exact median, the result ${spec.normalise === 'per-channel' ? 'each colour channel' : ''} normalised to median 1`.replace('  ', ' ')));
  frameIds.forEach((id, index) => {
    const scale = params.frameScales ? ` (x${params.frameScales[index].toPrecision(6)})` : '';
    cards.push(...historyCards(`source: ${id}${scale}`));
  });
  return cards;
}

/** How the frames were prepared, with how many of them were prepared each way. */
function preparationsInWords(spec: MasterSpec, fileOf: (id: string) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const preparation of spec.preparations) {
    const steps = [
      preparation.biasId && `bias subtracted: ${fileOf(preparation.biasId)}`,
      preparation.darkId && `dark subtracted (x${Number(preparation.darkScale.toPrecision(6))}): ${fileOf(preparation.darkId)}`,
    ].filter(Boolean);
    if (steps.length === 0) continue;
    const text = steps.join('; ');
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  return counts;
}

function round(value: number): number {
  return Number(value.toFixed(2));
}

/** Header cards appended to a calibrated light's raw header. */
export function lightProvenanceCards(params: {
  readonly plan: LightPlan;
  readonly version: string;
  /** Where a master's file is, and for a library's master, which library file it is. */
  readonly masterOf: (id: string) => { readonly path: string; readonly file: MasterFile | null; readonly words: string };
}): string[] {
  const { plan, version } = params;
  const cards = [
    formatCard('CALSTAT', plan.calstat, 'calibration applied: B bias, D dark, F flat'),
  ];
  const file = (id: string | null): string | null => (id === null ? null : basename(params.masterOf(id).path));
  const bias = file(plan.biasId);
  const dark = file(plan.darkId);
  const flat = file(plan.flatId);
  if (bias) cards.push(formatCard('BIASFILE', bias));
  if (dark) cards.push(formatCard('DARKFILE', dark), formatCard('DARKSCAL', plan.darkScale, 'master dark multiplied by this'));
  if (flat) cards.push(formatCard('FLATFILE', flat));
  cards.push(formatCard('SOFTWARE', `${SOFTWARE_NAME} ${version}`));
  cards.push(...historyCards(`${SOFTWARE_NAME} ${version} calibrated ${new Date().toISOString().slice(0, 19)} UTC: (raw - bias - darkscale*dark) / flat, float32`));
  if (bias) cards.push(...historyCards(`bias subtracted: ${bias}`));
  if (dark) cards.push(...historyCards(`dark subtracted (x${plan.darkScale}): ${dark}`));
  if (flat) cards.push(...historyCards(`flat divided: ${flat}`));
  for (const id of [plan.biasId, plan.darkId, plan.flatId]) {
    const master = id === null ? null : params.masterOf(id);
    const library = master?.file;
    if (master && library) cards.push(...historyCards(`${basename(library.path)} is from the calibration library ${library.library}: ${library.relativePath} (sha256 ${library.sha256.slice(0, 16)}), ${master.words}`));
  }
  for (const missing of plan.missing) cards.push(...commentCards(`not applied: ${missing}`));
  return cards;
}

/**
 * The quality cards of a calibrated light, always these eight in this order (a header measured
 * later keeps its length: the worker writes them with no values first and fills them in once the
 * pixels are measured). Named with a Q so as not to take FWHM, which pipelines write in pixels,
 * in arcseconds or for a filter's band width; a value that could not be measured is left
 * undefined (blank), its comment says why.
 */
export function qualityCards(quality: FrameQuality | null): string[] {
  const q = quality;
  // the comment of a card: what it holds, or (measured, no value) why it is blank
  const card = (key: string, value: number | null | undefined, holds: string, whyBlank: string) =>
    formatCard(key, value ?? null, q !== null && (value === null || value === undefined) ? whyBlank : holds);
  const unmeasured = q?.unmeasured ? `not measured: ${q.unmeasured}` : 'not measured';
  return [
    card('QBKG', q?.background, '[ADU] median sky level', '[ADU] no sky to measure'),
    card('QNOISE', q?.noise, '[ADU] robust sigma of the sky', '[ADU] no sky to measure'),
    card('QSTARS', q?.stars, 'stars in the frame (from the part searched)', 'no stars counted'),
    card('QFWHM', q?.fwhm, '[px] median FWHM of the stars', `[px] ${unmeasured}`),
    card('QFWHMAS', q?.fwhmArcsec, '[arcsec] median FWHM of the stars', q?.fwhm == null ? `[arcsec] ${unmeasured}` : '[arcsec] no pixel scale in the header'),
    card('QECCENT', q?.eccentricity, 'eccentricity of the median star, 0 = round', unmeasured),
    card('QSATFRAC', q?.saturated, 'fraction of raw pixels at saturation', 'no saturation level known'),
    card('QWEIGHT', q?.weight, 'PSF signal weight: sum of star SNR^2 / PSF area', 'no stars'),
  ];
}

/** The keywords qualityCards writes: a raw header's own cards of these names are not kept. */
export const QUALITY_KEYWORDS: readonly string[] = ['QBKG', 'QNOISE', 'QSTARS', 'QFWHM', 'QFWHMAS', 'QECCENT', 'QSATFRAC', 'QWEIGHT'];
