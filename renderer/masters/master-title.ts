/** How a master is named in the interface: "Flat · L · 1.2 s", "Dark · 300 s", "Bias". */
import type { FramePreparation } from '../../shared/night/frames';
import type { MasterSpec } from '../../shared/contract';
import { formatExposure } from '../format-units';

const KIND_NAMES: Readonly<Record<MasterSpec['kind'], string>> = { bias: 'Bias', dark: 'Dark', darkflat: 'Dark flat', flat: 'Flat' };

/**
 * The card title of a master; without `settings` (where it stands beside a light, whose settings
 * it matches by construction) its kind, filter and exposure only.
 */
export function masterTitle(spec: MasterSpec, settings = true): string {
  const kind = spec.fit ? (spec.fit.part === 'bias' ? 'Bias (fitted)' : 'Dark current (fitted)') : KIND_NAMES[spec.kind];
  const parts = [spec.file ? `Library ${kind.toLowerCase()}` : kind];
  if (spec.filter) parts.push(spec.filter);
  if (spec.kind !== 'bias' && spec.exposure !== null && !spec.fit) parts.push(formatExposure(spec.exposure));
  if (settings && spec.gain !== null) parts.push(`gain ${spec.gain}`);
  if (settings && spec.temperature !== null) parts.push(`${spec.temperature.mean.toFixed(1).replace('-', '−')} °C`);
  return parts.join(' · ');
}

/** The preparation most of the master's frames share (each flat may have its own dark), and how many differ. */
function usualPreparation(spec: MasterSpec): { readonly preparation: FramePreparation | null; readonly others: number } {
  const counts = new Map<string, { preparation: FramePreparation; count: number }>();
  for (const preparation of spec.preparations) {
    const key = JSON.stringify(preparation);
    const entry = counts.get(key) ?? { preparation, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  const usual = [...counts.values()].sort((a, b) => b.count - a.count)[0];
  return { preparation: usual?.preparation ?? null, others: spec.preparations.length - (usual?.count ?? 0) };
}

/** How the master's frames are prepared, in words. */
export function masterRecipe(spec: MasterSpec): string[] {
  if (spec.fit) return [`${spec.fit.part === 'bias' ? 'bias' : 'dark current per second'} fitted per pixel from ${spec.fit.darkIds.length} master darks (no bias frames)`];
  const steps: string[] = [];
  const { preparation, others } = usualPreparation(spec);
  if (preparation?.biasId) steps.push('bias subtracted');
  if (preparation?.darkId) steps.push(preparation.darkScale === 1 ? 'dark subtracted' : `dark × ${preparation.darkScale.toFixed(3)} subtracted`);
  if (others > 0) steps.push(`${others} frame${others === 1 ? '' : 's'} with the dark of ${others === 1 ? 'its' : 'their'} own exposure`);
  if (spec.normalise) steps.push(spec.normalise === 'per-channel' ? 'each colour channel normalised to median 1' : 'normalised to median 1');
  if (spec.includesBias && spec.kind !== 'bias') steps.push('still holds the bias (no master bias)');
  return steps;
}

/**
 * The same as one short formula of what each frame becomes before combining, e.g.
 * "(frame − bias − 0.033·dark) ÷ median"; null when frames are combined as read.
 */
export function masterFormula(spec: MasterSpec): string | null {
  if (spec.fit) return spec.fit.part === 'bias' ? 'dark = bias + rate·t, per pixel: the bias' : 'dark = bias + rate·t, per pixel: the rate';
  const { preparation } = usualPreparation(spec);
  let expression = 'frame';
  if (preparation?.biasId) expression += ' − bias';
  if (preparation?.darkId) expression += ` − ${preparation.darkScale === 1 ? '' : `${Number(preparation.darkScale.toPrecision(3))}·`}dark`;
  if (spec.normalise) expression = expression === 'frame' ? 'frame ÷ median' : `(${expression}) ÷ median`;
  if (spec.includesBias && spec.kind !== 'bias') expression += ' (bias kept: no master bias)';
  return expression === 'frame' ? null : expression;
}
