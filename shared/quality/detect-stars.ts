/**
 * Finding star candidates cheaply. The image is binned 2×2 (a mosaic's superpixels already
 * are) and compared with the sky mesh; a candidate is a local maximum above the threshold.
 * Binning doubles the significance of any star wider than 2 px and halves the pixels to test.
 *
 * Only part of a large frame is searched: bands of rows the whole width of the frame, in an
 * order that spreads any prefix of them over the whole field (top, middle and bottom alike),
 * until the area asked for is covered and enough stars were seen. Reading a whole 6248×4176
 * frame costs more than the measurement's budget by itself; a tenth of it, or enough bands to
 * see 100 stars, gives the PSF and the star density nearly as well as all of it. Bands rather
 * than square tiles: a band's rows are long runs of memory, which the core streams, where every
 * row of a 128-px tile starts a new page and waits for it (12.6 against 3 ms to read a tenth of a
 * 6248×4176 frame on the bench machine).
 *
 * Candidates on an extremely elongated patch of signal (a satellite or aeroplane trail) are
 * marked: the connected region above the threshold around them is measured by its moments.
 */
import { meshRowsOf, skyAlongCellRow } from './sky-between-cells';
import { labelRegion } from './streak-regions';
import type { SkyMesh } from './sky-mesh';
import type { PixelRows, WasmPixels } from './pixel-rows';
import { qualityKernelOf } from './quality-simd';
import { CUTOUT_SCRATCH_BYTES } from './cutout-kernel';

/** A local maximum of the binned image, in pixels of the measured image. */
export interface Candidate {
  /** Centre of the binned pixel holding the maximum. */
  readonly x: number;
  readonly y: number;
  /** Its significance: (binned value − sky) / binned σ. */
  readonly significance: number;
  /** True when it sits on a streak (a trail), never a star. */
  readonly onStreak: boolean;
  /** True when its band is among those every frame of this size searches (see Detection.baseCoverage). */
  readonly inBase: boolean;
}

/** What the search covered and found. */
export interface Detection {
  readonly candidates: Candidate[];
  /** Fraction of the binned image searched, 0..1. */
  readonly coverage: number;
  /**
   * Fraction covered by the bands searched whatever the frame holds (the first ones reaching
   * `coverage`): the same bands, so the same stars, in every frame of this size and field.
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
  /** Band height in binned pixels (8: a few hundred thousand pixels then still lie in many bands spread over the field). */
  readonly bandHeight?: number;
}


/** Candidates of `image` against its sky `mesh`. */
export function findCandidates(image: PixelRows, mesh: SkyMesh, options: DetectionOptions): Detection {
  const bin = options.bin;
  const binnedWidth = Math.floor(image.width / bin);
  const binnedHeight = Math.floor(image.height / bin);
  const band = options.bandHeight ?? 8;
  const bands = Math.max(1, Math.ceil(binnedHeight / band));
  const order = bandOrder(bands);
  // one binned pixel of margin all round, for the local-maximum test
  const stride = binnedWidth + 2;
  const rows = band + 2;
  const kernel = bin === 2 && image.wasm !== undefined ? rowKernel(image.wasm, binnedWidth, stride * rows) : null;
  const scratch: BandScratch = {
    significance: kernel?.sig ?? reused.floats('significance', stride * rows),
    label: reused.ints('label', stride * rows),
    row: reused.floats('row', stride * bin * bin),
    sky: kernel?.sky ?? rowSky(binnedWidth),
    stack: reused.ints('stack', stride * rows),
    kernel,
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
    const y0 = index * band;
    const h = Math.min(band, binnedHeight - y0);
    if (binnedWidth <= 0 || h <= 0) continue;
    searched += binnedWidth * h;
    const found = searchBand(image, mesh, bin, y0, h, binnedWidth, binnedHeight, options.threshold, scratch, base < 0);
    for (const c of found) {
      candidates.push(c);
      if (!c.onStreak && c.significance >= options.confirmSignificance) confirmed++;
    }
  }
  if (base < 0) base = searched;
  return { candidates, coverage: total === 0 ? 0 : searched / total, baseCoverage: total === 0 ? 0 : base / total, pixelsSearched: searched * bin * bin };
}

/**
 * Scratch kept from one frame to the next (grow-only; a frame is measured at a time per thread):
 * fresh arrays of a band's size for every frame cost their zeroing and the collector's time.
 */
const reused = {
  arrays: new Map<string, Float32Array | Int32Array>(),
  floats(name: string, n: number): Float32Array {
    let a = this.arrays.get(name) as Float32Array | undefined;
    if (a === undefined || a.length < n) this.arrays.set(name, (a = new Float32Array(n)));
    return a;
  },
  ints(name: string, n: number): Int32Array {
    let a = this.arrays.get(name) as Int32Array | undefined;
    if (a === undefined || a.length < n) this.arrays.set(name, (a = new Int32Array(n)));
    return a;
  },
};

/**
 * The sky along a binned row between two cell rows of the mesh: level = a + d·ty and σ = sa + sd·ty
 * in float32, a and sa the sky along the first cell row, d and sd the step to the second. One pair
 * of cell rows serves every row between them (a band of 16 binned rows spans one or two pairs).
 */
interface RowSky {
  readonly a: Float32Array;
  readonly d: Float32Array;
  readonly sa: Float32Array;
  readonly sd: Float32Array;
  /** The first cell row the arrays are for (−1: none yet). */
  r0: number;
}

function rowSky(binned: number, buffer?: ArrayBufferLike, at = 0): RowSky {
  const make = (k: number) => (buffer ? new Float32Array(buffer, at + 4 * k * binned, binned) : new Float32Array(binned));
  return { a: make(0), d: make(1), sa: make(2), sd: make(3), r0: -1 };
}

const second = { level: new Float32Array(0), sigma: new Float32Array(0) };

/** `sky` for the cell rows r0 and r1 (the mesh along binned columns of `bin` pixels). */
function skyFor(mesh: SkyMesh, sky: RowSky, r0: number, r1: number, bin: number): void {
  const n = sky.a.length;
  if (second.level.length < n) second.level = new Float32Array(n), second.sigma = new Float32Array(n);
  skyAlongCellRow(mesh, r0, (bin - 1) / 2, bin, n, sky.a, sky.sa);
  skyAlongCellRow(mesh, r1, (bin - 1) / 2, bin, n, second.level, second.sigma);
  const f = Math.fround;
  for (let i = 0; i < n; i++) {
    sky.d[i] = f(second.level[i] - sky.a[i]);
    sky.sd[i] = f(second.sigma[i] - sky.sa[i]);
  }
  sky.r0 = r0;
}

interface BandScratch {
  significance: Float32Array;
  label: Int32Array;
  row: Float32Array;
  sky: RowSky;
  stack: Int32Array;
  /** The WebAssembly kernel where the pixels lie in its memory, else null. */
  kernel: RowKernel | null;
}

/** Local maxima above `threshold` in binned rows [y0, y0+h), the whole width. */
function searchBand(
  image: PixelRows, mesh: SkyMesh, bin: 1 | 2, y0: number, h: number,
  binnedWidth: number, binnedHeight: number, threshold: number, s: BandScratch, inBase: boolean,
): Candidate[] {
  const sig = s.significance;
  const stride = binnedWidth + 2;
  const rows = h + 2;
  // binned rows y0−1 … y0+h, all columns; rows beyond the image and columns −1 and binnedWidth are −∞
  // (filled here, not the whole band: every other place is written below)
  const first = Math.max(0, y0 - 1);
  const end = Math.min(binnedHeight, y0 + h + 1);
  if (first > y0 - 1) sig.fill(-Infinity, 0, stride);
  if (end < y0 + h + 1) sig.fill(-Infinity, (rows - 1) * stride, rows * stride);
  const { kernel, sky } = s;
  for (let by = first; by < end; by++) {
    const rowAt = (by - y0 + 1) * stride + 1;
    sig[rowAt - 1] = -Infinity;
    sig[rowAt + binnedWidth] = -Infinity;
    const { r0, r1, ty } = meshRowsOf(mesh, by * bin + (bin - 1) / 2);
    if (sky.r0 !== r0) skyFor(mesh, sky, r0, r1, bin);
    const t = Math.fround(ty);
    if (kernel !== null) {
      kernel.row(image, by, t, rowAt, s.row);
    } else if (image.host !== undefined && bin === 2) {
      // in place: no copy of the rows first
      binnedSignificance(image.host, 2 * by * image.width, image.width, sky, t, sig, rowAt, 0, binnedWidth);
    } else if (bin === 2) {
      const span = binnedWidth * 2;
      image.readRow(by * 2, 0, span, s.row, 0);
      image.readRow(by * 2 + 1, 0, span, s.row, span);
      binnedSignificance(s.row, 0, span, sky, t, sig, rowAt, 0, binnedWidth);
    } else {
      image.readRow(by, 0, binnedWidth, s.row, 0);
      significance(s.row, sky, t, sig, rowAt, binnedWidth);
    }
  }
  const maxima = kernel !== null ? kernel.maxima(h, threshold) : localMaxima(sig, stride, h, binnedWidth, threshold, s.stack);
  const label = s.label;
  label.fill(0, 0, stride * rows);
  const found: Candidate[] = [];
  const streak: boolean[] = [false];
  // labelling reuses the stack: the maxima are copied out first
  const at = Array.from((kernel !== null ? kernel.found : s.stack).subarray(0, maxima));
  for (const i of at) {
    if (label[i] === 0) streak.push(labelRegion(sig, label, s.stack, stride, rows, i, threshold, streak.length));
    const x = i % stride;
    const y = (i - x) / stride;
    found.push({ x: (x - 1 + 0.5) * bin - 0.5, y: ((y0 + y - 1) + 0.5) * bin - 0.5, significance: sig[i], onStreak: streak[label[i]], inBase });
  }
  return found;
}

/*
 * The hot loops are functions of their own: optimised whole, they keep their code; inside one
 * large function the compiler replaced them mid-loop and threw that away at the first rare branch
 * (a candidate, a streak), again and again (twice the search's time at 6248×4176).
 */

/**
 * sig[at + i] = (S − 4·level) / (2σ) for binned pixels i in [from, to), S the 2×2 sum at columns
 * 2i, 2i+1 of the rows at `top` and `top + width`, the sky between two cell rows at weight t;
 * −∞ where blank. In float32 and in the order of quality-simd.ts (column sums, then the
 * pair; the sky's blend, then the quotient), so the kernel and this give the same bits.
 */
function binnedSignificance(pixels: Float32Array, top: number, width: number, sky: RowSky, t: number, sig: Float32Array, at: number, from: number, to: number): void {
  const f = Math.fround;
  const { a, d, sa, sd } = sky;
  const bottom = top + width;
  for (let i = from, j = 2 * from; i < to; i++, j += 2) {
    const sum = f(f(pixels[top + j] + pixels[bottom + j]) + f(pixels[top + j + 1] + pixels[bottom + j + 1]));
    const level = f(a[i] + f(d[i] * t));
    const sigma = f(sa[i] + f(sd[i] * t));
    const v = f(f(sum - 4 * level) / (2 * sigma));
    sig[at + i] = v === v ? v : -Infinity; // a blank pixel is no signal
  }
}

/** sig[at + i] = (row[i] − level) / σ, −∞ where blank (superpixels: no binning). */
function significance(row: Float32Array, sky: RowSky, t: number, sig: Float32Array, at: number, count: number): void {
  const f = Math.fround;
  const { a, d, sa, sd } = sky;
  for (let i = 0; i < count; i++) {
    const v = (row[i] - f(a[i] + f(d[i] * t))) / f(sa[i] + f(sd[i] * t));
    sig[at + i] = v === v ? v : -Infinity;
  }
}

/** A row of significances by the kernel, into its band (`sig`, in the kernel's memory); the sky is `sky`'s. */
interface RowKernel {
  readonly sig: Float32Array;
  readonly sky: RowSky;
  row(image: PixelRows, by: number, t: number, at: number, tail: Float32Array): void;
  /** localMaxima of the band's rows 1…h by the kernel, into `found`; how many. */
  maxima(h: number, threshold: number): number;
  readonly found: Int32Array;
}

/**
 * The significance kernel over the memory the pixels lie in, with its band (`bandFloats`) and the
 * sky's arrays in their scratch; null when there is no kernel or no room.
 */
function rowKernel(wasm: WasmPixels, binned: number, bandFloats: number): RowKernel | null {
  const scratch = Math.ceil(wasm.scratch / 16) * 16;
  const skyAt = scratch + Math.ceil((4 * bandFloats) / 16) * 16;
  const foundAt = skyAt + Math.ceil((4 * 4 * binned) / 16) * 16;
  // the scratch's end is the cut-outs' (cutout-kernel.ts)
  if (foundAt + 4 * bandFloats > wasm.scratch + wasm.scratchBytes - CUTOUT_SCRATCH_BYTES) return null;
  const kernel = qualityKernelOf(wasm.memory);
  if (kernel === null) return null;
  const buffer = wasm.memory.buffer;
  const sig = new Float32Array(buffer, scratch, bandFloats);
  const sky = rowSky(binned, buffer, skyAt);
  const whole = binned - (binned % 4);
  const found = new Int32Array(buffer, foundAt, bandFloats);
  return {
    sig,
    sky,
    found,
    maxima: (h, threshold) => kernel.localMaxima(sig.byteOffset, binned + 2, h, binned, threshold, foundAt),
    row(image, by, t, at, tail) {
      const top = wasm.byteOffset + 2 * by * image.width * 4;
      kernel.row(top, top + image.width * 4, binned, sky.a.byteOffset, sky.d.byteOffset, sky.sa.byteOffset, sky.sd.byteOffset, t, sig.byteOffset + 4 * at, wasm.bigEndian);
      if (whole === binned) return;
      // the last binned pixels of the row, as the kernel would have made them
      const span = 2 * (binned - whole);
      image.readRow(2 * by, 2 * whole, span, tail, 0);
      image.readRow(2 * by + 1, 2 * whole, span, tail, span);
      const f = Math.fround;
      for (let i = whole, j = 0; i < binned; i++, j += 2) {
        const sum = f(f(tail[j] + tail[span + j]) + f(tail[j + 1] + tail[span + j + 1]));
        const level = f(sky.a[i] + f(sky.d[i] * t));
        const sigma = f(sky.sa[i] + f(sky.sd[i] * t));
        const v = f(f(sum - 4 * level) / (2 * sigma));
        sig[at + i] = v === v ? v : -Infinity;
      }
    },
  };
}

/** Indices of the local maxima above `threshold` of rows 1…h, columns 1…w, into `out`; how many. */
function localMaxima(sig: Float32Array, stride: number, h: number, w: number, threshold: number, out: Int32Array): number {
  let n = 0;
  for (let y = 1; y <= h; y++) {
    for (let i = y * stride + 1, end = i + w; i < end; i++) {
      const v = sig[i];
      if (!(v > threshold)) continue;
      // strictly above the neighbours before it, at least equal to those after: one maximum per plateau
      if (v > sig[i - stride - 1] && v > sig[i - stride] && v > sig[i - stride + 1] && v > sig[i - 1] &&
        v >= sig[i + 1] && v >= sig[i + stride - 1] && v >= sig[i + stride] && v >= sig[i + stride + 1]) out[n++] = i;
    }
  }
  return n;
}

/** spreadOrder(1, bands), kept for the last number of bands: every frame of a night has the same. */
function bandOrder(bands: number): readonly number[] {
  if (lastBandOrder.length !== bands) lastBandOrder = spreadOrder(1, bands);
  return lastBandOrder;
}

let lastBandOrder: number[] = [];

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
