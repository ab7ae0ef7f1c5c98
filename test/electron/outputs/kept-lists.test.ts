import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { keptListNames, writeKeptLists } from '../../../electron/outputs/kept-lists';
import { removeFolder, tempFolder } from '../fits/fits-fixtures';

let folder: string;
beforeAll(() => {
  folder = tempFolder('kept-lists');
});
afterAll(() => removeFolder(folder));

describe('kept lists', () => {
  test('one file per filter, safe names, filters whose names meet told apart, no filter named as such', () => {
    const names = keptListNames(['Ha', 'O III', 'O/III', null, 'L']);
    expect(names.get('Ha')).toBe('kept_Ha.txt');
    expect(names.get(null)).toBe('kept_no-filter.txt');
    expect(names.get('L')).toBe('kept_L.txt');
    expect(new Set([names.get('O III'), names.get('O/III')])).toEqual(new Set(['kept_O_III.txt', 'kept_O_III_2.txt']));
    expect(keptListNames(['..', '.hidden']).get('..')).toBe('kept__.txt'); // never a name of dots
    expect(keptListNames(['..', '.hidden']).get('.hidden')).toBe('kept__hidden.txt');
  });

  test('one output path a line, relative to the list, rewritten whole when the verdicts change', () => {
    const lists = writeKeptLists(folder, [{ filter: 'L', outputs: ['Lights/a.fits', 'Lights/b c.fits'] }, { filter: 'R', outputs: [] }]);
    expect(lists).toEqual([
      { filter: 'L', path: join(folder, 'kept_L.txt'), frames: 2 },
      { filter: 'R', path: join(folder, 'kept_R.txt'), frames: 0 },
    ]);
    expect(readFileSync(join(folder, 'kept_L.txt'), 'utf8')).toBe('Lights/a.fits\nLights/b c.fits\n');
    expect(readFileSync(join(folder, 'kept_R.txt'), 'utf8')).toBe('');
    writeKeptLists(folder, [{ filter: 'L', outputs: ['Lights/b c.fits'] }]);
    expect(readFileSync(join(folder, 'kept_L.txt'), 'utf8')).toBe('Lights/b c.fits\n');
  });
});
