/**
 * Finding star candidates cheaply. The image is binned 2×2 (a mosaic's superpixels already
 * are) and compared with the sky mesh; a candidate is a local maximum above the threshold.
 * Binning doubles the significance of any star wider than 2 px and halves the pixels to test.
 *
 * Only part of a large frame is searched: square tiles in an order that spreads any prefix of
 * them over the whole field (corners and centre alike), until the area asked for is covered and
 * enough stars were seen. Reading a whole 6248×4176 frame costs more than the measurement's
 * budget by itself; a tenth of it, or enough tiles to see 100 stars, gives the PSF and the star
 * density nearly as well as all of it.
 *
 * Candidates on an extremely elongated patch of signal (a satellite or aeroplane trail) are
 * marked: the connected region above the threshold around them is measured by its moments.
 */
import { skyAlongRow, type SkyMesh } from './sky-mesh';
import type { PixelRows } from './pixel-rows';

/** A local maximum of the binned image, in pixels of the measured image. */
export interface Candidate {
  /** Centre of the binned pixel holding the maximum. */
  readonly x: number;
  readonly y: number;
  /** Its significance: (binned value − sky) / binned σ. */
  readonly significance: number;
  /** True when it sits on a streak (a trail), never a star. */
  readonly onStreak: boolean;
  /** True when its tile is among those every frame of this size searches (see Detection.baseCoverage). */
  readonly inBase: boolean;
}

/** What the search covered and found. */
export interface Detection {
  readonly candidates: Candidate[];
  /** Fraction of the binned image searched, 0..1. */
  readonly coverage: number;
  /**
   * Fraction covered by the tiles searched whatever the frame holds (the first ones reaching
   * `coverage`): the same tiles, so the same stars, in every frame of this size and field.
   */
  readonly baseCoverage: number;
  /** Pixels of the measured image searched. */
  readonly pixelsSearched: number;
}

/** Options of findCandidates. */
export interface DetectionOptions {
  /** Binning of the measured image before the search: 2, or 1 when it is already superpixels. */
  readonly bin: 1 | 2;
  /** Candidate threshold in binned σ. */
  readonly threshold: number;
  /** Search at least this fraction of the image (0..1]. */
  readonly coverage: number;
  /** Keep searching past `coverage` until this many candidates above `confirmSignificance` were found. */
  readonly minStars: number;
  readonly confirmSignificance: number;
  /** Tile side in binned pixels (64). */
  readonly tileSize?: number;
}

/** Smallest region measured as a possible streak, in binned pixels. */
const STREAK_MIN_PIXELS = 15;
/** Axis ratio below which a region is a streak: a star, even at e = 0.9, stays above 0.43. */
const STREAK_MAX_AXIS_RATIO = 0.25;

/** Candidates of `image` against its sky `mesh`. */
export function findCandidates(image: PixelRows, mesh: SkyMesh, options: DetectionOptions): Detection {
  const bin = options.bin;
  const binnedWidth = Math.floor(image.width / bin);
  const binnedHeight = Math.floor(image.height / bin);
  const tile = options.tileSize ?? 64;
  const tilesX = Math.max(1, Math.ceil(binnedWidth / tile));
  const tilesY = Math.max(1, Math.ceil(binnedHeight / tile));
  const order = spreadOrder(tilesX, tilesY);
  const side = tile + 2; // one binned pixel of margin all round, for the local-maximum test
  const scratch = {
    significance: new Float32Array(side * side),
    label: new Int32Array(side * side),
    row: new Float32Array(side * bin * bin),
    level: new Float32Array(side),
    sigma: new Float32Array(side),
    stack: new Int32Array(side * side),
  };
  const candidates: Candidate[] = [];
  const total = binnedWidth * binnedHeight;
  let searched = 0;
  let confirmed = 0;
  let base = -1;
  for (const index of order) {
    if (searched >= options.coverage * total) {
      if (base < 0) base = searched;
      if (confirmed >= options.minStars) break;
    }
    const tx = index % tilesX;
    const ty = Math.floor(index / tilesX);
    const x0 = tx * tile;
    const y0 = ty * tile;
    const w = Math.min(tile, binnedWidth - x0);
    const h = Math.min(tile, binnedHeight - y0);
    if (w <= 0 || h <= 0) continue;
    searched += w * h;
    const found = searchTile(image, mesh, bin, x0, y0, w, h, binnedWidth, binnedHeight, side, options.threshold, scratch, base < 0);
    for (const c of found) {
      candidates.push(c);
      if (!c.onStreak && c.significance >= options.confirmSignificance) confirmed++;
    }
  }
  if (base < 0) base = searched;
  return { candidates, coverage: total === 0 ? 0 : searched / total, baseCoverage: total === 0 ? 0 : base / total, pixelsSearched: searched * bin * bin };
}

interface TileScratch {
  significance: Float32Array;
  label: Int32Array;
  row: Float32Array;
  level: Float32Array;
  sigma: Float32Array;
  stack: Int32Array;
}

/** Local maxima above `threshold` in binned pixels [x0, x0+w) × [y0, y0+h). */
function searchTile(
  image: PixelRows, mesh: SkyMesh, bin: 1 | 2, x0: number, y0: number, w: number, h: number,
  binnedWidth: number, binnedHeight: number, side: number, threshold: number, s: TileScratch, inBase: boolean,
): Candidate[] {
  const sig = s.significance;
  sig.fill(-Infinity);
  // binned rows y0−1 … y0+h, columns x0−1 … x0+w (clamped to the image)
  const bx0 = Math.max(0, x0 - 1);
  const bx1 = Math.min(binnedWidth, x0 + w + 1);
  const count = bx1 - bx0;
  for (let by = Math.max(0, y0 - 1); by < Math.min(binnedHeight, y0 + h + 1); by++) {
    const rowAt = (by - y0 + 1) * side + (bx0 - x0 + 1);
    skyAlongRow(mesh, by * bin + (bin - 1) / 2, bx0 * bin + (bin - 1) / 2, bin, count, s.level, s.sigma);
    const level = s.level;
    const sigma = s.sigma;
    const host = image.host;
    if (host !== undefined && bin === 2) {
      // in place: no copy of the rows first
      const top = 2 * by * image.width + 2 * bx0;
      const bottom = top + image.width;
      for (let i = 0, j = 0; i < count; i++, j += 2) {
        const v = (host[top + j] + host[top + j + 1] + host[bottom + j] + host[bottom + j + 1] - 4 * level[i]) / (2 * sigma[i]);
        sig[rowAt + i] = v === v ? v : -Infinity;
      }
      continue;
    }
    const sums = s.row;
    const span = count * bin;
    for (let k = 0; k < bin; k++) image.readRow(by * bin + k, bx0 * bin, span, sums, k * span);
    if (bin === 2) {
      for (let i = 0, j = 0; i < count; i++, j += 2) {
        const v = (sums[j] + sums[j + 1] + sums[span + j] + sums[span + j + 1] - 4 * level[i]) / (2 * sigma[i]);
        sig[rowAt + i] = v === v ? v : -Infinity; // a blank pixel is no signal
      }
    } else {
      for (let i = 0; i < count; i++) {
        const v = (sums[i] - level[i]) / sigma[i];
        sig[rowAt + i] = v === v ? v : -Infinity;
      }
    }
  }
  const label = s.label;
  label.fill(0);
  const found: Candidate[] = [];
  const streak: boolean[] = [false];
  for (let y = 1; y <= h; y++) {
    for (let x = 1; x <= w; x++) {
      const i = y * side + x;
      const v = sig[i];
      if (!(v > threshold)) continue;
      // strictly above the neighbours before it, at least equal to those after: one maximum per plateau
      if (!(v > sig[i - side - 1] && v > sig[i - side] && v > sig[i - side + 1] && v > sig[i - 1] &&
        v >= sig[i + 1] && v >= sig[i + side - 1] && v >= sig[i + side] && v >= sig[i + side + 1])) continue;
      if (label[i] === 0) streak.push(labelRegion(sig, label, s.stack, side, i, threshold, streak.length));
      found.push({ x: ((x0 + x - 1) + 0.5) * bin - 0.5, y: ((y0 + y - 1) + 0.5) * bin - 0.5, significance: v, onStreak: streak[label[i]], inBase });
    }
  }
  return found;
}

/**
 * Labels the 8-connected region above `threshold` holding pixel `seed` with `id`; true when the
 * region is a streak: large and with an axis ratio (from its pixels' second moments) below
 * STREAK_MAX_AXIS_RATIO.
 */
function labelRegion(sig: Float32Array, label: Int32Array, stack: Int32Array, side: number, seed: number, threshold: number, id: number): boolean {
  let top = 0;
  stack[top++] = seed;
  label[seed] = id;
  let n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  while (top > 0) {
    const i = stack[--top];
    const x = i % side;
    const y = (i - x) / side;
    n++;
    sx += x;
    sy += y;
    sxx += x * x;
    syy += y * y;
    sxy += x * y;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx;
        const yy = y + dy;
        if (xx < 0 || yy < 0 || xx >= side || yy >= side) continue;
        const j = yy * side + xx;
        if (label[j] === 0 && sig[j] > threshold) {
          label[j] = id;
          stack[top++] = j;
        }
      }
    }
  }
  if (n < STREAK_MIN_PIXELS) return false;
  const mx = sx / n;
  const my = sy / n;
  const cxx = sxx / n - mx * mx;
  const cyy = syy / n - my * my;
  const cxy = sxy / n - mx * my;
  const half = (cxx + cyy) / 2;
  const spread = Math.sqrt(((cxx - cyy) / 2) ** 2 + cxy * cxy);
  const major = half + spread;
  const minor = Math.max(0, half - spread) + 1 / 12; // a one-pixel-wide line still has a width
  return Math.sqrt(minor / major) < STREAK_MAX_AXIS_RATIO;
}

/**
 * Tile indices (row-major over tilesX × tilesY) in an order that covers the field evenly at
 * every prefix: sorted by the bit-reversed tile coordinates, interleaved (coarse to fine).
 */
export function spreadOrder(tilesX: number, tilesY: number): number[] {
  const bits = Math.max(1, Math.ceil(Math.log2(Math.max(tilesX, tilesY))));
  const reverse = (v: number) => {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((v >> b) & 1) << (bits - 1 - b);
    return r;
  };
  const keyed: [number, number][] = [];
  for (let ty = 0; ty < tilesY; ty++) {
    for (let tx = 0; tx < tilesX; tx++) {
      const rx = reverse(tx);
      const ry = reverse(ty);
      let key = 0;
      for (let b = bits - 1; b >= 0; b--) key = key * 4 + ((ry >> b) & 1) * 2 + ((rx >> b) & 1);
      keyed.push([key, ty * tilesX + tx]);
    }
  }
  keyed.sort((a, b) => a[0] - b[0]);
  return keyed.map((k) => k[1]);
}
