/** NightCal's version, written into every output header (kept equal to package.json by a test). */
export const NIGHTCAL_VERSION = '0.1.0';
