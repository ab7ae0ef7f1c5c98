/**
 * How much sky one stored pixel sees, in arcseconds: from a celestial WCS when the frame was
 * plate-solved, else from the pixel size and the focal length.
 *
 * XPIXSZ is the pixel size after binning in the programs that write it: N.I.N.A. writes the
 * sensor's pixel size times the binning and divides by it again when reading
 * (NINA.Image/FileFormat/FITS/FITSHeader.cs), MaxIm DL and APT say "Pixel Width in microns
 * (after binning)" in the comment, as the SBIG FITS extension (SBFITSEXT 1.0) defines it. So
 * XPIXSZ / FOCALLEN is already the scale of a binned pixel, as the WCS is.
 */
import { type HeaderValues, numberValue, textValue } from './header-keywords';

/** 206 264.8″ per radian, over µm per mm: arcsec per pixel = this × XPIXSZ [µm] / FOCALLEN [mm]. */
const ARCSEC_PER_MICRON_PER_MM = 206.264806;
const ARCSEC_PER_UNIT: Readonly<Record<string, number>> = { deg: 3600, arcmin: 60, arcsec: 1, rad: 206264.806 };
const LONGITUDE_AXES = ['RA--', 'GLON', 'ELON', 'SLON', 'HLON'];
const LATITUDE_AXES = ['DEC-', 'GLAT', 'ELAT', 'SLAT', 'HLAT'];

/** True when CTYPE1/CTYPE2 are a celestial pair ('RA---TAN', 'DEC--TAN-SIP', GLON/GLAT…). */
export function hasCelestialWcs(values: HeaderValues): boolean {
  const axes = [textValue(values, 'CTYPE1'), textValue(values, 'CTYPE2')].map((type) => type?.toUpperCase().slice(0, 4) ?? '');
  const longitude = axes.findIndex((axis) => LONGITUDE_AXES.includes(axis));
  const latitude = axes.findIndex((axis) => LATITUDE_AXES.includes(axis));
  return longitude !== -1 && latitude !== -1 && longitude !== latitude;
}

/** Arcseconds per stored pixel: sqrt(|det CD|) of a celestial WCS (or CDELT with PC), else 206.265 × XPIXSZ / FOCALLEN. */
export function pixelScale(values: HeaderValues): number | null {
  return (hasCelestialWcs(values) ? wcsScale(values) : null) ?? opticsScale(values);
}

function wcsScale(values: HeaderValues): number | null {
  const units = [textValue(values, 'CUNIT1'), textValue(values, 'CUNIT2')].map((unit) => (unit ?? 'deg').toLowerCase());
  if (units[0] !== units[1] || !Object.hasOwn(ARCSEC_PER_UNIT, units[0])) return null;
  const perUnit = ARCSEC_PER_UNIT[units[0]];
  const term = (key: string, fallback: number) => numberValue(values, key) ?? fallback;
  const hasCd = ['CD1_1', 'CD1_2', 'CD2_1', 'CD2_2'].some((key) => numberValue(values, key) !== null);
  let area: number;
  if (hasCd) {
    area = term('CD1_1', 0) * term('CD2_2', 0) - term('CD1_2', 0) * term('CD2_1', 0);
  } else {
    const cdelt1 = numberValue(values, 'CDELT1');
    const cdelt2 = numberValue(values, 'CDELT2');
    if (cdelt1 === null || cdelt2 === null) return null;
    area = cdelt1 * cdelt2 * (term('PC1_1', 1) * term('PC2_2', 1) - term('PC1_2', 0) * term('PC2_1', 0));
  }
  const scale = Math.sqrt(Math.abs(area)) * perUnit;
  return scale > 0 && Number.isFinite(scale) ? scale : null;
}

function opticsScale(values: HeaderValues): number | null {
  const pixel = numberValue(values, 'XPIXSZ');
  const focal = numberValue(values, 'FOCALLEN');
  if (pixel === null || focal === null || pixel <= 0 || focal <= 0) return null;
  return (ARCSEC_PER_MICRON_PER_MM * pixel) / focal;
}
