/** Two builds of the same master differ only in their DATE card: the same master; any other difference is another. */
import { describe, expect, test } from 'vitest';
import { formatCard } from '../../../electron/fits/write-fits';
import { differsOnlyInCreationDate } from '../../../electron/library/same-master';
import { fitsBytes } from './library-fixtures';

const master = (date: string, gain = 100, seed = 7): Buffer => fitsBytes([formatCard('IMAGETYP', 'MASTER DARK'), formatCard('DATE', date, 'UTC file creation'), formatCard('GAIN', gain)], seed);

describe('differsOnlyInCreationDate', () => {
  test('the same master written at two times', () => {
    expect(differsOnlyInCreationDate(master('2026-12-01T23:12:39'), master('2026-12-02T08:00:00'))).toBe(true);
    expect(differsOnlyInCreationDate(master('2026-12-01T23:12:39'), master('2026-12-01T23:12:39'))).toBe(true);
  });

  test('another header value, other pixels, or a DATE elsewhere: not the same', () => {
    expect(differsOnlyInCreationDate(master('2026-12-01T23:12:39'), master('2026-12-02T08:00:00', 200))).toBe(false);
    expect(differsOnlyInCreationDate(master('2026-12-01T23:12:39'), master('2026-12-02T08:00:00', 100, 8))).toBe(false);
    const moved = fitsBytes([formatCard('DATE', '2026-12-02T08:00:00', 'UTC file creation'), formatCard('IMAGETYP', 'MASTER DARK'), formatCard('GAIN', 100)], 7);
    expect(differsOnlyInCreationDate(master('2026-12-01T23:12:39'), moved)).toBe(false);
    const noDate = fitsBytes([formatCard('IMAGETYP', 'MASTER DARK'), formatCard('GAIN', 100)], 7);
    expect(differsOnlyInCreationDate(noDate, noDate)).toBe(false); // identical bytes are the SHA-256 check's business
  });
});
