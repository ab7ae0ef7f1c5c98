import { describe, expect, it } from 'vitest';
import type { PixelsRequest } from '../../shared/contract';
import { TILE_CACHE_LIMIT, tileKey } from '../../renderer/preview/preview-slice';
import { createAppStore } from '../../renderer/store';
import { stubApi } from './store-fixtures';

const source = { kind: 'raw', frameId: 'light_01.fits' } as const;

function storeAnswering(requests: PixelsRequest[]) {
  return createAppStore(
    stubApi({
      getPixels: async (request) => {
        requests.push(request);
        return { ...request, sourceWidth: 100_000, sourceHeight: 1100, pixels: new Float32Array(request.width * request.height), bayer: null };
      },
    }),
  );
}

describe('the full-resolution tile cache', () => {
  it('asks for each tile once, as the tile of the image it is (cut at its edges)', async () => {
    const requests: PixelsRequest[] = [];
    const store = storeAnswering(requests);
    await store.getState().loadTile(source, { column: 1, row: 2 }, 1100, 1100);
    await store.getState().loadTile(source, { column: 1, row: 2 }, 1100, 1100);
    expect(requests).toEqual([{ source, x: 512, y: 1024, width: 512, height: 76 }]);
    expect(store.getState().tiles[tileKey(source, { column: 1, row: 2 })]?.status).toBe('ready');
  });

  it(`keeps at most ${TILE_CACHE_LIMIT} tiles, dropping the least recently loaded`, async () => {
    const store = storeAnswering([]);
    const count = TILE_CACHE_LIMIT + 5;
    for (let column = 0; column < count; column++) await store.getState().loadTile(source, { column, row: 0 }, 100_000, 1100);
    const keys = Object.keys(store.getState().tiles);
    expect(keys).toHaveLength(TILE_CACHE_LIMIT);
    expect(keys).not.toContain(tileKey(source, { column: 4, row: 0 }));
    expect(keys).toContain(tileKey(source, { column: 5, row: 0 }));
    expect(keys).toContain(tileKey(source, { column: count - 1, row: 0 }));
  });

  it('a failed tile is kept as failed and not asked for again at every pan', async () => {
    let asked = 0;
    const store = createAppStore(stubApi({ getPixels: async () => Promise.reject(new Error(`nope ${++asked}`)) }));
    await store.getState().loadTile(source, { column: 0, row: 0 }, 600, 600);
    await store.getState().loadTile(source, { column: 0, row: 0 }, 600, 600);
    expect(asked).toBe(1);
    expect(store.getState().tiles[tileKey(source, { column: 0, row: 0 })]).toEqual({ status: 'failed', message: 'nope 1' });
  });
});
