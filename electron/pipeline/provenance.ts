/**
 * Provenance written into every output header: what software made it, from which files,
 * with which masters and settings (as ccdproc's log_to_metadata records each step).
 */
import { basename } from 'node:path';
import type { CombineMethod } from '../../shared/contract';
import type { FrameFacts, LightPlan, MasterSpec } from '../../shared/night/frames';
import { commentCards, formatCard, historyCards } from '../fits/write-fits';
import { SOFTWARE_NAME } from '../../shared/version';


const MASTER_IMAGETYP = { bias: 'MASTER BIAS', dark: 'MASTER DARK', flat: 'MASTER FLAT' } as const;

/** Header cards of a master (after the structural ones). */
export function masterCards(params: {
  readonly spec: MasterSpec;
  readonly method: CombineMethod;
  readonly version: string;
  readonly frameIds: readonly string[];
  readonly firstFacts: FrameFacts | null;
  readonly masterFileOf: (id: string) => string;
  readonly frameScales: readonly number[] | null;
}): string[] {
  const { spec, method, version, frameIds, firstFacts } = params;
  const cards = [
    formatCard('IMAGETYP', MASTER_IMAGETYP[spec.kind], 'master calibration frame'),
    formatCard('NCOMBINE', frameIds.length, 'number of frames combined'),
    formatCard('COMBMETH', method, 'how the frames were combined'),
  ];
  if (spec.exposure !== null) {
    cards.push(formatCard('EXPTIME', spec.exposure, '[s] exposure of the combined frames'));
  }
  if (spec.filter !== null) cards.push(formatCard('FILTER', spec.filter));
  const [binX, binY] = spec.binning.split('x').map(Number);
  cards.push(formatCard('XBINNING', binX), formatCard('YBINNING', binY));
  if (firstFacts?.ccdTemp != null) cards.push(formatCard('CCD-TEMP', firstFacts.ccdTemp, '[C] of the first frame'));
  if (firstFacts?.gain != null) cards.push(formatCard('GAIN', firstFacts.gain));
  if (firstFacts?.offset != null) cards.push(formatCard('OFFSET', firstFacts.offset));
  if (spec.night !== null) cards.push(formatCard('NIGHT', spec.night, 'observing night (local date of the evening)'));
  if (spec.kind === 'dark') cards.push(formatCard('BIASSUB', !spec.includesBias, 'master bias subtracted from each frame'));
  if (spec.kind === 'flat') {
    cards.push(formatCard('DARKSCAL', spec.darkScale, 'scale applied to the master dark'));
    cards.push(formatCard('NORMALIZ', true, 'frames and result normalised to median 1'));
  }
  cards.push(formatCard('SOFTWARE', `${SOFTWARE_NAME} ${version}`), formatCard('DATE', new Date().toISOString().slice(0, 19), 'UTC file creation'));
  cards.push(...historyCards(`${SOFTWARE_NAME} ${version}: ${MASTER_IMAGETYP[spec.kind].toLowerCase()}, ${method} of ${frameIds.length} frames`));
  if (spec.biasId) cards.push(...historyCards(`bias subtracted from each frame: ${params.masterFileOf(spec.biasId)}`));
  if (spec.darkId) cards.push(...historyCards(`dark subtracted from each frame (x${spec.darkScale}): ${params.masterFileOf(spec.darkId)}`));
  if (spec.normalise) cards.push(...historyCards('each frame divided by its median, result normalised to median 1'));
  frameIds.forEach((id, index) => {
    const scale = params.frameScales ? ` (x${params.frameScales[index].toPrecision(6)})` : '';
    cards.push(...historyCards(`source: ${id}${scale}`));
  });
  return cards;
}

/** Header cards appended to a calibrated light's raw header. */
export function lightProvenanceCards(params: {
  readonly plan: LightPlan;
  readonly version: string;
  readonly masterPathOf: (id: string) => string;
}): string[] {
  const { plan, version } = params;
  const cards = [
    formatCard('CALSTAT', plan.calstat, 'calibration applied: B bias, D dark, F flat'),
  ];
  const file = (id: string | null): string | null => (id === null ? null : basename(params.masterPathOf(id)));
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
  for (const missing of plan.missing) cards.push(...commentCards(`not applied: ${missing}`));
  return cards;
}
