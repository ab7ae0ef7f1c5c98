/**
 * Header facts: the calibration-relevant values of a FITS header, read from every common
 * spelling (MaxIm/SBIG CCDSoft, NINA, SGP, Ekos, IRAF, Andor Solis, TIRCAM2) into FrameFacts.
 */
import type { FrameFacts } from './frames';

/** Header keyword → value as parsed: upper-case keys, first occurrence. */
export type HeaderValues = Readonly<Record<string, string | number | boolean | null>>;

/** Values some software writes instead of leaving a keyword out (TIRCAM2: FILTER2 = 'None'). */
const PLACEHOLDERS = new Set(['', 'none', 'null', 'n/a', '-', 'unknown', 'undefined']);

/** The calibration-relevant values from every common spelling. width/height come from the image layout. */
export function frameFacts(values: HeaderValues, size: { readonly width: number; readonly height: number }): FrameFacts {
  return {
    imagetyp: textValue(values, 'IMAGETYP'),
    exposure: firstOf(['EXPTIME', 'EXPOSURE'], (key) => nonNegative(numberValue(values, key))),
    filter: filterName(values),
    binX: firstOf(['XBINNING', 'CCDXBIN', 'HBIN'], (key) => positiveInteger(numberValue(values, key))) ?? 1,
    binY: firstOf(['YBINNING', 'CCDYBIN', 'VBIN'], (key) => positiveInteger(numberValue(values, key))) ?? 1,
    width: size.width,
    height: size.height,
    ccdTemp: firstOf(['CCD-TEMP', 'CCD_TEMP', 'TEMPERAT', 'TEMP'], (key) => numberValue(values, key)),
    setTemp: firstOf(['SET-TEMP', 'SET_TEMP'], (key) => numberValue(values, key)),
    // GAIN is the camera's gain setting; EGAIN (e-/ADU) is a measured property, not a setting.
    gain: numberValue(values, 'GAIN'),
    offset: numberValue(values, 'OFFSET'),
    dateObs: startOfExposure(values),
    siteLongitude: firstOf(['SITELONG', 'OBSGEO-L', 'LONG-OBS'], (key) => longitudeValue(values[key])),
    object: textValue(values, 'OBJECT'),
  };
}

/**
 * FILTER, else FILTER1 and FILTER2 (both named → 'J+ND': flats must match the whole light
 * path), else FILTNAME. Trimmed, case as written; placeholders such as 'None' name no filter.
 */
function filterName(values: HeaderValues): string | null {
  const single = textValue(values, 'FILTER');
  if (single !== null) return single;
  const wheels = [textValue(values, 'FILTER1'), textValue(values, 'FILTER2')].filter((name): name is string => name !== null);
  if (wheels.length > 0) return wheels.join('+');
  return textValue(values, 'FILTNAME');
}

/** DATE-OBS (a date-only DATE-OBS takes its time from TIME-OBS or UT), else Andor's FRAME. */
function startOfExposure(values: HeaderValues): string | null {
  const dateObs = textValue(values, 'DATE-OBS');
  if (dateObs !== null) {
    const full = parseUtcDate(dateObs);
    if (full !== null && /[T ]\d/.test(dateObs)) return new Date(full).toISOString();
    const time = textValue(values, 'TIME-OBS') ?? textValue(values, 'UT');
    const day = dateOnly(dateObs);
    if (day !== null && time !== null) {
      const combined = parseUtcDate(`${day}T${time}`);
      if (combined !== null) return new Date(combined).toISOString();
    }
  }
  const frame = textValue(values, 'FRAME');
  const start = frame === null ? null : parseUtcDate(frame);
  return start === null ? null : new Date(start).toISOString();
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}(?:\.\d*)?))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
/** The FITS date format before 1999: 'DD/MM/YY', years 1900–1999. */
const OLD_FITS_DATE = /^(\d{2})\/(\d{2})\/(\d{2})$/;

/**
 * Milliseconds since the epoch of a FITS date: ISO 8601 with or without milliseconds, 'T' or a
 * space; no zone means UTC (the FITS convention), an explicit zone is honoured. Null when invalid.
 */
export function parseUtcDate(text: string): number | null {
  const trimmed = text.trim();
  const old = OLD_FITS_DATE.exec(trimmed);
  if (old) return utc(1900 + Number(old[3]), Number(old[2]), Number(old[1]), 0, 0, 0);
  const match = ISO_DATE.exec(trimmed);
  if (!match) return null;
  const [, year, month, day, hour = '0', minute = '0', second = '0', zone] = match;
  const ms = utc(Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second));
  if (ms === null) return null;
  return ms - zoneMinutes(zone) * 60_000;
}

function utc(year: number, month: number, day: number, hour: number, minute: number, second: number): number | null {
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return null;
  if (hour > 23 || minute > 59 || !(second < 61)) return null;
  return Date.UTC(year, month - 1, day, hour, minute, 0) + Math.round(second * 1000);
}

function zoneMinutes(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
  return zone.startsWith('-') ? -minutes : minutes;
}

/** 'YYYY-MM-DD' when the text is a valid date without a time of day, else null. */
function dateOnly(text: string): string | null {
  const trimmed = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed) && parseUtcDate(trimmed) !== null) return trimmed;
  const old = OLD_FITS_DATE.exec(trimmed);
  return old ? `19${old[3]}-${old[2]}-${old[1]}` : null;
}

/**
 * Site longitude in degrees, east positive, in (-180, 180]. Numbers are degrees; strings may
 * be decimal or sexagesimal ('-71 07 30', '-71:07:30', '71d07m30s W'); an explicit W means
 * west. Some software writes west-positive longitudes without saying so; like NINA, SGP and
 * MaxIm we assume east-positive, the FITS (OBSGEO-L) and IAU convention.
 */
export function longitudeValue(value: string | number | boolean | null | undefined): number | null {
  let degrees: number | null = null;
  if (typeof value === 'number') degrees = Number.isFinite(value) ? value : null;
  else if (typeof value === 'string') degrees = parseAngle(value);
  if (degrees === null || Math.abs(degrees) > 360) return null;
  if (degrees > 180) return degrees - 360;
  if (degrees <= -180) return degrees + 360;
  return degrees;
}

function parseAngle(text: string): number | null {
  let rest = text.trim().toUpperCase();
  let sign = 1;
  const hemisphere = /^([EW])\s*|\s*([EW])$/.exec(rest);
  if (hemisphere) {
    if ((hemisphere[1] ?? hemisphere[2]) === 'W') sign = -1;
    rest = rest.replace(hemisphere[0], '');
  }
  if (rest.startsWith('-')) sign = -sign;
  rest = rest.replace(/^[+-]/, '');
  const parts = rest.split(/[\s:DMS°'"]+/).filter((part) => part !== '');
  if (parts.length === 0 || parts.length > 3 || !parts.every((part) => /^\d+(?:\.\d*)?$|^\.\d+$/.test(part))) return null;
  const [deg, min = 0, sec = 0] = parts.map(Number);
  if (parts.length > 1 && (min >= 60 || sec >= 60)) return null;
  return sign * (deg + min / 60 + sec / 3600);
}

/** A trimmed string value, or null when absent or a placeholder. Numbers are written out. */
function textValue(values: HeaderValues, key: string): string | null {
  const value = values[key];
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return PLACEHOLDERS.has(trimmed.toLowerCase()) ? null : trimmed;
}

/** A finite number, from a number or a numeric string ('40      ', '+2.4E+002', Fortran '1.0D+02'). */
function numberValue(values: HeaderValues, key: string): number | null {
  const value = values[key];
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const trimmed = value.trim().replace(/[dD]([+-]?\d+)$/, 'e$1');
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(trimmed)) return null;
  return Number(trimmed);
}

function nonNegative(value: number | null): number | null {
  return value !== null && value >= 0 ? value : null;
}

function positiveInteger(value: number | null): number | null {
  return value !== null && Number.isInteger(value) && value >= 1 ? value : null;
}

function firstOf<T>(keys: readonly string[], read: (key: string) => T | null): T | null {
  for (const key of keys) {
    const value = read(key);
    if (value !== null) return value;
  }
  return null;
}
