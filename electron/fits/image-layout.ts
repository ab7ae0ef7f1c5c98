/**
 * The pixel layout a header describes, checked before anything is allocated from it: a
 * header value is never trusted to size a buffer.
 */
import type { CardValue, ImageLayout } from './fits-file';
import { FitsError } from './fits-error';

/** Largest image accepted, in pixels (2^28: 1 GB of float32). */
export const MAX_PIXELS = 2 ** 28;
const MAX_AXIS = 2 ** 31 - 1;
const BITPIX_VALUES: readonly ImageLayout['bitpix'][] = [8, 16, 32, 64, -32, -64];

/** The bytes a data unit occupies on disk: padded to whole 2880-byte blocks. */
export function paddedSize(bytes: number): number {
  return Math.ceil(bytes / 2880) * 2880;
}

/** Layout of the image described by `values`; `fileSize` (plain FITS) checks the data is all there. */
export function imageLayout(
  file: string,
  values: Readonly<Record<string, CardValue>>,
  dataOffset: number,
  fileSize: number | null,
): ImageLayout {
  const bitpix = values.BITPIX;
  if (bitpix === undefined || bitpix === null) throw new FitsError('bad-header', file, 'no BITPIX keyword');
  if (!BITPIX_VALUES.includes(bitpix as ImageLayout['bitpix'])) {
    throw new FitsError('bad-header', file, `BITPIX = ${String(bitpix)} is not one of 8, 16, 32, 64, -32, -64`);
  }
  const naxis = integerValue(file, values, 'NAXIS', 0, 999);
  if (naxis === 0) throw new FitsError('no-data', file, 'no image: NAXIS = 0');
  if (naxis === 1) throw new FitsError('unsupported', file, 'one-dimensional data (NAXIS = 1), not an image');
  const axes: number[] = [];
  for (let axis = 1; axis <= naxis; axis++) axes.push(integerValue(file, values, `NAXIS${axis}`, 0, MAX_AXIS));
  if (axes.includes(0)) throw new FitsError('no-data', file, `no pixels: NAXIS${axes.indexOf(0) + 1} = 0`);
  const [width, height] = axes;
  const planes = axes.slice(2).reduce((product, n) => product * n, 1);
  if (planes > 1) {
    throw new FitsError('unsupported', file, `a cube of ${planes} planes (NAXIS3 = ${axes[2]}); only single images are supported`);
  }
  if (width * height > MAX_PIXELS) {
    throw new FitsError('bad-header', file, `${width} × ${height} pixels is more than the ${MAX_PIXELS} accepted`);
  }
  const bzero = realValue(file, values, 'BZERO', 0);
  const bscale = realValue(file, values, 'BSCALE', 1);
  if (bscale === 0) throw new FitsError('bad-header', file, 'BSCALE = 0');
  const planeBytes = width * height * (Math.abs(bitpix as number) / 8);
  if (fileSize !== null && dataOffset + planeBytes * planes > fileSize) {
    throw new FitsError(
      'truncated',
      file,
      `pixel data cut short: the header describes ${planeBytes * planes} bytes from byte ${dataOffset}, the file has ${Math.max(0, fileSize - dataOffset)}`,
    );
  }
  return { bitpix: bitpix as ImageLayout['bitpix'], width, height, planes, bzero, bscale, dataOffset, planeBytes };
}

/** A keyword that must be an integer in [min, max]. */
export function integerValue(
  file: string,
  values: Readonly<Record<string, CardValue>>,
  key: string,
  min: number,
  max: number,
): number {
  const value = values[key];
  if (value === undefined || value === null) throw new FitsError('bad-header', file, `no ${key} keyword`);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new FitsError('bad-header', file, `${key} = ${String(value)} is not an integer from ${min} to ${max}`);
  }
  return value;
}

function realValue(file: string, values: Readonly<Record<string, CardValue>>, key: string, fallback: number): number {
  const value = values[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new FitsError('bad-header', file, `${key} = ${String(value)} is not a number`);
  }
  return value;
}
