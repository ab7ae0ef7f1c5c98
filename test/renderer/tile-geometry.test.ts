import { describe, expect, it } from 'vitest';
import { TILE_SIZE, tileOf, tileRect, visibleTiles, wantsTruePixels } from '../../renderer/preview/tile-geometry';

describe('full-resolution tiles', () => {
  it('are 512 stored pixels a side, cut at the image edge', () => {
    expect(TILE_SIZE).toBe(512);
    expect(tileOf({ x: 511, y: 512 })).toEqual({ column: 0, row: 1 });
    expect(tileRect({ column: 1, row: 1 }, 1100, 700)).toEqual({ x: 512, y: 512, width: 512, height: 188 });
    expect(tileRect({ column: 2, row: 0 }, 1100, 700)).toEqual({ x: 1024, y: 0, width: 76, height: 512 });
  });

  it('a pane at 1:1 centred on a 1100 × 700 frame sees the tiles around the centre, rows counted from the first stored row', () => {
    // 400 × 300 pane at zoom 1, centre (550, 350): display x 350–750, y 200–500 → stored rows 200–499.
    expect(visibleTiles({ centerX: 550, centerY: 350, zoom: 1 }, { width: 400, height: 300 }, 1100, 700)).toEqual([
      { column: 0, row: 0 },
      { column: 1, row: 0 },
    ]);
    // Panned up to the top edge (display y 0–100 = stored rows 600–699): only the second tile row.
    expect(visibleTiles({ centerX: 100, centerY: 50, zoom: 1 }, { width: 200, height: 100 }, 1100, 700)).toEqual([{ column: 0, row: 1 }]);
    // Off the image: none.
    expect(visibleTiles({ centerX: -500, centerY: 50, zoom: 1 }, { width: 200, height: 100 }, 1100, 700)).toEqual([]);
  });

  it('are wanted from 1:1 on, over a binned preview only', () => {
    expect(wantsTruePixels(1, 2, false)).toBe(true);
    expect(wantsTruePixels(0.99, 2, false)).toBe(false);
    expect(wantsTruePixels(4, 1, false)).toBe(false);
    expect(wantsTruePixels(1, 2, true)).toBe(false); // a colour preview of bin 2 is already one superpixel per cell
    expect(wantsTruePixels(1, 4, true)).toBe(true);
  });
});
