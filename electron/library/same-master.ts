/**
 * NightCal writes the time of writing into every master (`DATE`, "UTC file creation"), so the
 * same frames combined twice give files that differ in that one card. For a library that is
 * the same master: it is stored once.
 */

const CARD = 80;
const BLOCK = 2880;

/** The byte offset of the primary header's `DATE` card, or -1 (none before END, or no FITS header). */
function creationDateCard(bytes: Uint8Array): number {
  const text = (at: number): string => String.fromCharCode(...bytes.subarray(at, at + 9));
  for (let at = 0; at + CARD <= bytes.length && at < 100 * BLOCK; at += CARD) {
    const key = text(at);
    if (key.startsWith('END') && key.slice(3).trim() === '') return -1;
    if (key === 'DATE    =') return at;
  }
  return -1;
}

/** True when `a` and `b` are the same bytes but for the value of their `DATE` card, at the same place in both. */
export function differsOnlyInCreationDate(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  const card = creationDateCard(a);
  if (card < 0 || creationDateCard(b) !== card) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && (i < card || i >= card + CARD)) return false;
  return true;
}
