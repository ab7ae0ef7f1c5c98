/**
 * What the header's frame-type keyword says: IMAGETYP spellings of every capture program, and
 * the masters other programs write ('MASTER DARK', 'masterDark', 'Master Dark Flat').
 */
import type { FrameType } from './frames';

/** IMAGETYP spellings (lower case, '_'/'-' as spaces): MaxIm/SBIG, NINA/Ekos/INDIGO, SGP, APT, IRAF. */
const IMAGETYP: Readonly<Record<string, FrameType>> = {
  'bias frame': 'bias', bias: 'bias', zero: 'bias', 'zero frame': 'bias', offset: 'bias', 'offset frame': 'bias',
  'dark frame': 'dark', dark: 'dark',
  darkflat: 'darkflat', 'dark flat': 'darkflat', 'dark flat frame': 'darkflat', 'darkflat frame': 'darkflat',
  flatdark: 'darkflat', 'flat dark': 'darkflat', 'flat dark frame': 'darkflat', 'flatdark frame': 'darkflat',
  'flat field': 'flat', 'flat frame': 'flat', flat: 'flat', flatfield: 'flat', skyflat: 'flat', 'sky flat': 'flat',
  domeflat: 'flat', 'dome flat': 'flat', 'twilight flat': 'flat', twflat: 'flat',
  'light frame': 'light', light: 'light', object: 'light', science: 'light',
};

/** What follows 'master' in a master's IMAGETYP or CALFRAME, letters only: 'MASTER DARK', 'masterDark' → 'dark'. */
const MASTER_OF: Readonly<Record<string, FrameType>> = {
  bias: 'bias', offset: 'bias', zero: 'bias',
  dark: 'dark',
  darkflat: 'darkflat', flatdark: 'darkflat',
  flat: 'flat', flatfield: 'flat',
  light: 'light', object: 'light', science: 'light',
};

/** What a frame-type keyword says. */
export type ImagetypVerdict =
  | { readonly kind: 'absent' }
  | { readonly kind: 'master'; readonly type: FrameType | null }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'type'; readonly type: FrameType };

/** Reads IMAGETYP (or INDI's FRAME, or APP's CALFRAME): a raw frame type, a master and of what, or neither. */
export function readImagetyp(text: string | null): ImagetypVerdict {
  const normal = (text ?? '').trim().toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ');
  if (normal === '') return { kind: 'absent' };
  const letters = normal.replace(/[^a-z]+/g, '');
  if (letters.startsWith('master') || /\bmaster\b/.test(normal)) {
    const rest = letters.replace('master', '').replace(/(frame|image)s?$/, '');
    return { kind: 'master', type: Object.hasOwn(MASTER_OF, rest) ? MASTER_OF[rest] : null };
  }
  const type = Object.hasOwn(IMAGETYP, normal) ? IMAGETYP[normal] : undefined;
  return type === undefined ? { kind: 'unknown' } : { kind: 'type', type };
}

/** How a frame type is named in sentences: 'dark flat' for a darkflat. */
export function frameTypeWords(type: FrameType): string {
  return type === 'darkflat' ? 'dark flat' : type;
}
