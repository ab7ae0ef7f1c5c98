/**
 * Calibration the capture software already applied: a frame whose dark was subtracted by the
 * camera driver must not lose its dark twice. Read from CALSTAT, PEDESTAL and each program's
 * own HISTORY wording.
 *
 * | program      | what it writes                                                   | step | source |
 * |--------------|------------------------------------------------------------------|------|--------|
 * | MaxIm DL     | CALSTAT = 'B', 'D', 'F' letters (e.g. 'BDF')                      | each | MaxIm DL help, FITS File Header Definitions |
 * | MaxIm DL     | HISTORY Bias Subtraction (Bias 1, 4864 x 3232, …)                | bias | MaxIm DL 5.24 light (iTelescope T33), bcolyn/PhotonFinder tests/sample_headers.py |
 * | MaxIm DL     | HISTORY Dark Subtraction (Dark 10, …)                            | dark | same header |
 * | MaxIm DL     | HISTORY Flat Field (Flat SII 1, …)                               | flat | same header ("Flat-Bias(…)" is the flat's own bias: not a step on the light) |
 * | MaxIm DL     | PEDESTAL = -100 / Correction to add for zero-based ADU           | —    | same header |
 * | CCDSoft      | HISTORY Auto-Dark Subtraction (the camera driver subtracted a dark) | dark | CCDSoft 5.00.218 lab frames (../shared/data/real/sbu-sbig-ccdsoft) |
 * | AstroImageJ  | HISTORY Bias / Dark / Flat corrected with mbias.fits …           | each | AstroImageJ Astronomy/Data_Processor.java (processData) |
 * | PixInsight   | HISTORY ImageCalibration.masterBias.enabled: true (…Dark, …Flat)  | each | PCL modules/processes/ImageCalibration/ImageCalibrationInstance.cpp |
 * | PixInsight   | PEDESTAL / Value in DN added to enforce positivity               | —    | same source (outputPedestal) |
 *
 * A dark subtracted implies the bias too: a dark frame holds the bias (a driver's auto-dark,
 * AstroImageJ's dark without its bias step), or the program subtracted the bias first.
 */
import type { Precalibration } from './frames';
import { cardText, type HeaderValues, numberValue, textValue } from './header-keywords';

type Step = 'bias' | 'dark' | 'flat';

/** Each program's HISTORY wording of a step it applied (the start of the line, compared ignoring case). */
const HISTORY_STEPS: readonly { readonly program: string; readonly starts: string; readonly step: Step }[] = [
  { program: 'MaxIm DL', starts: 'Bias Subtraction', step: 'bias' },
  { program: 'MaxIm DL', starts: 'Dark Subtraction', step: 'dark' },
  { program: 'MaxIm DL', starts: 'Flat Field', step: 'flat' },
  { program: 'CCDSoft', starts: 'Auto-Dark Subtraction', step: 'dark' },
  { program: 'AstroImageJ', starts: 'Bias corrected with', step: 'bias' },
  { program: 'AstroImageJ', starts: 'Dark corrected with', step: 'dark' },
  { program: 'AstroImageJ', starts: 'Flat corrected with', step: 'flat' },
  { program: 'PixInsight', starts: 'ImageCalibration.masterBias.enabled: true', step: 'bias' },
  { program: 'PixInsight', starts: 'ImageCalibration.masterDark.enabled: true', step: 'dark' },
  { program: 'PixInsight', starts: 'ImageCalibration.masterFlat.enabled: true', step: 'flat' },
];

const CALSTAT_LETTERS: Readonly<Record<string, Step>> = { B: 'bias', D: 'dark', F: 'flat' };

/** Evidence lines longer than this are cut, with '…'. */
const EVIDENCE_CHARS = 60;

/** The steps already applied, from CALSTAT letters, PEDESTAL and the HISTORY lines (`history`, in order). */
export function precalibration(values: HeaderValues, history: readonly string[]): Precalibration {
  const done = new Set<Step>();
  const evidence: string[] = [];
  const calstat = textValue(values, 'CALSTAT');
  if (calstat !== null) {
    const steps = [...calstat.toUpperCase()].map((letter) => CALSTAT_LETTERS[letter]).filter((step) => step !== undefined);
    if (steps.length > 0) {
      steps.forEach((step) => done.add(step));
      evidence.push(cardText(values, 'CALSTAT'));
    }
  }
  for (const line of history) {
    const found = HISTORY_STEPS.find(({ starts }) => line.toLowerCase().startsWith(starts.toLowerCase()));
    if (found === undefined) continue;
    done.add(found.step);
    const shown = line.length > EVIDENCE_CHARS ? `${line.slice(0, EVIDENCE_CHARS).trimEnd()}…` : line;
    evidence.push(`HISTORY ${shown} (${found.program})`);
  }
  const pedestal = numberValue(values, 'PEDESTAL');
  if (pedestal !== null) evidence.push(cardText(values, 'PEDESTAL'));
  const dark = done.has('dark');
  return { bias: done.has('bias') || dark, dark, flat: done.has('flat'), pedestal, evidence };
}
