/** How frame kinds are offered and named in the interface: the order of the type menu, and 'dark flat' for a darkflat. */
import type { FrameKind } from '../../shared/contract';

/** The kinds a user can give a file, in the order of the menu. */
export const FRAME_KINDS: readonly FrameKind[] = ['light', 'flat', 'darkflat', 'dark', 'bias', 'unknown'];

const LABELS: Readonly<Record<FrameKind, string>> = { light: 'light', flat: 'flat', darkflat: 'dark flat', dark: 'dark', bias: 'bias', unknown: 'unknown' };

/** The kind as a person says it. */
export function frameKindLabel(kind: FrameKind): string {
  return LABELS[kind];
}
