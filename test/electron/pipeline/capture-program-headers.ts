/**
 * One header per capture program, as each writes it (keyword lists from the programs' own
 * documentation and sources, values made up), saved where the program saves it, and what a
 * person reads from it. The structural cards (SIMPLE … NAXIS2) are added by the test unless a
 * header writes its own NAXIS. Masters and stacks other programs made: product-headers.ts.
 */
import type { BayerLayout, ClassificationRule, FrameKind, MasterOrigin, Precalibration } from '../../../shared/night/frames';

/** What a person reads from a header: the fields matching calibration frames and lights depends on. */
export interface Reading {
  readonly type: FrameKind;
  readonly rule: ClassificationRule;
  readonly exposure: number | null;
  /** 'XxY'. */
  readonly binning: string;
  readonly gain: number | null;
  readonly offset: number | null;
  readonly readoutMode: string | null;
  readonly temperature: { readonly celsius: number; readonly from: 'SET-TEMP' | 'CCD-TEMP' } | null;
  readonly bayer: BayerLayout | null;
  readonly precalibrated: Precalibration;
  readonly stacked: string | null;
  readonly master: MasterOrigin | null;
}

export interface ProgramHeader {
  readonly program: string;
  /** Where the program saves the file, relative to the night folder. */
  readonly path: string;
  /** The header as the program writes it, one card a line (padded to 80 by the test). */
  readonly header: string;
  readonly reads: Reading;
  /** The FITS layer refuses the file (a colour cube): its header is read directly instead. */
  readonly refusedByScan?: string;
}

export const NO_STEPS: Precalibration = { bias: false, dark: false, flat: false, pedestal: null, evidence: [] };
export const rggbTopDown: BayerLayout = { pattern: 'RGGB', xOffset: 0, yOffset: 0, rowOrder: 'top-down' };

/** A raw frame's reading: no steps applied, no product, and the fields given. */
export function raw(fields: Partial<Reading> & Pick<Reading, 'type' | 'rule' | 'exposure'>): Reading {
  return { binning: '1x1', gain: null, offset: null, readoutMode: null, temperature: null, bayer: null, precalibrated: NO_STEPS, stacked: null, master: null, ...fields };
}

const NINA_CAMERA = `XBINNING=                    1 / X axis binning factor
YBINNING=                    1 / Y axis binning factor
GAIN    =                  100 / Sensor gain
OFFSET  =                   50 / Sensor gain offset
EGAIN   =    0.249500006437302 / [e-/ADU] Electrons per A/D unit
XPIXSZ  =                 3.76 / [um] Pixel X axis size
YPIXSZ  =                 3.76 / [um] Pixel Y axis size
INSTRUME= 'ZWO ASI2600MC Pro'  / Imaging instrument name
SET-TEMP=                -10.0 / [degC] CCD temperature setpoint
CCD-TEMP=                 -9.9 / [degC] CCD temperature
READOUTM= 'Normal  '           / Sensor readout mode
BAYERPAT= 'RGGB'               / Sensor Bayer pattern
XBAYROFF=                    0 / Bayer pattern X axis offset
YBAYROFF=                    0 / Bayer pattern Y axis offset
USBLIMIT=                   80 / Camera-specific USB setting
TELESCOP= 'Redcat 51'          / Name of telescope
FOCALLEN=                250.0 / [mm] Focal length
ROWORDER= 'TOP-DOWN'           / FITS Image Orientation
EQUINOX =               2000.0 / Equinox of celestial coordinate system
SWCREATE= 'N.I.N.A. 3.1.2.9001 (x64)' / Software that created this file`;

const NINA_READS = { gain: 100, offset: 50, readoutMode: 'Normal', temperature: { celsius: -10, from: 'SET-TEMP' }, bayer: rggbTopDown } as const;

function nina(type: string, exposure: number, extra = ''): string {
  return `IMAGETYP= '${type}'${' '.repeat(Math.max(0, 10 - type.length))}         / Type of exposure
EXPOSURE=${String(exposure.toFixed(1)).padStart(21)} / [s] Exposure duration
EXPTIME =${String(exposure.toFixed(1)).padStart(21)} / [s] Exposure duration
DATE-LOC= '2024-06-01T23:30:00.123' / Time of observation (local)
DATE-OBS= '2024-06-01T21:30:00.123' / Time of observation (UTC)
${NINA_CAMERA}${extra}`;
}

export const CAPTURE_PROGRAMS: readonly ProgramHeader[] = [
  {
    program: 'N.I.N.A. light',
    path: 'NGC 7000/2024-06-01/LIGHT/2024-06-01_23-30-00__-10.00_120.00s_0001.fits',
    header: `${nina('LIGHT', 120)}\nOBJECT  = 'NGC 7000'           / Name of the object of interest`,
    reads: raw({ type: 'light', rule: 'imagetyp', exposure: 120, ...NINA_READS }),
  },
  {
    program: 'N.I.N.A. dark',
    path: 'Darks/2024-06-02/DARK/2024-06-02_10-00-00__-10.00_120.00s_0001.fits',
    header: nina('DARK', 120),
    reads: raw({ type: 'dark', rule: 'imagetyp', exposure: 120, ...NINA_READS }),
  },
  {
    program: 'N.I.N.A. dark flat',
    path: 'NGC 7000/2024-06-01/DARKFLAT/2024-06-01_05-10-00__-10.00_2.50s_0001.fits',
    header: nina('DARKFLAT', 2.5),
    reads: raw({ type: 'darkflat', rule: 'imagetyp', exposure: 2.5, ...NINA_READS }),
  },
  {
    program: 'N.I.N.A. flat',
    path: 'NGC 7000/2024-06-01/FLAT/2024-06-01_05-00-00__-10.00_2.50s_0001.fits',
    header: nina('FLAT', 2.5),
    reads: raw({ type: 'flat', rule: 'imagetyp', exposure: 2.5, ...NINA_READS }),
  },
  {
    program: 'N.I.N.A. bias',
    path: 'Bias/2024-06-02/BIAS/2024-06-02_10-30-00__-10.00_0.00s_0001.fits',
    header: nina('BIAS', 0),
    reads: raw({ type: 'bias', rule: 'imagetyp', exposure: 0, ...NINA_READS }),
  },
  {
    program: 'N.I.N.A. with the cooler unset',
    path: 'M 31/2024-06-01/LIGHT/2024-06-01_23-30-00__18.50_60.00s_0001.fits',
    header: nina('LIGHT', 60).replace("SET-TEMP=                -10.0", 'SET-TEMP= -1.79769313486232E+308').replace('CCD-TEMP=                 -9.9', 'CCD-TEMP=                 18.5'),
    reads: raw({ type: 'light', rule: 'imagetyp', exposure: 60, ...NINA_READS, temperature: { celsius: 18.5, from: 'CCD-TEMP' } }),
  },
  {
    program: 'SGP (EXPOSURE only, binned 2x2)',
    path: 'M57/M57_Light_HaOIII_300sec_2x2_frame7.fit',
    header: `IMAGETYP= 'LIGHT   '           / Type of frame
CREATOR = 'Sequence Generator Pro v4.2.0.1051' / Capture software
INSTRUME= 'ZWO ASI294MC Pro'   / Instrument name
DATE-OBS= '2024-05-30T00:22:49.0968820' / UTC observation date
FILTER  = 'HaOIII  '           / Filter name
EXPOSURE=                  300 / Exposure time in seconds
CCD-TEMP=                -15.1 / Camera cooler temperature
SET-TEMP=                  -15 / Camera cooler target temperature
XBINNING=                    2 / Camera X Bin
CCDXBIN =                    2 / Camera X Bin
YBINNING=                    2 / Camera Y Bin
CCDYBIN =                    2 / Camera Y Bin
GAIN    =                  120 / Camera gain
OFFSET  =                   30 / Camera offset`,
    reads: raw({ type: 'light', rule: 'imagetyp', exposure: 300, binning: '2x2', gain: 120, offset: 30, temperature: { celsius: -15, from: 'SET-TEMP' } }),
  },
  {
    program: 'MaxIm DL (calibrated by MaxIm: bias and dark)',
    path: 'm17/m17-001SII.fit',
    header: `DATE-OBS= '2024-07-04T14:03:03' / [ISO 8601] UTC date/time of exposure start
EXPTIME =   3.00000000000E+002 / [sec] Duration of exposure
EXPOSURE=   3.00000000000E+002 / [sec] Duration of exposure
SET-TEMP=  -35.000000000000000 /CCD temperature setpoint in C
CCD-TEMP=  -34.993802250000002 /CCD temperature at start of exposure in C
XPIXSZ  =   7.4000000000000004 /Pixel Width in microns (after binning)
YPIXSZ  =   7.4000000000000004 /Pixel Height in microns (after binning)
XBINNING=                    1 / Binning level along the X-axis
YBINNING=                    1 / Binning level along the Y-axis
XORGSUBF=                    0 /Subframe X position in binned pixels
YORGSUBF=                    0 /Subframe Y position in binned pixels
READOUTM= 'Monochrome' /        Readout mode of image
FILTER  = 'SII     '           / Filter name
IMAGETYP= 'Light Frame' /       Type of image
FOCALLEN=   1425.0000000000000 /Focal length of telescope in mm
SWCREATE= 'MaxIm DL Version 6.30 220819 0RJ6Z' /Name of software that created
INSTRUME= 'Apogee USB/Net'     / Detector instrument name
PEDESTAL=                 -100 /Correction to add for zero-based ADU
SWMODIFY= 'MaxIm DL Version 6.30 220819 0RJ6Z' /Name of software that modified
HISTORY  Bias Subtraction (Bias 1, 4864 x 3232, Bin1 x 1, Temp -35C,
HISTORY  Exp Time 0ms)
CALSTAT = 'BD      '
HISTORY  Dark Subtraction (Dark 10, 4864 x 3232, Bin1 x 1, Temp -35C,
HISTORY  Exp Time 300s)`,
    reads: raw({
      type: 'light', rule: 'imagetyp', exposure: 300, readoutMode: 'Monochrome', temperature: { celsius: -35, from: 'SET-TEMP' },
      precalibrated: {
        bias: true, dark: true, flat: false, pedestal: -100,
        evidence: [
          "CALSTAT = 'BD'",
          'HISTORY Bias Subtraction (Bias 1, 4864 x 3232, Bin1 x 1, Temp -35C, (MaxIm DL)',
          'HISTORY Dark Subtraction (Dark 10, 4864 x 3232, Bin1 x 1, Temp -35C, (MaxIm DL)',
          'PEDESTAL = -100',
        ],
      },
    }),
  },
  {
    program: 'APT',
    path: 'APT_Images/Light/M42_Light_180s_0003.fit',
    header: `OBJECT  = 'M42     '           / The name of Object Imaged
INSTRUME= 'ZWO ASI294MC Pro'   / The model Camera used
DATE-OBS= '2024-01-17T21:04:46' / The UTC date and time at the start of the expo
EXPTIME =                 180. / The total exposure time in seconds
XPIXSZ  =                 4.63 / Pixel width in microns (after binning)
XBINNING=                    1 / Binning factor in width
YBINNING=                    1 / Binning factor in height
EGAIN   =     1.00224268436432 / Electronic gain in e-/ADU
FOCALLEN=                  400 / Focal Length of the Telescope in mm
SWCREATE= 'Astro Photography Tool - APT v.4.30' / Imaging software
SNAPSHOT=                    1 / Number of images combined
SET-TEMP=                 -20. / The setpoint of the cooling in C
IMAGETYP= 'Light Frame'        / The type of image
GAIN    =                  120 / The gain set (if supported)`,
    reads: raw({ type: 'light', rule: 'imagetyp', exposure: 180, gain: 120, temperature: { celsius: -20, from: 'SET-TEMP' } }),
  },
  {
    program: 'SharpCap (no IMAGETYP, plate-solved)',
    path: 'SharpCap Captures/2024-04-29/Capture/20_25_29/Capture_00001.fits',
    header: `SWCREATE= 'SharpCap v4.1.11520.0, 64 bit' /
CCD-TEMP=                 -4.5 /
YBINNING=                    1 /
XBINNING=                    1 /
XPIXSZ  =     2.90000009536743 /
EXPTIME =                   15 /
GAIN    =                  200 /
DATE-OBS= '2024-04-29T20:25:29.8219583' / System Clock-Frame Grabbed
INSTRUME= 'ZWO ASI462MC'       /
BAYERPAT= 'RGGB    '           /
COLORTYP= 'RGGB    '           /
HISTORY WCS created by AIJ link to Astronomy.net website
CTYPE1  = 'RA---TAN'           / TAN (gnomic) projection
CTYPE2  = 'DEC--TAN'           / TAN (gnomic) projection
CUNIT1  = 'deg     '           / X pixel scale units
CUNIT2  = 'deg     '           / Y pixel scale units
CRVAL1  =        251.337418297 / RA  of reference point
CRVAL2  =         39.049177068 / DEC of reference point
CRPIX1  =                  969 / X reference pixel
CRPIX2  =                  545 / Y reference pixel
CD1_1   =    0.000160000000000 / Transformation matrix
CD1_2   =    0.000120000000000 / no comment
CD2_1   =   -0.000120000000000 / no comment
CD2_2   =    0.000160000000000 / no comment`,
    reads: raw({ type: 'light', rule: 'header', exposure: 15, gain: 200, temperature: { celsius: -4.5, from: 'CCD-TEMP' }, bayer: { ...rggbTopDown, rowOrder: null } }),
  },
  {
    program: 'INDI / Ekos (FRAME, no IMAGETYP)',
    path: 'M31/Light/M31_Light_001.fits',
    header: `INSTRUME= 'ZWO CCD ASI294MC Pro' / CCD Name
TELESCOP= 'EQMod Mount'        / Telescope name
OBSERVER= 'Unknown '           / Observer name
OBJECT  = 'M31     '           / Object name
EXPTIME =         6.000000E+01 / Total Exposure Time (s)
CCD-TEMP=     -1.000000000E+01 / CCD Temperature (Celsius)
PIXSIZE1=         4.630000E+00 / Pixel Size 1 (microns)
XBINNING=                    1 / Binning factor in width
YBINNING=                    1 / Binning factor in height
FRAME   = 'Light   '           / Frame Type
GAIN    =                  120 / Gain
OFFSET  =                   30 / Offset
BAYERPAT= 'RGGB    '           / Bayer color pattern
XBAYROFF=                    0 / X offset of Bayer array
YBAYROFF=                    0 / Y offset of Bayer array
DATE-OBS= '2024-06-01T21:30:00.123' / UTC start date of observation`,
    reads: raw({ type: 'light', rule: 'imagetyp', exposure: 60, gain: 120, offset: 30, temperature: { celsius: -10, from: 'CCD-TEMP' }, bayer: { ...rggbTopDown, rowOrder: null } }),
  },
  {
    program: 'INDIGO (IMAGETYP Light)',
    path: 'indigo/M101_0007.fits',
    header: `IMAGETYP= 'Light   '           / frame type
EXPTIME =                  300 / exposure time [s]
CCD-TEMP=                -20.1 / CCD temperature [C]
SET-TEMP=                  -20 / CCD temperature setpoint [C]
XBINNING=                    1 / horizontal binning [pixels]
YBINNING=                    1 / vertical binning [pixels]
GAIN    =                  100 / gain
OFFSET  =                   10 / offset
INSTRUME= 'ZWO ASI1600MM Pro'  / instrument
ROWORDER= 'TOP-DOWN'           / Image row order
DATE-OBS= '2024-06-01T21:30:00.000' / UTC date that FITS file was created`,
    reads: raw({ type: 'light', rule: 'imagetyp', exposure: 300, gain: 100, offset: 10, temperature: { celsius: -20, from: 'SET-TEMP' } }),
  },
  {
    program: 'CCDSoft (the driver subtracted a dark)',
    path: 'lab2/L2-star-hg-10.00000000.FIT',
    header: `DATE-OBS= '2017-10-18T04:55:45.382'
SWCREATE= 'CCDSoft Version 5.00.218'
SET-TEMP= -1.500000000000E+001
IMAGETYP= 'Light Frame         '
XBINNING=                    1
YBINNING=                    2
CCD-TEMP= -1.480951678064E+001
INSTRUME= 'SBIG ST-402 CCD Camera'
EXPTIME = +1.000000000000E+001
SWMODIFY= 'CCDSoft Version 5.00.218'
HISTORY Auto-Dark Subtraction`,
    reads: raw({
      type: 'light', rule: 'imagetyp', exposure: 10, binning: '1x2', temperature: { celsius: -15, from: 'SET-TEMP' },
      precalibrated: { bias: true, dark: true, flat: false, pedestal: null, evidence: ['HISTORY Auto-Dark Subtraction (CCDSoft)'] },
    }),
  },
  {
    program: 'ZWO Seestar light',
    path: 'MyWorks/M 31_sub/Light_M 31_10.0s_IRCUT_20240601-213000.fit',
    header: `IMAGETYP= 'Light   '           / Type of image
EXPOSURE=                 10.0 / Exposure time (s)
EXPTIME =                 10.0 / Exposure time (s)
DATE-OBS= '2024-06-01T21:30:00.000' / Date of observation (UTC)
INSTRUME= 'Seestar S50'        / Instrument
GAIN    =                   80 / Sensor gain
CCD-TEMP=                 25.3 / Sensor temperature (C)
BAYERPAT= 'GRBG    '           / Bayer pattern
FILTER  = 'IRCUT   '           / Filter`,
    reads: raw({ type: 'light', rule: 'imagetyp', exposure: 10, gain: 80, temperature: { celsius: 25.3, from: 'CCD-TEMP' }, bayer: { pattern: 'GRBG', xOffset: 0, yOffset: 0, rowOrder: null } }),
  },
  {
    program: 'DWARF II (EXP, BINNING 2*2, no IMAGETYP)',
    path: 'DWARF_RAW_M 31_EXP_15_GAIN_80_2024-06-01-21-30-00-123/M 31_15s80_Astro_20240601-213000123_0001.fits',
    header: `DATE-OBS= '2024-06-01T21:30:00.123' / Time start to exposure
EXP     =                  15. / [s] Sub Exposure Time
GAIN    =                   80 / Sub Gain
BINNING = '2*2     '           / n*n pixels add together
OBJECT  = 'M 31    '           / Observe object
BAYERPAT= 'GBRG    '           / Bayer pattern
TELESCOP= 'DWARFII '           / DWARF II telescope
INSTRUME= 'DWARFII '           / DWARF II instrument
ORIGIN  = 'DWARFLAB'           / DWARF II's creator`,
    reads: raw({ type: 'light', rule: 'filename', exposure: 15, binning: '2x2', gain: 80, bayer: { pattern: 'GBRG', xOffset: 0, yOffset: 0, rowOrder: null } }),
  },
  {
    program: 'ASIAIR (the file name says it)',
    path: 'Autorun/Light/M31/Light_M31_50.0ms_Bin1_2600MC_gain100_20240601-213000_-10.0C_0001.fit',
    header: `EXPTIME =                 0.05 / Exposure time in seconds
CCD-TEMP=                -10.0 / Camera temperature
XBINNING=                    1 / Binning
YBINNING=                    1 / Binning
GAIN    =                  100 / Gain
OFFSET  =                   50 / Offset
INSTRUME= 'ZWO ASI2600MC Pro'  / Camera
BAYERPAT= 'RGGB    '           / Bayer pattern
DATE-OBS= '2024-06-01T21:30:00.000' / UTC`,
    reads: raw({ type: 'light', rule: 'folder', exposure: 0.05, gain: 100, offset: 50, temperature: { celsius: -10, from: 'CCD-TEMP' }, bayer: { ...rggbTopDown, rowOrder: null } }),
  },
];
