/**
 * Frame classification: bias, dark, flat, light or unknown, from IMAGETYP, then the folders,
 * then the file name. Every decision says which rule made it and why; when nothing decides,
 * the frame is `unknown` rather than guessed.
 */
import type { Classification, FrameFacts, FrameType } from './frames';

/** IMAGETYP spellings (lower case, '_'/'-' as spaces): MaxIm/SBIG, NINA/Ekos, IRAF. */
const IMAGETYP: Readonly<Record<string, FrameType>> = {
  'bias frame': 'bias', bias: 'bias', zero: 'bias', 'zero frame': 'bias', offset: 'bias', 'offset frame': 'bias',
  'dark frame': 'dark', dark: 'dark', darkflat: 'dark', 'dark flat': 'dark', 'flat dark': 'dark',
  'flat field': 'flat', 'flat frame': 'flat', flat: 'flat', flatfield: 'flat', skyflat: 'flat', 'sky flat': 'flat',
  domeflat: 'flat', 'dome flat': 'flat', 'twilight flat': 'flat', twflat: 'flat',
  'light frame': 'light', light: 'light', object: 'light', science: 'light',
};

/** Words that name a frame type in file and folder names (compared in lower case). */
const TYPE_WORDS: Readonly<Record<string, FrameType>> = {
  bias: 'bias', biases: 'bias', zero: 'bias', zeros: 'bias',
  dark: 'dark', darks: 'dark', darkflat: 'dark', darkflats: 'dark', flatdark: 'dark', flatdarks: 'dark',
  flat: 'flat', flats: 'flat', flatfield: 'flat', flatfields: 'flat', skyflat: 'flat', skyflats: 'flat',
  domeflat: 'flat', domeflats: 'flat', twflat: 'flat', twflats: 'flat',
  light: 'light', lights: 'light', sci: 'light', science: 'light', object: 'light', objects: 'light',
};

/**
 * 'Offsets' is a bias folder (Siril's layout), but 'offset' in a file name is usually the
 * camera setting (SharpCap, ASIAIR: 'Light_M31_gain100_offset30_…'), so only folders use it.
 */
const FOLDER_ONLY_WORDS: Readonly<Record<string, FrameType>> = { offset: 'bias', offsets: 'bias' };

/** Arc and comparison lamps (spectrographs): whole words of the file name, in lower case. */
const ARC_WORDS = new Set(['arc', 'arcs', 'arclamp', 'comp', 'comps', 'comparison', 'thar', 'hgar', 'hgne', 'hene', 'cuar', 'cune']);

/** Folders that hold frames of every kind: they name no type and no target. */
const GENERIC_FOLDERS = new Set(['raw', 'data', 'calibration', 'calibrations', 'calib', 'cal', 'images', 'frames', 'fits', 'night']);

/** IMAGETYP first, then folder names, then the file name; says which rule decided and why. */
export function classifyFrame(input: {
  readonly imagetyp: string | null;
  readonly relPath: string;
  /** Header facts, when the header was read: a frame with no type, exposure or date is no camera frame. */
  readonly facts?: Pick<FrameFacts, 'exposure' | 'dateObs'>;
}): Classification {
  const parts = input.relPath.split(/[\\/]+/).filter((part) => part !== '');
  const fileName = parts.at(-1) ?? '';
  const folders = parts.slice(0, -1).reverse();
  const stem = fileName.replace(/(\.(fits?|fts|fz|gz))+$/i, '');
  const header = readImagetyp(input.imagetyp);
  const name = readName(stem);
  const written = input.imagetyp?.trim() ?? '';

  if (header.kind === 'master') return unknown('imagetyp', `IMAGETYP '${written}' is a master frame, not a raw frame`);
  // Acquisition software always records an exposure or a time; a file with neither, and no
  // IMAGETYP, is a product (a reference image, a model's truth) whatever its name says.
  if (header.kind === 'absent' && input.facts && input.facts.exposure === null && input.facts.dateObs === null) {
    return unknown('none', 'no IMAGETYP, exposure time or date in the header: not a raw camera frame (a processed or reference image?)');
  }
  if (name.master) return unknown('filename', `file name '${stem}' names a master frame, not a raw frame`);
  if (header.kind === 'type' && header.type !== 'light') return decided(header.type, 'imagetyp', `IMAGETYP '${written}'`);

  if (name.arc !== null) {
    const headerNote = header.kind === 'absent' ? '' : `; IMAGETYP '${written}' set aside`;
    return unknown('filename', `arc lamp exposure: not part of the calibration (file name word '${name.arc}'${headerNote})`);
  }
  const headerSays = header.kind === 'unknown' ? `IMAGETYP '${written}' is not a known frame type; ` : '';

  const folder = readFolders(folders);
  if (header.kind === 'type') return overrideLight(written, folder, name);

  if (folder.decided !== null) {
    const { type, folderName } = folder.decided;
    if (name.type !== null && name.type.type !== type) {
      return unknown('folder', `${headerSays}the folder '${folderName}' says ${type}, but the file name says ${name.type.type}`);
    }
    return decided(type, 'folder', `${headerSays}folder '${folderName}' says ${type}`);
  }
  if (name.type !== null) return decided(name.type.type, 'filename', `${headerSays}file name says ${name.type.type} ('${name.type.word}')`);
  if (name.conflict !== null) return unknown('filename', `${headerSays}file name names both ${name.conflict.join(' and ')}`);
  const object = catalogueObject(stem);
  if (object !== null) return decided('light', 'filename', `${headerSays}file name '${object.text}' is ${object.what}`);
  const target = targetFolder(stem, folders);
  if (target !== null) return decided('light', 'filename', `${headerSays}file name starts with its folder's name '${target}' (a target folder)`);
  if (folder.raw !== null && header.kind === 'absent') {
    return decided('light', 'folder', `only the folder '${folder.raw}' hints at a light: no IMAGETYP, and the file name names no frame type`);
  }
  const start = header.kind === 'unknown' ? `IMAGETYP '${written}' is not a known frame type, and` : 'no IMAGETYP, and';
  return unknown('none', `${start} neither folder nor file name names a frame type`);
}

/** IMAGETYP 'Light Frame' is trusted unless the folder or file name clearly says calibration (CCDSoft writes flats as lights). */
function overrideLight(written: string, folder: FolderVerdict, name: NameVerdict): Classification {
  const byName = name.type !== null && name.type.type !== 'light' ? name.type.type : null;
  const byFolder = folder.decided !== null && folder.decided.type !== 'light' ? folder.decided : null;
  if (byName !== null && byFolder !== null && byName !== byFolder.type) {
    return unknown('imagetyp', `IMAGETYP '${written}', but the folder '${byFolder.folderName}' says ${byFolder.type} and the file name says ${byName}`);
  }
  if (byName !== null) return decided(byName, 'filename', `IMAGETYP '${written}', but the file name says ${byName}`);
  if (byFolder !== null) return decided(byFolder.type, 'folder', `IMAGETYP '${written}', but the folder '${byFolder.folderName}' says ${byFolder.type}`);
  return decided('light', 'imagetyp', `IMAGETYP '${written}'`);
}

type HeaderVerdict =
  | { readonly kind: 'absent' }
  | { readonly kind: 'master' }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'type'; readonly type: FrameType };

function readImagetyp(imagetyp: string | null): HeaderVerdict {
  const normal = (imagetyp ?? '').trim().toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ');
  if (normal === '') return { kind: 'absent' };
  if (/\bmaster\b/.test(normal)) return { kind: 'master' };
  const type = IMAGETYP[normal];
  return type === undefined ? { kind: 'unknown' } : { kind: 'type', type };
}

interface NameVerdict {
  /** The one type the name's words give, and the word that gave it. */
  readonly type: { readonly type: FrameType; readonly word: string } | null;
  /** Types named together that cannot be told apart (e.g. 'bias' and 'flat'). */
  readonly conflict: readonly FrameType[] | null;
  readonly arc: string | null;
  readonly master: boolean;
}

function readName(stem: string): NameVerdict {
  const words = wordsOf(stem);
  const tokens = words.flatMap(splitCase);
  const arc = words.find((word) => ARC_WORDS.has(word.toLowerCase())) ?? null;
  const master = tokens.some((token) => token.toLowerCase() === 'master');
  // CCDSoft's autosave suffix ('….00000001.DARK.FIT') is the camera software's own word.
  const suffix = /\.(bias|dark|flat|light)$/i.exec(stem);
  if (suffix) return { type: { type: suffix[1].toLowerCase() as FrameType, word: suffix[1] }, conflict: null, arc, master };
  const found = typeWords([...words, ...tokens], TYPE_WORDS);
  return { ...resolveTypes(found), arc, master };
}

/** One type, or dark when only dark and flat are named ('dark-flat', 'FlatDarks': a dark for flats). */
function resolveTypes(found: ReadonlyMap<FrameType, string>): Pick<NameVerdict, 'type' | 'conflict'> {
  const types = [...found.keys()];
  if (types.length === 2 && found.has('dark') && found.has('flat')) return { type: { type: 'dark', word: found.get('dark') ?? '' }, conflict: null };
  if (types.length === 1) return { type: { type: types[0], word: found.get(types[0]) ?? '' }, conflict: null };
  return { type: null, conflict: types.length > 1 ? types : null };
}

interface FolderVerdict {
  /** The nearest folder whose name says one frame type. */
  readonly decided: { readonly type: FrameType; readonly folderName: string } | null;
  /** A 'raw' folder: frames of every kind, a hint of a light only when nothing else decides. */
  readonly raw: string | null;
}

function readFolders(nearestFirst: readonly string[]): FolderVerdict {
  let raw: string | null = null;
  for (const folderName of nearestFirst) {
    if (folderName.toLowerCase() === 'raw') raw ??= folderName;
    const words = wordsOf(folderName);
    const found = typeWords([...words, ...words.flatMap(splitCase)], { ...TYPE_WORDS, ...FOLDER_ONLY_WORDS });
    const { type } = resolveTypes(found);
    if (type !== null) return { decided: { type: type.type, folderName }, raw };
  }
  return { decided: null, raw };
}

/** 'ksi_Cas/ksi_Cas_M2_ML_….fits': a folder named after the target holds its lights. */
function targetFolder(stem: string, nearestFirst: readonly string[]): string | null {
  for (const folderName of nearestFirst) {
    if (folderName.length < 2 || !/[A-Za-z]/.test(folderName) || GENERIC_FOLDERS.has(folderName.toLowerCase())) continue;
    if (!stem.toLowerCase().startsWith(folderName.toLowerCase())) continue;
    const next = stem.charAt(folderName.length);
    if (next === '' || !/[A-Za-z0-9]/.test(next)) return folderName;
  }
  return null;
}

function typeWords(words: readonly string[], vocabulary: Readonly<Record<string, FrameType>>): Map<FrameType, string> {
  const found = new Map<FrameType, string>();
  for (const word of words) {
    const type = Object.hasOwn(vocabulary, word.toLowerCase()) ? vocabulary[word.toLowerCase()] : undefined;
    if (type !== undefined && !found.has(type)) found.set(type, word);
  }
  return found;
}

/** Runs of letters: 'Flat-1s_01' → Flat; 'name.00000000.BIAS' → name, BIAS. */
function wordsOf(text: string): string[] {
  return text.split(/[^A-Za-z]+/).filter((word) => word !== '');
}

/** Case changes inside a word: 'MasterFlat' → Master, Flat; 'ScienceImages' → Science, Images. */
function splitCase(word: string): string[] {
  return word.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+/g) ?? [word];
}

function decided(type: FrameType, rule: Classification['rule'], reason: string): Classification {
  return { type, rule, reason };
}

function unknown(rule: Classification['rule'], reason: string): Classification {
  return { type: 'unknown', rule, reason };
}

/** The 88 IAU constellation abbreviations, for Bayer ('ksi_Cas') and Flamsteed ('61 Cyg') names. */
const CONSTELLATIONS =
  'And Ant Aps Aqr Aql Ara Ari Aur Boo Cae Cam Cnc CVn CMa CMi Cap Car Cas Cen Cep Cet Cha Cir Col Com CrA CrB Crv Crt Cru ' +
  'Cyg Del Dor Dra Equ Eri For Gem Gru Her Hor Hya Hyi Ind Lac Leo LMi Lep Lib Lup Lyn Lyr Men Mic Mon Mus Nor Oct Oph Ori ' +
  'Pav Peg Per Phe Pic Psc PsA Pup Pyx Ret Sge Sgr Sco Scl Sct Ser Sex Tau Tel Tri TrA Tuc UMa UMi Vel Vir Vol Vul';
const GREEK =
  'alf|alpha|bet|beta|gam|gamma|del|delta|eps|epsilon|zet|zeta|eta|the|theta|tet|iot|iota|kap|kappa|lam|lambda|mu|nu|ksi|xi|' +
  'omi|omicron|pi|rho|sig|sigma|tau|ups|upsilon|phi|chi|psi|ome|omega';
const CONSTELLATION = `(?:${CONSTELLATIONS.split(' ').join('|')})`;

/**
 * Names that say "a target": catalogue designations and star names. Prefix and number must
 * stand apart from other letters and digits ('M76_…' yes, 'HM76' no). Long prefixes match in
 * any case ('ic310'); short ones only as written in the catalogues, so 'b2' or 'cr2' are not
 * Barnard 2 or Collinder 2. Bayer names need a separator unless the case shows the join ('alfLyr').
 */
const OBJECT_NAMES: readonly { readonly pattern: RegExp; readonly what: string }[] = [
  { pattern: /(?<![A-Za-z0-9])[Mm][ _-]?(?:110|10\d|[1-9]\d?)(?![0-9])/, what: 'a catalogue object' },
  {
    pattern: /(?<![A-Za-z0-9])(?:NGC|IC|UGC|PGC|LBN|LDN|vdB|Abell|ACO|Arp|Collinder|Barnard|Caldwell|HIP|SAO|WASP|HAT-P|TOI|KELT|Kepler|TrES)[ _-]?\d+(?![0-9])/i,
    what: 'a catalogue object',
  },
  { pattern: /(?<![A-Za-z0-9])(?:Mel|Cr|Ced|RCW|Gum|HD|HR|GJ|B|C)[ _-]?\d+(?![0-9])/, what: 'a catalogue object' },
  { pattern: /(?<![A-Za-z0-9])(?:Sh|SH|sh)[ _-]?2[ _-]+\d+(?![0-9])/, what: 'a catalogue object' },
  { pattern: new RegExp(`(?<![A-Za-z0-9])(?:${GREEK})\\d?[ _-]+${CONSTELLATION}(?![A-Za-z])`, 'i'), what: 'a star (Bayer designation)' },
  { pattern: new RegExp(`(?<![A-Za-z0-9])(?:${GREEK})\\d?${CONSTELLATION}(?![A-Za-z])`), what: 'a star (Bayer designation)' },
  { pattern: new RegExp(`(?<![A-Za-z0-9])\\d{1,3}[ _-]?${CONSTELLATION}(?![A-Za-z])`), what: 'a star (Flamsteed designation)' },
];

/** The first (leftmost) catalogue designation or star name in a file name, if any. */
export function catalogueObject(stem: string): { readonly text: string; readonly what: string } | null {
  let best: { index: number; text: string; what: string } | null = null;
  for (const { pattern, what } of OBJECT_NAMES) {
    const match = pattern.exec(stem);
    if (match && (best === null || match.index < best.index)) best = { index: match.index, text: match[0], what };
  }
  return best === null ? null : { text: best.text, what: best.what };
}
