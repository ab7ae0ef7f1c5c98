/**
 * Step 5, looking at frames: which frame or master the viewer shows, the previews and headers
 * fetched so far (a few, evicted oldest first: one 1024-pixel preview is 4 MB), the stretch,
 * and the view transform both panes share.
 */
import type { FrameRunState, HeaderView, ImageSource, NightcalEvent, PixelBlock, PreviewImage } from '../../shared/contract';
import { errorMessage } from '../error-message';
import type { AppState, SliceCreator } from '../store';
import { defaultStretch, type StretchSettings } from './stretch-params';
import { tileRect, type TileIndex } from './tile-geometry';
import type { ViewTransform } from './view-transform';

/** What the viewer was opened on. */
export type ViewerTarget = { readonly kind: 'frame'; readonly frameId: string } | { readonly kind: 'master'; readonly masterId: string };

/** A request's state, then its answer. */
export type Fetched<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly value: T }
  | { readonly status: 'failed'; readonly message: string };

/** Longest side of the viewer's previews and of the masters' thumbnails, in pixels. */
export const VIEWER_PREVIEW_SIZE = 1024;
export const THUMBNAIL_PREVIEW_SIZE = 320;
/**
 * Viewer-size previews (and headers) kept at once. Master thumbnails are not counted and
 * never evicted: each card shows its own, there is one per master, and evicting one would
 * make its card fetch it again and evict the next, round and round, on a night of many masters.
 */
const PREVIEW_CACHE_LIMIT = 12;

/** True for a cache key that may be evicted (anything but a master's thumbnail). */
export function isEvictable(key: string): boolean {
  return !(key.startsWith('master:') && key.endsWith(`@${THUMBNAIL_PREVIEW_SIZE}`));
}

/** Full-resolution tiles kept at once (1 MB each): more than two panes at 1:1 show, however large the window. */
export const TILE_CACHE_LIMIT = 48;

/** A light's panes: raw and calibrated side by side, or one pane showing either (flipped with `t`). */
export type PaneLayout = 'both' | 'raw' | 'calibrated';

export interface PreviewSlice {
  readonly viewer: ViewerTarget | null;
  readonly previews: Readonly<Record<string, Fetched<PreviewImage>>>;
  /** Full-resolution tiles by tileKey, the least recently loaded dropped past TILE_CACHE_LIMIT. */
  readonly tiles: Readonly<Record<string, Fetched<PixelBlock>>>;
  readonly paneLayout: PaneLayout;
  readonly headers: Readonly<Record<string, Fetched<HeaderView>>>;
  readonly stretch: StretchSettings;
  /** Colour sensors' frames shown as their raw mosaic (grey, one value per photosite) instead of in colour. */
  readonly mosaic: boolean;
  /** Null until the viewer has fitted the image to its pane. */
  readonly view: ViewTransform | null;
  /** Show a frame or master; `keepView` keeps zoom and pan (stepping through lights of one size, to blink them). */
  openViewer(target: ViewerTarget, keepView?: boolean): void;
  closeViewer(): void;
  /** Fetch a preview unless it is cached or on its way (`mosaic`: a colour frame's raw mosaic). */
  loadPreview(source: ImageSource, maxSize: number, mosaic?: boolean): Promise<void>;
  loadHeader(source: ImageSource): Promise<void>;
  /** Fetch a full-resolution tile of an image of the given size unless it is cached or on its way. */
  loadTile(source: ImageSource, tile: TileIndex, sourceWidth: number, sourceHeight: number): Promise<void>;
  setPaneLayout(layout: PaneLayout): void;
  setStretch(patch: Partial<StretchSettings>): void;
  setView(view: ViewTransform | null): void;
  setMosaic(mosaic: boolean): void;
}

export const initialPreviewState = {
  viewer: null,
  previews: {},
  tiles: {},
  paneLayout: 'both',
  headers: {},
  stretch: defaultStretch,
  mosaic: false,
  view: null,
} satisfies Partial<PreviewSlice>;

/** A stable key for an image source (and preview size, and whether it is the raw mosaic). */
export function sourceKey(source: ImageSource, maxSize?: number, mosaic = false): string {
  const id = source.kind === 'master' ? source.masterId : source.frameId;
  return maxSize === undefined ? `${source.kind}:${id}` : `${source.kind}:${id}@${maxSize}${mosaic ? '/mosaic' : ''}`;
}

/** The cache key of a full-resolution tile (under its source's key, so withoutSource drops it too). */
export function tileKey(source: ImageSource, tile: TileIndex): string {
  return `${sourceKey(source)}@tile ${tile.column},${tile.row}`;
}

/**
 * The images the viewer shows for a target: a master alone; a light's raw frame, and beside it
 * the calibrated one once it exists (done now, or skipped because an earlier run wrote it).
 */
export function viewerSources(target: ViewerTarget, runFrames: Readonly<Record<string, FrameRunState>>): ImageSource[] {
  if (target.kind === 'master') return [{ kind: 'master', masterId: target.masterId }];
  const raw: ImageSource = { kind: 'raw', frameId: target.frameId };
  const status = runFrames[target.frameId]?.status;
  return status === 'done' || status === 'skipped' ? [raw, { kind: 'calibrated', frameId: target.frameId }] : [raw];
}

/**
 * `entries` with `key` set last, dropping the oldest evictable entries beyond `limit`
 * evictable ones (entries that are not evictable are kept, and not counted).
 */
export function withCacheEntry<T>(
  entries: Readonly<Record<string, T>>,
  key: string,
  entry: T,
  limit: number,
  evictable: (key: string) => boolean = () => true,
): Record<string, T> {
  const { [key]: _replaced, ...rest } = entries;
  const keys = Object.keys(rest);
  const counted = keys.filter(evictable);
  const dropped = new Set(counted.slice(0, Math.max(0, counted.length - (evictable(key) ? limit - 1 : limit))));
  const kept: Record<string, T> = {};
  for (const k of keys) if (!dropped.has(k)) kept[k] = rest[k];
  kept[key] = entry;
  return kept;
}

/**
 * What is wrong with a preview as received, or null when it can be drawn: a bug on the other
 * side of the transport must show as a message on its pane, not blank the window.
 */
export function previewProblem(image: PreviewImage): string | null {
  const missing = (['pixels', 'stats', 'histogram', 'limits'] as const).filter((field) => image[field] == null);
  if (missing.length > 0) return `the preview arrived without ${missing.join(', ')}`;
  if (!(image.pixels instanceof Float32Array)) return 'the preview pixels are not a Float32Array';
  if (!(image.width > 0 && image.height > 0 && image.binFactor >= 1)) return `the preview has no usable size (${image.width}×${image.height}, bin ${image.binFactor})`;
  if (image.pixels.length !== image.width * image.height) return `the preview holds ${image.pixels.length} pixels, ${image.width}×${image.height} were announced`;
  return null;
}

/** The preview slice's change for a batch of events: a master or light just (re)written drops its cached images. */
export function previewAfterEvents(state: AppState, events: readonly NightcalEvent[]): Partial<PreviewSlice> {
  let previews = state.previews;
  let headers = state.headers;
  let tiles = state.tiles;
  for (const event of events) {
    const source: ImageSource | null =
      event.kind === 'master' && event.status === 'done' ? { kind: 'master', masterId: event.masterId } : event.kind === 'frame' && event.status === 'done' ? { kind: 'calibrated', frameId: event.frameId } : null;
    if (!source) continue;
    previews = withoutSource(previews, source);
    headers = withoutSource(headers, source);
    tiles = withoutSource(tiles, source);
  }
  return { ...(previews !== state.previews && { previews }), ...(headers !== state.headers && { headers }), ...(tiles !== state.tiles && { tiles }) };
}

/** Creates the preview slice over a client. */
export const createPreviewSlice: SliceCreator<PreviewSlice> = (set, get, client) => ({
  ...initialPreviewState,
  openViewer: (target, keepView = false) => set({ viewer: target, view: keepView ? get().view : null }),
  closeViewer: () => set({ viewer: null, view: null }),
  async loadPreview(source, maxSize, mosaic = false) {
    const key = sourceKey(source, maxSize, mosaic);
    const current = get().previews[key];
    if (current && current.status !== 'failed') return;
    const put = (entry: Fetched<PreviewImage>) => set({ previews: withCacheEntry(get().previews, key, entry, PREVIEW_CACHE_LIMIT, isEvictable) });
    put({ status: 'loading' });
    try {
      const image = await client.getPreview(mosaic ? { source, maxSize, mosaic } : { source, maxSize });
      const problem = previewProblem(image);
      put(problem ? { status: 'failed', message: `${sourceKey(source)}: ${problem}` } : { status: 'ready', value: image });
    } catch (error) {
      put({ status: 'failed', message: errorMessage(error) });
    }
  },
  async loadHeader(source) {
    const key = sourceKey(source);
    const current = get().headers[key];
    if (current && current.status !== 'failed') return;
    const put = (entry: Fetched<HeaderView>) => set({ headers: withCacheEntry(get().headers, key, entry, PREVIEW_CACHE_LIMIT) });
    put({ status: 'loading' });
    try {
      put({ status: 'ready', value: await client.getHeader({ source }) });
    } catch (error) {
      put({ status: 'failed', message: errorMessage(error) });
    }
  },
  async loadTile(source, tile, sourceWidth, sourceHeight) {
    const key = tileKey(source, tile);
    // A failed tile is not asked for again at every pan: the preview stays, its readout says it is a mean.
    if (get().tiles[key]) return;
    const put = (entry: Fetched<PixelBlock>) => set({ tiles: withCacheEntry(get().tiles, key, entry, TILE_CACHE_LIMIT) });
    put({ status: 'loading' });
    try {
      put({ status: 'ready', value: await client.getPixels({ source, ...tileRect(tile, sourceWidth, sourceHeight) }) });
    } catch (error) {
      put({ status: 'failed', message: errorMessage(error) });
    }
  },
  setPaneLayout: (paneLayout) => set({ paneLayout }),
  setStretch: (patch) => set({ stretch: { ...get().stretch, ...patch } }),
  setView: (view) => set({ view }),
  setMosaic: (mosaic) => set({ mosaic }),
});

/** `entries` without any cached image of `source` (any size); the same object when none was cached. */
export function withoutSource<T>(entries: Readonly<Record<string, T>>, source: ImageSource): Readonly<Record<string, T>> {
  const exact = sourceKey(source);
  const stale = Object.keys(entries).filter((key) => key === exact || key.startsWith(`${exact}@`));
  if (stale.length === 0) return entries;
  const kept: Record<string, T> = { ...entries };
  for (const key of stale) delete kept[key];
  return kept;
}
