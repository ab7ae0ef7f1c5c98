/**
 * Numbers as the interface shows them: always with their unit, grouped thousands, and a
 * precision that suits the quantity (seconds, ADU, frames per second, bytes).
 */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 1234 → "1,234". */
export function formatCount(n: number): string {
  return integer.format(n);
}

/** A count with its noun, singular for one: "1 problem", "1,234 frames". */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** Seconds with a unit: "0.42 s", "12.3 s", "4 min 05 s", "1 h 02 min". */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  if (seconds < 10) return `${seconds.toFixed(2)} s`;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
  return `${Math.floor(whole / 3600)} h ${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')} min`;
}

/** Milliseconds spent on one frame: "850 ms", "1.25 s". */
export function formatMilliseconds(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** An exposure time: "300 s", "0.5 s", "—" for none. */
export function formatExposure(seconds: number | null): string {
  if (seconds === null) return '—';
  return `${Number.isInteger(seconds) ? seconds : Number(seconds.toPrecision(3))} s`;
}

/** A pixel value with four significant digits: small relative values (flats) keep their decimals. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+∞' : '−∞';
  const magnitude = Math.abs(value);
  if (magnitude >= 10000) return integer.format(value);
  if (magnitude >= 100) return value.toFixed(1);
  if (magnitude >= 1) return value.toFixed(2);
  return value.toPrecision(4);
}

/**
 * A relative value (a normalised flat): four decimals always, so that a column of them lines
 * up and 1.0000 reads as exactly as 0.9971 ("1.00" beside "0.9971" looked less precise).
 */
export function formatRelative(value: number): string {
  if (!Number.isFinite(value) || Math.abs(value) >= 100) return formatValue(value);
  return value.toFixed(4);
}

/** A pixel value with its unit ("1,523 ADU"; flats are relative: no unit). */
export function formatAdu(value: number, relative = false): string {
  return relative ? formatRelative(value) : `${formatValue(value)} ADU`;
}

/** Frames per second: "7.9 fr/s". */
export function formatRate(framesPerSecond: number | null): string {
  if (framesPerSecond === null || !Number.isFinite(framesPerSecond)) return '— fr/s';
  return `${framesPerSecond < 10 ? framesPerSecond.toFixed(1) : integer.format(framesPerSecond)} fr/s`;
}

/** Bytes in binary units: "33.5 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** The last part of a path (for either separator). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/).filter((part) => part.length > 0);
  return parts.length > 0 ? parts[parts.length - 1] : path;
}

/** `path` inside `folder` without the folder ("Lights/M51-001L.fit"); `path` itself when outside it. */
export function pathInside(path: string, folder: string | null): string {
  if (!folder) return path;
  const base = folder.replace(/[\\/]+$/, '');
  const rest = path.slice(base.length);
  return path.startsWith(base) && /^[\\/]./.test(rest) ? rest.slice(1) : path;
}
