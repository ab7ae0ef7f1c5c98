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
