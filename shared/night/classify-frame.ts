/**
 * Frame classification: bias, dark, dark flat, flat, light or unknown, from the header's
 * frame-type keyword (IMAGETYP, else INDI's FRAME), then the folders, then the file name.
 * Masters and stacked products are never raw frames. Every decision says which rule made it
 * and why; when nothing decides, the frame is `unknown` rather than guessed.
 */
import { catalogueObject } from './catalogue-names';
import type { Classification, FrameFacts, FrameType, MasterOrigin } from './frames';
import { frameTypeWords, readImagetyp } from './imagetyp-words';

export { catalogueObject } from './catalogue-names';

/** Words that name a frame type in file and folder names (compared in lower case). */
const TYPE_WORDS: Readonly<Record<string, FrameType>> = {
  bias: 'bias', biases: 'bias', zero: 'bias', zeros: 'bias',
  dark: 'dark', darks: 'dark',
  darkflat: 'darkflat', darkflats: 'darkflat', flatdark: 'darkflat', flatdarks: 'darkflat',
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

/** Folders that hold frames of every kind: they name no type and no target (SharpCap saves under 'Capture'). */
const GENERIC_FOLDERS = new Set(['raw', 'data', 'calibration', 'calibrations', 'calib', 'cal', 'images', 'frames', 'fits', 'night', 'capture', 'captures']);

/** The header facts classification reads; only exposure and date are needed, the rest when known. */
export type ClassifyFacts = Pick<FrameFacts, 'exposure' | 'dateObs'> & Partial<Pick<FrameFacts, 'indiFrame' | 'stacked' | 'master' | 'celestialWcs'>>;

/**
 * Products first (masters, stacks), then IMAGETYP (or INDI's FRAME), folder names, the file
 * name, and for a frame without IMAGETYP a plate solution; says which rule decided and why.
 */
export function classifyFrame(input: {
  readonly imagetyp: string | null;
  readonly relPath: string;
  /** Header facts, when the header was read: a frame with no type, exposure or date is no camera frame. */
  readonly facts?: ClassifyFacts;
}): Classification {
  const parts = input.relPath.split(/[\\/]+/).filter((part) => part !== '');
  const fileName = parts.at(-1) ?? '';
  const folders = parts.slice(0, -1).reverse();
  const stem = fileName.replace(/(\.(fits?|fts|fz|gz))+$/i, '');
  const fromImagetyp = (input.imagetyp?.trim() ?? '') !== '';
  const keyword = fromImagetyp || !input.facts?.indiFrame ? 'IMAGETYP' : 'FRAME';
  const written = (fromImagetyp ? input.imagetyp : input.facts?.indiFrame)?.trim() ?? '';
  const said = `${keyword} '${written}'`;
  const header = readImagetyp(written);
  const name = readName(stem);

  if (input.facts?.master) return unknown('header', masterReason(input.facts.master));
  if (input.facts?.stacked) return unknown('header', `a stacked product, not a raw frame: ${input.facts.stacked}`);
  if (header.kind === 'master') return unknown('imagetyp', `${said} names a master frame, not a raw frame`);
  // Acquisition software always records an exposure or a time; a file with neither, and no
  // IMAGETYP, is a product (a reference image, a model's truth) whatever its name says.
  if (header.kind === 'absent' && input.facts && input.facts.exposure === null && input.facts.dateObs === null) {
    return unknown('none', 'no IMAGETYP, exposure time or date in the header: not a raw camera frame (a processed or reference image?)');
  }
  if (name.master) return unknown('filename', `file name '${stem}' names a master frame, not a raw frame`);
  const folder = readFolders(folders);
  if (header.kind === 'type' && header.type !== 'light') return refineHeaderType(header.type, said, folder, name);

  if (name.arc !== null) {
    const headerNote = header.kind === 'absent' ? '' : `; ${said} set aside`;
    return unknown('filename', `arc lamp exposure: not part of the calibration (file name word '${name.arc}'${headerNote})`);
  }
  const headerSays = header.kind === 'unknown' ? `${said} is not a known frame type; ` : '';

  if (header.kind === 'type') return overrideLight(said, folder, name);

  if (folder.decided !== null) {
    const { type, folderName } = folder.decided;
    if (name.type !== null && name.type.type !== type) {
      const merged = mergeTypes(type, name.type.type);
      if (merged === name.type.type) {
        return decided(merged, 'filename', `${headerSays}file name says ${frameTypeWords(merged)} ('${name.type.word}') in the folder '${folderName}'`);
      }
      if (merged === null) {
        return unknown('folder', `${headerSays}the folder '${folderName}' says ${frameTypeWords(type)}, but the file name says ${frameTypeWords(name.type.type)}`);
      }
    }
    return decided(type, 'folder', `${headerSays}folder '${folderName}' says ${frameTypeWords(type)}`);
  }
  if (name.type !== null) return decided(name.type.type, 'filename', `${headerSays}file name says ${frameTypeWords(name.type.type)} ('${name.type.word}')`);
  if (name.conflict !== null) return unknown('filename', `${headerSays}file name names both ${name.conflict.map(frameTypeWords).join(' and ')}`);
  const object = catalogueObject(stem);
  if (object !== null) return decided('light', 'filename', `${headerSays}file name '${object.text}' is ${object.what}`);
  const target = targetFolder(stem, folders);
  if (target !== null) return decided('light', 'filename', `${headerSays}file name starts with its folder's name '${target}' (a target folder)`);
  // SharpCap writes no IMAGETYP; a frame someone plate-solved is a picture of the sky.
  if (header.kind === 'absent' && input.facts?.celestialWcs) return decided('light', 'header', 'no IMAGETYP, but plate-solved: a celestial WCS');
  if (folder.raw !== null && header.kind === 'absent') {
    return decided('light', 'folder', `only the folder '${folder.raw}' hints at a light: no IMAGETYP, and the file name names no frame type`);
  }
  const start = header.kind === 'unknown' ? `${said} is not a known frame type, and` : 'no IMAGETYP, and';
  return unknown('none', `${start} neither folder nor file name names a frame type`);
}

/** "a master dark made by APP (CALFRAME = 'MasterDark', 30 frames), not a raw frame". */
function masterReason(master: MasterOrigin): string {
  const by = master.program === null ? '' : ` made by ${master.program}`;
  const frames = master.frames === null ? '' : `, ${master.frames} frame${master.frames === 1 ? '' : 's'}`;
  return `a master ${frameTypeWords(master.kind)}${by} (${master.evidence}${frames}), not a raw frame`;
}

/**
 * IMAGETYP bias, dark or flat is trusted over folder and file name, except that a dark or a
 * flat in a folder or file named dark flat is one: SGP, APT and MaxIm have no dark-flat type.
 */
function refineHeaderType(type: FrameType, said: string, folder: FolderVerdict, name: NameVerdict): Classification {
  if (mergeTypes(type, 'darkflat') === 'darkflat' && type !== 'darkflat') {
    if (name.type?.type === 'darkflat') return decided('darkflat', 'filename', `${said}, and the file name says dark flat ('${name.type.word}')`);
    if (folder.decided?.type === 'darkflat') return decided('darkflat', 'folder', `${said}, and the folder '${folder.decided.folderName}' says dark flat`);
  }
  return decided(type, 'imagetyp', said);
}

/** IMAGETYP 'Light Frame' is trusted unless the folder or file name clearly says calibration (CCDSoft writes flats as lights). */
function overrideLight(said: string, folder: FolderVerdict, name: NameVerdict): Classification {
  const byName = name.type !== null && name.type.type !== 'light' ? name.type.type : null;
  const byFolder = folder.decided !== null && folder.decided.type !== 'light' ? folder.decided : null;
  if (byName !== null && byFolder !== null && mergeTypes(byName, byFolder.type) !== byName) {
    const merged = mergeTypes(byName, byFolder.type);
    if (merged === null) {
      return unknown('imagetyp', `${said}, but the folder '${byFolder.folderName}' says ${frameTypeWords(byFolder.type)} and the file name says ${frameTypeWords(byName)}`);
    }
    return decided(merged, 'folder', `${said}, but the folder '${byFolder.folderName}' says ${frameTypeWords(merged)}`);
  }
  if (byName !== null) return decided(byName, 'filename', `${said}, but the file name says ${frameTypeWords(byName)}`);
  if (byFolder !== null) return decided(byFolder.type, 'folder', `${said}, but the folder '${byFolder.folderName}' says ${frameTypeWords(byFolder.type)}`);
  return decided('light', 'imagetyp', said);
}

/** The one type two clues agree on: the same type, or a dark flat where the other says dark or flat; null when they contradict. */
function mergeTypes(a: FrameType, b: FrameType): FrameType | null {
  if (a === b) return a;
  const calibrationOfFlats = (t: FrameType) => t === 'dark' || t === 'flat';
  if (a === 'darkflat' && calibrationOfFlats(b)) return a;
  if (b === 'darkflat' && calibrationOfFlats(a)) return b;
  return null;
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

/** One type, or a dark flat when only dark and flat are named ('dark-flat', 'FlatDarks', 'DarkFlat_001'). */
function resolveTypes(found: ReadonlyMap<FrameType, string>): Pick<NameVerdict, 'type' | 'conflict'> {
  const types = [...found.keys()];
  const onlyFlatCalibration = types.every((type) => type === 'dark' || type === 'flat' || type === 'darkflat');
  if (onlyFlatCalibration && (found.has('darkflat') || (found.has('dark') && found.has('flat')))) {
    return { type: { type: 'darkflat', word: found.get('darkflat') ?? `${found.get('dark')}-${found.get('flat')}` }, conflict: null };
  }
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
