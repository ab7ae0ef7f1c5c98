/** `nightcal library add | list` for people: what was added and skipped; the masters of the libraries as a table. */
import type { MasterKind } from '../../shared/night/frames';
import { formatTemperature } from '../../shared/night/matching';
import { plural } from '../../shared/plural';
import type { LibraryAddReport as AddReport, LibraryListing, ListedMaster } from '../../shared/contract';

const KIND_WORDS: Readonly<Record<MasterKind, string>> = { bias: 'bias', dark: 'dark', darkflat: 'dark flat', flat: 'flat' };

/** What an add did: masters stored, masters already there, files skipped with why, failures. */
export function addReportText(report: AddReport): string {
  const lines: string[] = [];
  const stored = report.masters.filter((master) => master.stored);
  const there = report.masters.filter((master) => !master.stored);
  if (report.masters.length === 0 && report.failed.length === 0) lines.push(`nothing to add: no raw bias, dark or flat frames to combine in ${report.dir}`);
  if (stored.length > 0) lines.push(`added ${plural(stored.length, 'master')} to ${report.library}:`, ...stored.map((m) => `  ${m.relativePath}  ${m.words}, ${plural(m.frames, 'frame')}`));
  if (there.length > 0) lines.push(`already in the library (the same master), not stored again: ${there.length}`, ...there.map((m) => `  ${m.relativePath}  ${m.words}`));
  if (report.skipped.length > 0) lines.push(`skipped ${plural(report.skipped.length, 'file')}:`, ...report.skipped.map((s) => `  ${s.file}: ${s.reason}`));
  for (const failure of report.failed) lines.push(`error: ${failure.master}: ${failure.reason}`);
  for (const note of report.notes) lines.push(`note: ${note}`);
  if (report.cancelled) lines.push('stopped before the end: the masters finished are in the library; run the same command again for the others');
  return lines.join('\n');
}

/** The keys of a master in words, the kind and the file left out: 'ZWO ASI2600MM Pro, gain 100, offset 50, 1x1, 8x6, −10.0 °C, 300 s'. */
function keyWords(master: ListedMaster): string {
  const { keys } = master;
  const parts: string[] = [];
  if (keys.camera !== null) parts.push(keys.camera);
  if (keys.gain !== null) parts.push(`gain ${keys.gain}`);
  if (keys.offset !== null) parts.push(`offset ${keys.offset}`);
  if (keys.readoutMode !== null) parts.push(`readout ${keys.readoutMode}`);
  parts.push(keys.binning, `${keys.width}x${keys.height}`);
  if (keys.temperature !== null) parts.push(formatTemperature({ mean: keys.temperature, min: keys.temperature, max: keys.temperature, source: 'SET-TEMP' }));
  if (keys.exposure !== null && master.kind !== 'bias') parts.push(`${keys.exposure} s`);
  if (keys.filter !== null) parts.push(`filter ${keys.filter}`);
  return parts.join(', ');
}

/** The listing as a table, then what was skipped and the raw frames waiting for `library add`. */
export function listingText(listing: LibraryListing): string {
  const lines: string[] = [];
  const libraries = listing.libraries.map((library) => `${library.root} (${plural(library.files, 'file')}${library.writable ? '' : ', read-only'})`);
  lines.push(`${listing.libraries.length === 1 ? 'library' : 'libraries'}: ${libraries.join('; ') || 'none'}`);
  if (listing.masters.length === 0) lines.push('no masters');
  else {
    const rows = listing.masters.map((master) => [
      KIND_WORDS[master.kind],
      keyWords(master),
      master.frames === null ? '?' : String(master.frames),
      master.dateObs?.slice(0, 10) ?? '?',
      master.ageDays === null ? '?' : `${master.ageDays} d`,
      master.usedBy.length === 0 ? '-' : `${plural(master.usedBy.length, 'run')} (last ${master.usedBy.at(-1)!.at.slice(0, 10)})`,
      `${master.relativePath}${master.program && master.program !== 'NightCal' ? ` (${master.program})` : ''}`,
    ]);
    lines.push('', ...table(['kind', 'keys', 'frames', 'date', 'age', 'used by', 'file'], rows));
  }
  if (listing.skipped.length > 0) lines.push('', `skipped ${plural(listing.skipped.length, 'file')}:`, ...listing.skipped.map((s) => `  ${s.relativePath}: ${s.reason}`));
  const raw = Object.entries(listing.rawFrames).filter(([, count]) => count > 0);
  if (raw.length > 0) {
    const counts = raw.map(([kind, count]) => `${count} ${KIND_WORDS[kind as MasterKind]}`).join(', ');
    lines.push('', `raw calibration frames not made into masters: ${counts} (nightcal library add DIR makes masters of a folder of them)`);
  }
  for (const note of listing.notes) lines.push(`note: ${note}`);
  return lines.join('\n');
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = head.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells: readonly string[]): string => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ');
  return [line(head), ...rows.map(line)];
}
