/**
 * Part F: opening a calibration library of 5,000 files (20 folders of 250 small raw darks) with
 * `nightcal library list --json`, cold (no index: every header read and every file hashed) and
 * warm (index.json present: one stat per file). Reported: the open's own seconds (walk, index,
 * reads; from the listing) and the whole command (spawn → exit), medians of the rounds, and the
 * ratio cold / warm.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SETTLE_MS } from '../../electron/library/library-index';
import { CLI_PATH } from '../support/built-cli';
import { fitsBytes, rawCards } from '../electron/library/library-fixtures';
import { measureCommand, stderrTail } from './measure-command';
import { fixed, markdownTable, spread, textTable, times, withRange, type Row, type Spread } from './report';
import { settle } from './settle';

export const LIBRARY_FILES = 5000;
const FOLDERS = 20;

export interface LibraryOpenFigures {
  readonly files: number;
  readonly cold: { readonly openSeconds: Spread; readonly commandSeconds: Spread };
  readonly warm: { readonly openSeconds: Spread; readonly commandSeconds: Spread };
}

async function listOnce(library: string): Promise<{ openSeconds: number; commandSeconds: number; files: number }> {
  const measured = await measureCommand(process.execPath, [CLI_PATH, 'library', 'list', '--library', library, '--json']);
  if (measured.code !== 0) throw new Error(`nightcal library list failed (exit ${measured.code}):\n${stderrTail(measured)}`);
  const listing = JSON.parse(measured.stdout.map((line) => line.text).join('\n')) as { libraries: { files: number; seconds: number }[]; notes: string[] };
  return { openSeconds: listing.libraries[0].seconds, commandSeconds: measured.wallSeconds, files: listing.libraries[0].files };
}

export async function benchLibraryOpen(root: string, rounds: number, log: (line: string) => void): Promise<LibraryOpenFigures> {
  const library = join(root, 'library');
  log(`Part F: writing a library of ${LIBRARY_FILES} small frames, then ${rounds} cold and ${rounds} warm opens…`);
  for (let d = 0; d < FOLDERS; d++) {
    const dir = join(library, `darks-${d}`);
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < LIBRARY_FILES / FOLDERS; i++) writeFileSync(join(dir, `dark_${i}.fits`), fitsBytes(rawCards('DARK', 300, 100, -10, '2026-01-01T22:00:00'), d * 1000 + i + 1));
  }
  // Files changed moments ago are read again at every open until they settle: let them.
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS + 100));
  const index = join(library, '.nightcal-library', 'index.json');
  type Open = Awaited<ReturnType<typeof listOnce>>;
  const cold: Open[] = [];
  const warm: Open[] = [];
  for (let r = 0; r < rounds; r++) {
    rmSync(index, { force: true });
    await settle();
    cold.push(await listOnce(library));
    await settle();
    warm.push(await listOnce(library));
  }
  rmSync(library, { recursive: true, force: true });
  if (cold.some((run) => run.files !== LIBRARY_FILES) || warm.some((run) => run.files !== LIBRARY_FILES)) throw new Error(`an open did not find the ${LIBRARY_FILES} files`);
  const figures = (runs: readonly Open[]) => ({ openSeconds: spread(runs.map((run) => run.openSeconds)), commandSeconds: spread(runs.map((run) => run.commandSeconds)) });
  return { files: LIBRARY_FILES, cold: figures(cold), warm: figures(warm) };
}

export function libraryOpenTable(f: LibraryOpenFigures): { text: string; markdown: string } {
  const header = [`library of ${f.files} files`, 'cold (no index): s', 'warm (index): s', 'cold / warm', 'warm files/s'];
  const row = (name: string, cold: Spread, warm: Spread): Row => [name, withRange(cold, 3), withRange(warm, 3), times(cold.median / warm.median), fixed(f.files / warm.median, 0)];
  const rows: Row[] = [
    row('open (its own seconds: walk, index, reads)', f.cold.openSeconds, f.warm.openSeconds),
    row('`nightcal library list --json` (spawn → exit)', f.cold.commandSeconds, f.warm.commandSeconds),
  ];
  return { text: textTable(header, rows), markdown: markdownTable(header, rows) };
}
