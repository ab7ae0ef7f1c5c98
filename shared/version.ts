/** NightCal's version, written into every output header (kept equal to package.json by a test). */
export const NIGHTCAL_VERSION = '0.1.0';

/** The name written into every output's SOFTWARE card: how NightCal recognises the files it wrote. */
export const SOFTWARE_NAME = 'NightCal';
