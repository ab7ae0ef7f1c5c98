/**
 * The fake client's file-system answers: FITS header cards for a frame or master, and a
 * small tree of night folders for the browser mode's folder picker.
 */
import type { FolderListing } from '../../shared/contract';
import type { FrameInfo, MasterSpec } from '../../shared/night/frames';
import { CAMERA } from './fake-night';

/** One 80-character card: KEYWORD = value / comment. */
function card(keyword: string, value: string | number | boolean, comment = ''): string {
  const text = typeof value === 'string' ? `'${value.padEnd(8)}'`.padEnd(20) : typeof value === 'boolean' ? (value ? 'T' : 'F').padStart(20) : String(value).padStart(20);
  return `${keyword.padEnd(8)}= ${text}${comment ? ` / ${comment}` : ''}`.padEnd(80).slice(0, 80);
}

function history(text: string): string {
  return `HISTORY ${text}`.padEnd(80).slice(0, 80);
}

/** What a header is asked for. */
export type HeaderSubject = { readonly kind: 'raw' | 'calibrated'; readonly frame: FrameInfo } | { readonly kind: 'master'; readonly spec: MasterSpec };

/** The header cards of a raw frame, a calibrated frame or a master. */
export function fakeHeaderCards(subject: HeaderSubject): string[] {
  const float = subject.kind !== 'raw';
  const cards = [
    card('SIMPLE', true, 'file does conform to FITS standard'),
    card('BITPIX', float ? -32 : 16, float ? '32-bit floating point' : '16-bit signed integers'),
    card('NAXIS', 2, 'number of data axes'),
    card('NAXIS1', CAMERA.width, 'length of data axis 1'),
    card('NAXIS2', CAMERA.height, 'length of data axis 2'),
  ];
  if (!float) cards.push(card('BZERO', 32768, 'offset data range to that of unsigned short'), card('BSCALE', 1, 'default scaling factor'));
  if (subject.kind === 'master') {
    const spec = subject.spec;
    cards.push(card('IMAGETYP', `MASTER ${spec.kind.toUpperCase()}`), card('NCOMBINE', spec.frameIds.length, 'frames combined'));
    if (spec.exposure !== null) cards.push(card('EXPTIME', spec.exposure, '[s] exposure time'));
    if (spec.filter) cards.push(card('FILTER', spec.filter, 'filter used'));
    cards.push(history(`NightCal: median of ${spec.frameIds.length} frames`));
    const biasId = spec.preparations.find((p) => p.biasId)?.biasId;
    if (biasId) cards.push(history(`NightCal: bias subtracted: ${biasId}`));
    if (spec.normalise) cards.push(history('NightCal: each frame divided by its median; result normalised to 1'));
    return cards;
  }
  const facts = subject.frame.facts;
  cards.push(card('IMAGETYP', facts?.imagetyp ?? 'Light Frame', 'type of image'));
  if (facts) {
    cards.push(
      card('EXPTIME', facts.exposure ?? 0, '[s] exposure duration'),
      card('DATE-OBS', facts.dateObs ?? '', 'UTC start date of observation'),
      card('XBINNING', facts.binX, 'binning factor in width'),
      card('YBINNING', facts.binY, 'binning factor in height'),
      card('CCD-TEMP', facts.ccdTemp ?? 0, '[C] sensor temperature'),
      card('SET-TEMP', facts.setTemp ?? 0, '[C] cooler set point'),
      card('GAIN', facts.gain ?? 0, 'sensor gain'),
      card('OFFSET', facts.offset ?? 0, 'sensor offset'),
    );
    if (facts.filter) cards.push(card('FILTER', facts.filter, 'filter used when taking image'));
    if (facts.object) cards.push(card('OBJECT', facts.object, 'name of the object observed'));
  }
  cards.push(card('INSTRUME', 'ZWO ASI294MM Pro', 'camera'), card('TELESCOP', 'Newtonian 200/800', 'telescope'), card('SITELONG', 8.55, '[deg] east longitude'));
  if (subject.kind === 'calibrated') {
    cards.push(card('CALSTAT', 'BDF', 'bias, dark and flat applied'), history('NightCal 0.1.0: (light - bias - 1.000 * dark) / flat'), history(`NightCal: raw ${subject.frame.id}`));
  }
  return cards;
}

interface FakeFolder {
  readonly fits: number;
  readonly children?: Readonly<Record<string, FakeFolder>>;
}

const TREE: Readonly<Record<string, FakeFolder>> = {
  '/srv/astro': {
    fits: 0,
    children: {
      nights: {
        fits: 0,
        children: {
          '2026-03-09 M 81': { fits: 214 },
          '2026-03-12 NGC 2403': { fits: 388 },
          '2026-03-14 M 101': {
            fits: 0,
            children: { Bias: { fits: 30 }, Darks: { fits: 35 }, Flats: { fits: 60 }, Lights: { fits: 1001 }, misc: { fits: 2 } },
          },
        },
      },
      archive: { fits: 0, children: { '2025': { fits: 0 }, '2024': { fits: 0 } } },
    },
  },
};

function findFolder(path: string): { folder: FakeFolder; parent: string | null } | null {
  for (const [root, folder] of Object.entries(TREE)) {
    if (path === root) return { folder, parent: null };
    if (!path.startsWith(`${root}/`)) continue;
    let current: FakeFolder | undefined = folder;
    let currentPath = root;
    for (const part of path.slice(root.length + 1).split('/')) {
      const parentPath: string = currentPath;
      current = current?.children?.[part];
      currentPath = `${currentPath}/${part}`;
      if (current && currentPath === path) return { folder: current, parent: parentPath };
    }
  }
  return null;
}

/** Lists a folder of the fake tree (the roots for null). */
export function fakeListFolder(path: string | null): FolderListing {
  if (path === null) return { path: null, parent: null, entries: Object.entries(TREE).map(([root, folder]) => ({ name: root, path: root, fitsFiles: folder.fits, moreFits: false })) };
  const found = findFolder(path);
  if (!found) return { path, parent: null, entries: [] };
  const entries = Object.entries(found.folder.children ?? {}).map(([name, child]) => ({ name, path: `${path}/${name}`, fitsFiles: child.fits, moreFits: false }));
  return { path, parent: found.parent, entries };
}
