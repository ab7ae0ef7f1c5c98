/**
 * Observing night: which night a frame belongs to. A night runs from local noon to the next
 * local noon and is named after the date of its evening, so frames taken after midnight
 * still belong to the night that began the evening before.
 */
import { parseUtcDate } from './header-facts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The night a frame belongs to: the local date of the evening it began (noon to noon local
 *  time), 'YYYY-MM-DD'. Local offset = siteLongitude/15 h when known, else fallbackUtcOffsetHours. */
export function observingNight(dateObsUtc: string | null, siteLongitude: number | null, fallbackUtcOffsetHours: number): string | null {
  if (dateObsUtc === null) return null;
  const utc = parseUtcDate(dateObsUtc);
  if (utc === null) return null;
  // Mean solar time at the site: what a night is about, and immune to daylight-saving rules.
  const offsetHours = siteLongitude !== null && Number.isFinite(siteLongitude) ? siteLongitude / 15 : fallbackUtcOffsetHours;
  if (!Number.isFinite(offsetHours)) return null;
  const local = utc + offsetHours * HOUR_MS;
  return new Date(local - 12 * HOUR_MS).toISOString().slice(0, 10);
}

/** Whole nights between two nights ('YYYY-MM-DD'); 0 when either is unknown (it matches any). */
export function nightsApart(a: string | null, b: string | null): number {
  if (a === null || b === null) return 0;
  const ta = Date.parse(`${a}T00:00:00Z`);
  const tb = Date.parse(`${b}T00:00:00Z`);
  if (Number.isNaN(ta) || Number.isNaN(tb)) return a === b ? 0 : Number.POSITIVE_INFINITY;
  return Math.round(Math.abs(ta - tb) / DAY_MS);
}
