/**
 * Files other programs made from raw frames, recognised by their header alone: master
 * calibration frames (and who made them, from how many frames) and stacked products.
 *
 * | program    | a master says                                                     | source |
 * |------------|-------------------------------------------------------------------|--------|
 * | NightCal   | IMAGETYP = 'MASTER DARK' (BIAS, FLAT), NCOMBINE, SOFTWARE          | electron/pipeline/provenance.ts |
 * | PixInsight | IMAGETYP = 'Master Dark' …, HISTORY ImageIntegration.numberOfImages: N | PCL ImageIntegrationInstance.cpp; WBPP masters |
 * | APP        | CALFRAME = 'MasterFlat' / 'MasterDark' / 'MasterBias', NUMFRAME    | APP 2.0 master flat (bcolyn/PhotonFinder tests/sample_headers.py) |
 * | Siril      | a bias/dark/flat IMAGETYP with STACKCNT (or NCOMBINE) > 1, PROGRAM | Siril image_format_fits.c (STACKCNT, NCOMBINE) |
 * | others     | 'masterDark', 'Master Dark Flat' …                                 | |
 *
 * Siril 1.0.6 writes no IMAGETYP on a stacked master (STACKCNT, LIVETIME, PROGRAM only): it is
 * then a stacked product of unknown kind, never a raw frame.
 */
import type { FrameType, MasterOrigin } from './frames';
import { cardText, type HeaderValues, integerAtLeast, numberValue, textValue } from './header-keywords';
import { readImagetyp } from './imagetyp-words';

/** Keywords naming the software, most specific first (PROGRAM: Siril; SOFTWARE: APP, NightCal). */
const SOFTWARE_KEYWORDS = ['PROGRAM', 'SOFTWARE', 'SWMODIFY', 'SWCREATE', 'CREATOR'] as const;

/** Short names of the programs people know, by what their SWCREATE/PROGRAM/SOFTWARE says. */
const PROGRAM_NAMES: readonly (readonly [RegExp, string])[] = [
  [/pixinsight/i, 'PixInsight'],
  [/astro ?pixel ?processor/i, 'APP'],
  [/siril/i, 'Siril'],
  [/nightcal/i, 'NightCal'],
  [/maxim/i, 'MaxIm DL'],
  [/n\.?i\.?n\.?a\b/i, 'N.I.N.A.'],
  [/sequence generator/i, 'SGP'],
  [/astro photography tool/i, 'APT'],
  [/sharpcap/i, 'SharpCap'],
  [/ccdsoft/i, 'CCDSoft'],
  [/astroimagej/i, 'AstroImageJ'],
  [/deep ?sky ?stacker/i, 'DeepSkyStacker'],
];

const PIXINSIGHT_HISTORY = /^(ImageIntegration|ImageCalibration|FastIntegration)\.|with PixInsight/i;
const INTEGRATED_IMAGES = /^(?:Image|Fast)Integration\.numberOfImages:\s*(\d+)/i;

type CalibrationKind = MasterOrigin['kind'];

/** A master calibration frame, by IMAGETYP, APP's CALFRAME, or a calibration IMAGETYP on a stack of frames. */
export function masterOrigin(values: HeaderValues, history: readonly string[]): MasterOrigin | null {
  const program = programName(values, history);
  const frames = combinedFrames(values, history);
  for (const key of ['IMAGETYP', 'CALFRAME']) {
    const verdict = readImagetyp(textValue(values, key));
    if (verdict.kind === 'master' && isCalibration(verdict.type)) {
      return { kind: verdict.type, frames, program: program ?? (key === 'CALFRAME' ? 'APP' : null), evidence: cardText(values, key), ...ownPreparation(values) };
    }
  }
  const imagetyp = readImagetyp(textValue(values, 'IMAGETYP'));
  if (imagetyp.kind === 'type' && isCalibration(imagetyp.type) && frames !== null && frames > 1) {
    const countKey = ['NCOMBINE', 'STACKCNT', 'NUMFRAME'].find((key) => integerAtLeast(numberValue(values, key), 2) !== null);
    const count = countKey === undefined ? `HISTORY ImageIntegration.numberOfImages: ${frames}` : cardText(values, countKey);
    return { kind: imagetyp.type, frames, program, evidence: `${cardText(values, 'IMAGETYP')}, ${count}`, ...ownPreparation(values) };
  }
  return null;
}

/** What NightCal's masters say of their own frames' preparation (BIASSUB, FLATNORM). */
function ownPreparation(values: HeaderValues): Pick<MasterOrigin, 'biasSubtracted' | 'flatNorm'> {
  const biasSub = values.BIASSUB;
  const flatNorm = textValue(values, 'FLATNORM')?.toLowerCase();
  return {
    biasSubtracted: typeof biasSub === 'boolean' ? biasSub : null,
    flatNorm: flatNorm === 'single' || flatNorm === 'per-channel' ? flatNorm : null,
  };
}

/**
 * Why a file that is no master is still a product and never a raw light: a colour cube, a
 * master light, a stack count, an integration. Null for a raw frame.
 */
export function stackedProduct(values: HeaderValues, history: readonly string[], planes: number): string | null {
  if (planes > 1) return planes === 3 ? 'a colour image of 3 planes (NAXIS3 = 3)' : `a cube of ${planes} planes (NAXIS3 = ${planes})`;
  const imagetyp = readImagetyp(textValue(values, 'IMAGETYP'));
  if (imagetyp.kind === 'master') return cardText(values, 'IMAGETYP');
  for (const key of ['STACKCNT', 'NCOMBINE']) {
    if (integerAtLeast(numberValue(values, key), 2) !== null) return cardText(values, key);
  }
  const integrated = integratedImages(history);
  if (integrated !== null && integrated > 1) return `HISTORY ImageIntegration.numberOfImages: ${integrated} (PixInsight)`;
  if (textValue(values, 'INTEGRAT') !== null) return `${cardText(values, 'INTEGRAT')} (APP)`;
  return null;
}

/** The program that wrote the file, by its HISTORY (PixInsight) or software keywords; the text as written when unknown. */
export function programName(values: HeaderValues, history: readonly string[]): string | null {
  if (history.some((line) => PIXINSIGHT_HISTORY.test(line))) return 'PixInsight';
  if (textValue(values, 'CALFRAME') !== null) return 'APP';
  for (const key of SOFTWARE_KEYWORDS) {
    const text = textValue(values, key);
    if (text === null) continue;
    return PROGRAM_NAMES.find(([pattern]) => pattern.test(text))?.[1] ?? text;
  }
  return null;
}

/** Frames combined: NCOMBINE, STACKCNT, APP's NUMFRAME, PixInsight's HISTORY ImageIntegration.numberOfImages. */
function combinedFrames(values: HeaderValues, history: readonly string[]): number | null {
  for (const key of ['NCOMBINE', 'STACKCNT', 'NUMFRAME']) {
    const count = integerAtLeast(numberValue(values, key), 1);
    if (count !== null) return count;
  }
  return integratedImages(history);
}

function integratedImages(history: readonly string[]): number | null {
  for (const line of history) {
    const match = INTEGRATED_IMAGES.exec(line);
    if (match) return Number(match[1]);
  }
  return null;
}

function isCalibration(type: FrameType | null): type is CalibrationKind {
  return type === 'bias' || type === 'dark' || type === 'darkflat' || type === 'flat';
}
