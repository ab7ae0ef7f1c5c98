/** How a master is named in the interface: "Flat · L · 1.2 s", "Dark · 300 s", "Bias". */
import type { MasterSpec } from '../../shared/contract';
import { formatExposure } from '../format-units';

const KIND_NAMES: Readonly<Record<MasterSpec['kind'], string>> = { bias: 'Bias', dark: 'Dark', flat: 'Flat' };

/** The card title of a master. */
export function masterTitle(spec: MasterSpec): string {
  const parts = [KIND_NAMES[spec.kind]];
  if (spec.filter) parts.push(spec.filter);
  if (spec.kind !== 'bias' && spec.exposure !== null) parts.push(formatExposure(spec.exposure));
  return parts.join(' · ');
}

/** How the master's frames are prepared, in words. */
export function masterRecipe(spec: MasterSpec): string[] {
  const steps: string[] = [];
  if (spec.biasId) steps.push('bias subtracted');
  if (spec.darkId) steps.push(`dark × ${spec.darkScale.toFixed(3)} subtracted`);
  if (spec.normalise) steps.push('normalised to median 1');
  if (spec.includesBias) steps.push('still holds the bias (no master bias)');
  return steps;
}

/**
 * The same as one short formula of what each frame becomes before combining, e.g.
 * "(frame − bias − 0.033·dark) ÷ median"; null when frames are combined as read.
 */
export function masterFormula(spec: MasterSpec): string | null {
  let expression = 'frame';
  if (spec.biasId) expression += ' − bias';
  if (spec.darkId) expression += ` − ${spec.darkScale === 1 ? '' : `${Number(spec.darkScale.toPrecision(3))}·`}dark`;
  if (spec.normalise) expression = expression === 'frame' ? 'frame ÷ median' : `(${expression}) ÷ median`;
  if (spec.includesBias) expression += ' (bias kept: no master bias)';
  return expression === 'frame' ? null : expression;
}
