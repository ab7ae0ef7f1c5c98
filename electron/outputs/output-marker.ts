/**
 * A folder holding this file was written by NightCal (calibrated outputs, masters, a demo
 * night's ground truth): the scan never reads frames from it.
 */
export const OUTPUT_MARKER_FILE = '.nightcal-output';
