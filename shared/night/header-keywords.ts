/**
 * Reading one keyword the way people mean it: trimmed text without placeholders, numbers from
 * numbers or numeric strings, and the HISTORY lines of the header's cards.
 */

/** Header keyword → value as parsed: upper-case keys, first occurrence. */
export type HeaderValues = Readonly<Record<string, string | number | boolean | null>>;

/** What the header facts are read from: the values (first occurrence of each keyword) and every card in order. */
export interface HeaderInput {
  readonly values: HeaderValues;
  /** 80-character cards as stored (HISTORY and COMMENT cards included), without END. */
  readonly cards: readonly string[];
}

/** Values some software writes instead of leaving a keyword out (TIRCAM2: FILTER2 = 'None'). */
const PLACEHOLDERS = new Set(['', 'none', 'null', 'n/a', '-', 'unknown', 'undefined']);

/** A trimmed string value, or null when absent or a placeholder. Numbers are written out. */
export function textValue(values: HeaderValues, key: string): string | null {
  const value = values[key];
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return PLACEHOLDERS.has(trimmed.toLowerCase()) ? null : trimmed;
}

/** A finite number, from a number or a numeric string ('40      ', '+2.4E+002', Fortran '1.0D+02'). */
export function numberValue(values: HeaderValues, key: string): number | null {
  const value = values[key];
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const trimmed = value.trim().replace(/[dD]([+-]?\d+)$/, 'e$1');
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(trimmed)) return null;
  const number = Number(trimmed);
  return Number.isFinite(number) ? number : null;
}

/** A whole number of at least `min`, or null. */
export function integerAtLeast(value: number | null, min: number): number | null {
  return value !== null && Number.isInteger(value) && value >= min ? value : null;
}

/** The first key whose value `read` accepts. */
export function firstOf<T>(keys: readonly string[], read: (key: string) => T | null): T | null {
  for (const key of keys) {
    const value = read(key);
    if (value !== null) return value;
  }
  return null;
}

/** The text of every HISTORY card, trimmed, in order ('HISTORY Auto-Dark Subtraction' → 'Auto-Dark Subtraction'). */
export function historyLines(cards: readonly string[]): string[] {
  const lines: string[] = [];
  for (const card of cards) {
    if (card.slice(0, 8).trim().toUpperCase() !== 'HISTORY') continue;
    const text = card.slice(8).trim();
    if (text !== '') lines.push(text);
  }
  return lines;
}

/** "KEY = 'text'" or "KEY = 12" as a person reads the card. */
export function cardText(values: HeaderValues, key: string): string {
  const value = values[key];
  return typeof value === 'string' ? `${key} = '${value.trim()}'` : `${key} = ${String(value)}`;
}
