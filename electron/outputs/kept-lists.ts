/**
 * The kept lists: per filter, the calibrated lights a stacker should take, one output path a line
 * relative to the list's folder (the output folder), in `kept_<filter>.txt`. Rejections never
 * touch a file: a light left out is only left out of its list. Each list is rewritten atomically
 * whenever a verdict or the rules change.
 */
import { join } from 'node:path';
import { writeFileAtomicSync } from './atomic-write';

/** One filter's kept outputs, as paths relative to the output folder with forward slashes. */
export interface KeptList {
  readonly filter: string | null;
  readonly outputs: readonly string[];
}

/** The file name of each filter's list: unsafe characters made '_', names that meet told apart by a number. */
export function keptListNames(filters: readonly (string | null)[]): Map<string | null, string> {
  const names = new Map<string | null, string>();
  const taken = new Set<string>();
  const ordered = [...new Set(filters)].sort((a, b) => (a === null ? -1 : b === null ? 1 : a < b ? -1 : a > b ? 1 : 0));
  for (const filter of ordered) {
    const base = filter === null ? 'no-filter' : filter.replace(/[^A-Za-z0-9.-]/g, '_').replace(/^\.+/, '_') || '_';
    let name = `kept_${base}.txt`;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `kept_${base}_${n}.txt`;
    taken.add(name.toLowerCase());
    names.set(filter, name);
  }
  return names;
}

/** Writes every list into `outputDir`; returns where each went and how many lights it holds. */
export function writeKeptLists(outputDir: string, lists: readonly KeptList[]): { readonly filter: string | null; readonly path: string; readonly frames: number }[] {
  const names = keptListNames(lists.map((list) => list.filter));
  return lists.map((list) => {
    const path = join(outputDir, names.get(list.filter)!);
    const text = list.outputs.map((output) => `${output}\n`).join('');
    writeFileAtomicSync(path, [Buffer.from(text, 'utf8')], { replaces: 'run-file' });
    return { filter: list.filter, path, frames: list.outputs.length };
  });
}
