/**
 * The synthetic night's frames: which, when, named and described as MaxIm DL would write
 * them. Flats are taken at dusk, then biases and darks; the lights run across midnight.
 */
import { formatCard } from '../fits/write-fits';
import { DEMO_MODEL, type FilterSetup } from './demo-model';
import { mix32 } from './seeded-random';

/** The four kinds of raw frame the demo writes. */
export type DemoFrameKind = 'bias' | 'dark' | 'flat' | 'light';

/** One raw frame to write. */
export interface DemoFrame {
  readonly kind: DemoFrameKind;
  /** Path inside the night folder, with forward slashes, e.g. 'Lights/M51-001L.fit'. */
  readonly relativePath: string;
  readonly filter: FilterSetup | null;
  /** Exposure (s). */
  readonly seconds: number;
  /** Start of exposure, UTC, FITS style ('YYYY-MM-DDThh:mm:ss.sss'). */
  readonly dateObs: string;
  /** The frame's own random stream (1, 2, …; stream 0 is the truth). */
  readonly stream: number;
  /** Position among the lights (0 …), for the drift; -1 for calibration frames. */
  readonly lightIndex: number;
}

/** How many frames of each kind, and the filters. */
export interface DemoCounts {
  readonly biasFrames: number;
  readonly darkFrames: number;
  readonly flatsPerFilter: number;
  readonly lights: number;
  readonly filters: readonly FilterSetup[];
}

/** MaxIm DL's IMAGETYP spellings. */
export const DEMO_IMAGETYP: Readonly<Record<DemoFrameKind, string>> = {
  bias: 'Bias Frame',
  dark: 'Dark Frame',
  flat: 'Flat Field',
  light: 'Light Frame',
};

// Seconds after 00:00 UTC of the evening.
const FLATS_START = hours(17, 40);
const BIASES_START = hours(18, 5);
const DARKS_START = hours(18, 15);
const LIGHTS_START = hours(21, 30);
/** Lights are spread over at most this long, so that even a long demo stays within one night. */
const LIGHTS_SPAN = 10 * 3600;

/** Every frame of the night in the order it was taken. */
export function planDemoFrames(counts: DemoCounts): DemoFrame[] {
  const frames: DemoFrame[] = [];
  const add = (frame: Omit<DemoFrame, 'stream'>): void => {
    frames.push({ ...frame, stream: frames.length + 1 });
  };
  const { filters } = counts;
  filters.forEach((filter, f) => {
    for (let i = 0; i < counts.flatsPerFilter; i++) {
      const at = FLATS_START + (f * counts.flatsPerFilter + i) * 10;
      add({ kind: 'flat', relativePath: `Flats/Flat-${number(i)}${suffix(filter)}.fit`, filter, seconds: DEMO_MODEL.flatExposure, dateObs: utc(at), lightIndex: -1 });
    }
  });
  for (let i = 0; i < counts.biasFrames; i++) {
    add({ kind: 'bias', relativePath: `Bias/Bias-${number(i)}.fit`, filter: null, seconds: 0, dateObs: utc(BIASES_START + i * 5), lightIndex: -1 });
  }
  for (let i = 0; i < counts.darkFrames; i++) {
    const at = DARKS_START + i * (DEMO_MODEL.darkExposure + 5);
    add({ kind: 'dark', relativePath: `Darks/Dark-${number(i)}.fit`, filter: null, seconds: DEMO_MODEL.darkExposure, dateObs: utc(at), lightIndex: -1 });
  }
  // Ten minutes apart, closer when there are many: a long demo is compressed into the night.
  const spacing = Math.min(600, LIGHTS_SPAN / Math.max(1, counts.lights));
  const perFilter = Math.ceil(counts.lights / filters.length);
  for (let i = 0; i < counts.lights; i++) {
    const filter = filters[Math.floor(i / perFilter)];
    const name = `${DEMO_MODEL.object}-${number(i % perFilter)}${suffix(filter)}.fit`;
    add({ kind: 'light', relativePath: `Lights/${name}`, filter, seconds: DEMO_MODEL.lightExposure, dateObs: utc(LIGHTS_START + i * spacing), lightIndex: i });
  }
  return frames;
}

/** The header cards after the structural ones, as a MaxIm DL-driven camera writes them. */
export function demoFrameCards(frame: DemoFrame): string[] {
  const m = DEMO_MODEL;
  // The cooler holds the set point to within a few hundredths of a degree.
  const ccdTemp = Math.round((m.ccdTemp + ((mix32(frame.stream) % 5) - 2) * 0.05) * 100) / 100;
  const cards = [formatCard('IMAGETYP', DEMO_IMAGETYP[frame.kind], 'type of image')];
  if (frame.kind === 'light') cards.push(formatCard('OBJECT', m.object, 'target'));
  if (frame.filter !== null) cards.push(formatCard('FILTER', frame.filter.name, 'filter used'));
  cards.push(
    formatCard('EXPTIME', frame.seconds, '[s] duration of exposure'),
    formatCard('EXPOSURE', frame.seconds, '[s] duration of exposure'),
    formatCard('DATE-OBS', frame.dateObs, '[UTC] start of exposure'),
    formatCard('XBINNING', 1, 'binning factor in width'),
    formatCard('YBINNING', 1, 'binning factor in height'),
    formatCard('CCD-TEMP', ccdTemp, '[C] sensor temperature'),
    formatCard('SET-TEMP', m.ccdTemp, '[C] cooler set point'),
    formatCard('GAIN', m.gainSetting, 'camera gain setting'),
    formatCard('OFFSET', m.offsetSetting, 'camera offset setting'),
    formatCard('EGAIN', m.electronsPerAdu, '[e-/ADU] electrons per ADU'),
    formatCard('XPIXSZ', m.pixelSizeMicrons, '[um] pixel width'),
    formatCard('YPIXSZ', m.pixelSizeMicrons, '[um] pixel height'),
    formatCard('INSTRUME', m.instrument, 'camera'),
    formatCard('TELESCOP', m.telescope, 'telescope'),
    formatCard('FOCALLEN', 1000, '[mm] focal length'),
    formatCard('APTDIA', 200, '[mm] aperture diameter'),
    formatCard('SITELAT', m.siteLatitude, '[deg] site latitude, north positive'),
    formatCard('SITELONG', m.siteLongitude, '[deg] site longitude, east positive'),
    formatCard('SWCREATE', 'NightCal demo night', 'synthetic frame with known truth'),
  );
  return cards;
}

function number(index: number): string {
  return String(index + 1).padStart(3, '0');
}

function suffix(filter: FilterSetup): string {
  return filter.name.replace(/[^A-Za-z0-9]/g, '') || `F${filter.index + 1}`;
}

function hours(h: number, m: number): number {
  return h * 3600 + m * 60;
}

function utc(secondsAfterMidnight: number): string {
  const [year, month, day] = DEMO_MODEL.evening.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day) + Math.round(secondsAfterMidnight * 1000)).toISOString().slice(0, 23);
}
