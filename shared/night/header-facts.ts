/**
 * Header facts: the calibration-relevant values of a FITS header, read from every common
 * spelling (N.I.N.A., SGP, MaxIm DL, APT, SharpCap, INDI/Ekos, INDIGO, CCDSoft, ZWO Seestar and
 * ASIAIR, DWARF II, APP, PixInsight, Siril, IRAF, Andor Solis, TIRCAM2) into FrameFacts.
 */
import { bayerLayout } from './cfa-pattern';
import type { FrameFacts } from './frames';
import { firstOf, type HeaderInput, type HeaderValues, historyLines, integerAtLeast, numberValue, textValue } from './header-keywords';
import { masterOrigin, stackedProduct } from './header-products';
import { pixelScale, hasCelestialWcs } from './pixel-scale';
import { precalibration } from './precalibration';

export type { HeaderInput, HeaderValues } from './header-keywords';

/** The image's shape as the FITS layer read it; `planes` (NAXIS3…) is read from the header when not given. */
export interface ImageShape {
  readonly width: number;
  readonly height: number;
  readonly planes?: number;
}

/**
 * Plausible sensor temperatures, °C: LN2-cooled CCDs run near -120 °C, uncooled sensors reach
 * about +50 °C in summer. Outside this an unset cooler (-1.79769313486232E+308, which crashed
 * ASTAP) or a "no reading" marker (Andor's UNSTTEMP = -999) was written.
 */
const TEMPERATURE_RANGE = { min: -150, max: 70 } as const;

/** FRAME values of INDI/Ekos that name a frame type (Andor Solis writes a date there instead). */
const INDI_FRAME_WORDS = new Set(['light', 'dark', 'flat', 'bias', 'dark flat', 'darkflat', 'flat dark']);

/** The calibration-relevant values from every common spelling. width/height come from the image layout. */
export function frameFacts(header: HeaderInput, shape: ImageShape): FrameFacts {
  const { values } = header;
  const history = historyLines(header.cards);
  const planes = shape.planes ?? headerPlanes(values);
  const implausible: string[] = [];
  const exposure = firstOf(['EXPTIME', 'EXPOSURE', 'EXP'], (key) => plausibleExposure(key, nonNegative(numberValue(values, key)), implausible));
  const [binX, binY] = binning(values);
  const ccdTemp = firstOf(['CCD-TEMP', 'CCD_TEMP', 'TEMPERAT', 'TEMP'], (key) => plausibleTemperature(numberValue(values, key)));
  const setTemp = firstOf(['SET-TEMP', 'SET_TEMP'], (key) => plausibleTemperature(numberValue(values, key)));
  const dateObs = startOfExposure(values);
  const master = masterOrigin(values, history);
  return {
    imagetyp: textValue(values, 'IMAGETYP'),
    indiFrame: indiFrame(values),
    exposure,
    filter: filterName(values),
    binX,
    binY,
    width: shape.width,
    height: shape.height,
    subframe: subframeOrigin(values),
    camera: textValue(values, 'INSTRUME'),
    readoutMode: firstOf(['READOUTM', 'READMODE'], (key) => textValue(values, key)),
    ccdTemp,
    setTemp,
    temperature: setTemp ?? ccdTemp,
    temperatureSource: setTemp !== null ? 'SET-TEMP' : ccdTemp !== null ? 'CCD-TEMP' : null,
    // GAIN is the camera's gain setting; EGAIN (e-/ADU) is a measured property, not a setting.
    gain: numberValue(values, 'GAIN'),
    offset: numberValue(values, 'OFFSET'),
    bayer: bayerLayout(values, planes),
    precalibrated: precalibration(values, history),
    stacked: master === null ? stackedProduct(values, history, planes) : null,
    master,
    celestialWcs: hasCelestialWcs(values),
    pixelScale: pixelScale(values),
    saturation: numberValue(values, 'SATURATE'),
    dateObs,
    dateEnd: endOfExposure(values, dateObs, exposure),
    siteLongitude: firstOf(['SITELONG', 'OBSGEO-L', 'LONG-OBS'], (key) => longitudeValue(values[key])),
    object: textValue(values, 'OBJECT'),
    implausible,
  };
}

/** No camera exposes for a month: a longer exposure is a corrupt or mistyped header, never a number to divide by. */
const MAX_EXPOSURE_SECONDS = 30 * 86_400;

/** The exposure when it can be right; else null, and why it was set aside in `implausible`. */
function plausibleExposure(key: string, seconds: number | null, implausible: string[]): number | null {
  if (seconds === null || seconds <= MAX_EXPOSURE_SECONDS) return seconds;
  implausible.push(`${key} = ${seconds} s is not a plausible exposure (over 30 days)`);
  return null;
}

/** XBINNING/YBINNING, else CCDXBIN/CCDYBIN, else Andor's HBIN/VBIN, else DWARF's BINNING = '2*2' ('2x2', or one number); 1 when absent. */
function binning(values: HeaderValues): [number, number] {
  const binX = firstOf(['XBINNING', 'CCDXBIN', 'HBIN'], (key) => integerAtLeast(numberValue(values, key), 1));
  const binY = firstOf(['YBINNING', 'CCDYBIN', 'VBIN'], (key) => integerAtLeast(numberValue(values, key), 1));
  const both = binX === null && binY === null ? binningText(values.BINNING) : null;
  return both ?? [binX ?? 1, binY ?? 1];
}

function binningText(value: HeaderValues[string] | undefined): [number, number] | null {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 1 ? [value, value] : null;
  const match = typeof value === 'string' ? /^\s*(\d+)\s*(?:[x*×]\s*(\d+))?\s*$/i.exec(value) : null;
  if (!match) return null;
  const x = Number(match[1]);
  const y = Number(match[2] ?? match[1]);
  return x >= 1 && y >= 1 ? [x, y] : null;
}

function subframeOrigin(values: HeaderValues): FrameFacts['subframe'] {
  const x = integerAtLeast(numberValue(values, 'XORGSUBF'), 0);
  const y = integerAtLeast(numberValue(values, 'YORGSUBF'), 0);
  return x === null || y === null ? null : { x, y };
}

function indiFrame(values: HeaderValues): string | null {
  const frame = textValue(values, 'FRAME');
  return frame !== null && INDI_FRAME_WORDS.has(frame.toLowerCase().replace(/[_-]+/g, ' ')) ? frame : null;
}

function plausibleTemperature(value: number | null): number | null {
  return value !== null && value >= TEMPERATURE_RANGE.min && value <= TEMPERATURE_RANGE.max ? value : null;
}

/** NAXIS3 × NAXIS4 …: planes of a cube, 1 for an image. */
function headerPlanes(values: HeaderValues): number {
  const naxis = integerAtLeast(numberValue(values, 'NAXIS'), 0) ?? 2;
  let planes = 1;
  for (let axis = 3; axis <= naxis; axis++) planes *= integerAtLeast(numberValue(values, `NAXIS${axis}`), 1) ?? 1;
  return planes;
}

/** DATE-END when written and valid, else the start of exposure plus the exposure. */
function endOfExposure(values: HeaderValues, dateObs: string | null, exposure: number | null): string | null {
  const written = textValue(values, 'DATE-END');
  const end = written === null ? null : parseUtcDate(written);
  if (end !== null && /[T ]\d/.test(written ?? '')) return new Date(end).toISOString();
  if (dateObs === null || exposure === null) return null;
  const finish = new Date(Date.parse(dateObs) + Math.round(exposure * 1000));
  return Number.isNaN(finish.getTime()) ? null : finish.toISOString();
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

function nonNegative(value: number | null): number | null {
  return value !== null && value >= 0 ? value : null;
}
