import { describe, expect, it } from 'vitest';
import { flipRows, keepRedOnly } from '../../renderer/preview/preview-bitmap';

describe('preview bitmap', () => {
  it('flipRows puts the first row at the bottom (DS9 orientation), odd and even heights', () => {
    // 1 pixel wide, rows tagged by their red byte.
    const three = Uint8ClampedArray.from([1, 0, 0, 255, 2, 0, 0, 255, 3, 0, 0, 255]);
    flipRows(three, 1, 3);
    expect([three[0], three[4], three[8]]).toEqual([3, 2, 1]);
    const two = Uint8ClampedArray.from([1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2]);
    flipRows(two, 2, 2);
    expect(Array.from(two)).toEqual([2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('keepRedOnly zeroes green and blue, keeps red and alpha', () => {
    const rgba = Uint8ClampedArray.from([10, 20, 30, 255]);
    keepRedOnly(rgba);
    expect(Array.from(rgba)).toEqual([10, 0, 0, 255]);
  });
});
