/**
 * Files other programs made from raw frames, as they write them: a Seestar stack, masters of
 * APP, PixInsight, Siril and NightCal, and PixInsight's master light. None is a raw frame.
 */
import { type ProgramHeader, raw, rggbTopDown } from './capture-program-headers';

export const PRODUCT_HEADERS: readonly ProgramHeader[] = [
  {
    program: 'ZWO Seestar stacked product (RGB cube)',
    path: 'MyWorks/M 31/Stacked_120_M 31_10.0s_IRCUT_20240601-213000.fit',
    header: `SIMPLE  =                    T / file does conform to FITS standard
BITPIX  =                   16 / number of bits per data pixel
NAXIS   =                    3 / number of data axes
NAXIS1  =                    8 / length of data axis 1
NAXIS2  =                    6 / length of data axis 2
NAXIS3  =                    3 / length of data axis 3
BZERO   =                32768 / offset data range to that of unsigned short
IMAGETYP= 'Light   '           / Type of image
STACKCNT=                  120 / Stack frames
EXPTIME =                 10.0 / Exposure time of one frame (s)
TOTALEXP=               1200.0 / Total exposure (s)
INSTRUME= 'Seestar S50'        / Instrument
BAYERPAT= 'GRBG    '           / left from the frames: the cube holds no mosaic
DATE-OBS= '2024-06-01T21:30:00.000' / Date of observation (UTC)`,
    reads: raw({ type: 'unknown', rule: 'header', exposure: 10, stacked: 'a colour image of 3 planes (NAXIS3 = 3)' }),
    refusedByScan: 'a cube of 3 planes (NAXIS3 = 3)',
  },
  {
    program: 'APP master flat (CALFRAME)',
    path: 'APP/masterFlat_ISO0_1.28s_RGGB.fits',
    header: `DATE    = '2024-03-09T11:57:12' / creation date of MasterFlat
SOFTWARE= 'Astro Pixel Processor by Aries Productions' / software
VERSION = '2.0.0-beta28'       / Astro Pixel Processor version
CALFRAME= 'MasterFlat'         / master flat frame
INSTRUME= 'ZWO ASI294MC Pro'   / instrument name
CFAIMAGE= 'RGGB    '           / Color Filter Array pattern
ROWORDER= 'TOP-DOWN'           / Order of pixel rows stored in the image array
EXPTIME =                 1.28 / exposure time (s)
GAIN    =                120.0 / gain or ISO depending on instrument
INT-METH= 'median  '           / integration method
NUMFRAME=                   30 / # number of frames used in MasterFlat creation`,
    reads: raw({ type: 'unknown', rule: 'header', exposure: 1.28, gain: 120, bayer: rggbTopDown, master: { kind: 'flat', frames: 30, program: 'APP', evidence: "CALFRAME = 'MasterFlat'", biasSubtracted: null, flatNorm: null } }),
  },
  {
    program: "PixInsight 'Master Light' (string EXPTIME)",
    path: 'WBPP/master/masterLight_BIN-1_6248x4176_EXPOSURE-120.00s_FILTER-L_mono.fits',
    header: `IMAGETYP= 'Master Light'       / Type of image
EXPTIME = '120.00  '           / Exposure time in seconds
FILTER  = 'L       '           / Filter name
INSTRUME= 'ZWO ASI2600MM Pro'  / Imaging instrument name
HISTORY Integration with PixInsight 1.8.9-2
HISTORY ImageIntegration.pixelCombination: average
HISTORY ImageIntegration.numberOfImages: 24`,
    reads: raw({ type: 'unknown', rule: 'header', exposure: 120, stacked: "IMAGETYP = 'Master Light'" }),
  },
  {
    program: 'PixInsight master dark',
    path: 'WBPP/master/masterDark_BIN-1_6248x4176_EXPOSURE-300.00s.fits',
    header: `IMAGETYP= 'Master Dark'        / Type of image
EXPTIME = '300.00  '           / Exposure time in seconds
GAIN    =                  100 / Sensor gain
OFFSET  =                   50 / Sensor gain offset
SET-TEMP=                -10.0 / [degC] CCD temperature setpoint
INSTRUME= 'ZWO ASI2600MM Pro'  / Imaging instrument name
HISTORY Integration with PixInsight 1.8.9-2
HISTORY ImageIntegration.pixelCombination: average
HISTORY ImageIntegration.numberOfImages: 40`,
    reads: raw({
      type: 'unknown', rule: 'header', exposure: 300, gain: 100, offset: 50, temperature: { celsius: -10, from: 'SET-TEMP' },
      master: { kind: 'dark', frames: 40, program: 'PixInsight', evidence: "IMAGETYP = 'Master Dark'", biasSubtracted: null, flatNorm: null },
    }),
  },
  {
    program: 'Siril stacked master (IMAGETYP kept, STACKCNT)',
    path: 'process/dark_stacked.fit',
    header: `IMAGETYP= 'DARK    '           / Type of exposure
INSTRUME= 'ZWO ASI2600MC Pro'  / instrument name
DATE-OBS= '2024-06-02T10:00:00.000' / YYYY-MM-DDThh:mm:ss observation start, UT
STACKCNT=                   25 / Stack frames
EXPTIME =                 120. / Exposure time [s]
LIVETIME=                3000. / Exposure time after deadtime correction
XBINNING=                    1 / Camera binning mode
YBINNING=                    1 / Camera binning mode
GAIN    =                  100 / Camera gain
OFFSET  =                   50 / Camera offset
CCD-TEMP=                 -10. / CCD temp in C
PROGRAM = 'Siril v1.2.1'       / Software that created this HDU`,
    reads: raw({
      type: 'unknown', rule: 'header', exposure: 120, gain: 100, offset: 50, temperature: { celsius: -10, from: 'CCD-TEMP' },
      master: { kind: 'dark', frames: 25, program: 'Siril', evidence: "IMAGETYP = 'DARK', STACKCNT = 25", biasSubtracted: null, flatNorm: null },
    }),
  },
  {
    program: 'NightCal master bias',
    path: 'calibrated/masters/master_bias_1x1_6248x4176_2024-06-01.fits',
    header: `IMAGETYP= 'MASTER BIAS'        / master calibration frame
NCOMBINE=                   50 / number of frames combined
COMBMETH= 'median  '           / how the frames were combined
XBINNING=                    1
YBINNING=                    1
SOFTWARE= 'NightCal 0.1.0'`,
    reads: raw({ type: 'unknown', rule: 'header', exposure: null, master: { kind: 'bias', frames: 50, program: 'NightCal', evidence: "IMAGETYP = 'MASTER BIAS'", biasSubtracted: null, flatNorm: null } }),
  },
  {
    program: 'NightCal master dark (bias subtracted)',
    path: 'library/masters/dark/master_dark_300s.fits',
    header: `IMAGETYP= 'MASTER DARK'        / master calibration frame
NCOMBINE=                   30 / number of frames combined
EXPTIME =                  300 / [s] exposure of the combined frames
BIASSUB =                    T / master bias subtracted from each frame
SOFTWARE= 'NightCal 0.1.0'`,
    reads: raw({ type: 'unknown', rule: 'header', exposure: 300, master: { kind: 'dark', frames: 30, program: 'NightCal', evidence: "IMAGETYP = 'MASTER DARK'", biasSubtracted: true, flatNorm: null } }),
  },
  {
    program: 'NightCal master flat of a colour sensor',
    path: 'library/masters/flat/master_flat_R.fits',
    header: `IMAGETYP= 'MASTER FLAT'        / master calibration frame
NCOMBINE=                   20 / number of frames combined
FILTER  = 'R       '
FLATNORM= 'per-channel'        / each colour channel to median 1
SOFTWARE= 'NightCal 0.1.0'`,
    reads: raw({ type: 'unknown', rule: 'header', exposure: null, master: { kind: 'flat', frames: 20, program: 'NightCal', evidence: "IMAGETYP = 'MASTER FLAT'", biasSubtracted: null, flatNorm: 'per-channel' } }),
  },
];
