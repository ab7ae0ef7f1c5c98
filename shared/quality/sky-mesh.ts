/**
 * The sky under the stars: a mesh of cells (64 px, or more on frames above 1 Mpx), each with a robust level and
 * noise from a sparse grid of samples, median-filtered across cells and interpolated
 * bilinearly between cell centres. A gradient or a vignetted corner then moves the detection
 * threshold with it instead of hiding faint stars on one side and inventing them on the other.
 * A sample grid instead of every pixel: 2¹⁴ values (64 a cell of the 256) fix a cell's level to
 * about 0.16 σ, at a millisecond or so for any frame size.
 */
import { MAD_TO_SIGMA } from '../pixels/statistics';
import { medianInPlace, medianOfFew, selectKth } from '../pixels/select';
import type { PixelRows } from './pixel-rows';
import { skyCellsIn, type SkyCells } from './sky-kernel';

/** The sky of one image: per-cell level and noise, and the frame's overall figures. */
export interface SkyMesh {
  readonly cellsX: number;
  readonly cellsY: number;
  /** Cell size in pixels (the image divided evenly: fractional). */
  readonly cellWidth: number;
  readonly cellHeight: number;
  /** Per cell, row-major, after the 3×3 median filter. */
  readonly level: Float32Array;
  readonly sigma: Float32Array;
  /** Median of the cells' levels: the frame's sky level (each cell's clipped, so stars barely lift it). */
  readonly median: number;
  /** Median of the cells' noise: the sky's σ, free of any gradient. */
  readonly noise: number;
  /** Finite samples used. */
  readonly samples: number;
}

/** Level and noise of each colour of a Bayer mosaic, from the same sample grid. */
export interface ChannelSky {
  readonly median: number;
  readonly noise: number;
}

/** Options of measureSky. */
export interface SkyOptions {
  /**
   * Mesh cell side in pixels of `image`. Default 64, larger on frames above 1 Mpx so that there are
   * at most 256 cells (128 px at 2048², 320 px at 6248×4176): a sky's gradients are smooth at that
   * scale, each cell costs a few selections and its share of the median filter whatever its
   * samples (1024 cells took 3 ms a frame, most of the sky's time), and with the samples of four
   * cells of 64 px each cell's level is twice as sure (64 samples: 0.16 σ).
   */
  readonly cellSize?: number;
  /** Samples in all (default 2¹⁴); each cell gets 4² to 16². */
  readonly maxSamples?: number;
  /**
   * The Bayer mosaic that `image` is the superpixels of: its four cells are sampled at the same
   * places and measured apart (returned in `channels`, cell order (0,0), (1,0), (0,1), (1,1)).
   */
  readonly mosaic?: PixelRows | null;
}

/** Cells of the default mesh at most. */
const MAX_DEFAULT_CELLS = 256;
/** Clip at this many σ around a cell's first median, so stars in a cell barely move its level. */
const CLIP_SIGMA = 3;

/** The sky mesh of `image` and, with `mosaic`, the sky of each colour. */
export function measureSky(image: PixelRows, options: SkyOptions = {}): { mesh: SkyMesh; channels: ChannelSky[] | null } {
  const { width, height } = image;
  const cellSize = options.cellSize ?? Math.max(64, Math.sqrt((width * height) / MAX_DEFAULT_CELLS));
  if (!(cellSize >= 8)) throw new RangeError(`measureSky: cellSize must be at least 8, got ${cellSize}`);
  const cellsX = Math.max(1, Math.round(width / cellSize));
  const cellsY = Math.max(1, Math.round(height / cellSize));
  const perSide = Math.max(4, Math.min(16, Math.floor(Math.sqrt((options.maxSamples ?? 1 << 14) / (cellsX * cellsY)))));
  const grid: SampleGrid = {
    columns: sampleGrid(width, cellsX * perSide),
    rows: sampleGrid(height, cellsY * perSide),
    cellsX,
    cellsY,
    cellWidth: width / cellsX,
    cellHeight: height / cellsY,
  };
  const { columns, rows } = grid;
  const mosaic = options.mosaic ?? null;
  const n = columns.count;
  const last = columns.start + (n - 1) * columns.step;
  const shift = last + 1 < width ? 1 : -1; // a one-column image has no right-hand neighbour: take the left
  // where the pixels lie in a WebAssembly memory, its kernels gather the samples and measure the cells there
  const inKernel = mosaic === null && columns.start + shift >= 0 ? skyCellsIn(image, grid, shift) : null;
  if (inKernel !== null) {
    const sky = layerSky(inKernel.samples, inKernel.neighbours, grid, inKernel);
    return { mesh: meshOf(grid, sky), channels: null };
  }
  // one grid of samples per layer: the image, then (a mosaic) its four cells
  const layers = Array.from({ length: mosaic ? 5 : 1 }, (_, k) => reusedFloats(k, rows.count * columns.count));
  // the same samples' diagonal neighbours of the same colour, for the noise from differences: a
  // neighbour in the same row would cancel a row's offset (CMOS row noise), one in the same column a column's
  const neighbours = layers.map((_, k) => reusedFloats(5 + k, rows.count * columns.count));
  const row = new Float32Array(n * 4);
  const right = new Float32Array(n * 4);
  for (let r = 0; r < rows.count; r++) {
    const y = rows.start + r * rows.step;
    const below = y + 1 < height ? y + 1 : y > 0 ? y - 1 : y;
    if (mosaic) {
      const step = 2 * columns.step;
      for (let c = 0; c < 4; c++) {
        const x = 2 * columns.start + (c & 1);
        mosaic.readRow(2 * y + (c >> 1), x, n, row, c * n, step);
        mosaic.readRow(2 * below + (c >> 1), x + 2 * shift, n, right, c * n, step);
      }
      for (let i = 0; i < n; i++) {
        let sum = 0;
        let sumRight = 0;
        for (let c = 0; c < 4; c++) {
          layers[c + 1][r * n + i] = row[c * n + i];
          neighbours[c + 1][r * n + i] = right[c * n + i];
          sum += row[c * n + i];
          sumRight += right[c * n + i];
        }
        layers[0][r * n + i] = sum;
        neighbours[0][r * n + i] = sumRight;
      }
    } else {
      image.readRow(y, columns.start, n, layers[0], r * n, columns.step);
      image.readRow(below, columns.start + shift, n, neighbours[0], r * n, columns.step);
    }
  }
  const sky = layers.map((samples, layer) => layerSky(samples, neighbours[layer], grid));
  const mesh = meshOf(grid, sky[0]);
  const channels = mosaic ? sky.slice(1).map((s) => ({ median: s.median, noise: s.noise })) : null;
  return { mesh, channels };
}

/**
 * The mesh as a literal of fixed fields, not a spread: every frame makes one, and a spread's
 * objects change their hidden class after a few frames, which discards the optimised code of
 * everything that reads the mesh (in every worker).
 */
function meshOf(grid: SampleGrid, sky: Pick<SkyMesh, 'level' | 'sigma' | 'median' | 'noise' | 'samples'>): SkyMesh {
  return { cellsX: grid.cellsX, cellsY: grid.cellsY, cellWidth: grid.cellWidth, cellHeight: grid.cellHeight, level: sky.level, sigma: sky.sigma, median: sky.median, noise: sky.noise, samples: sky.samples };
}

/** Sample arrays kept from one frame to the next (grow-only): fresh ones cost their zeroing and the collector's time. */
const reusedSamples: Float32Array[] = [];

function reusedFloats(slot: number, n: number): Float32Array {
  if (!(reusedSamples[slot]?.length >= n)) reusedSamples[slot] = new Float32Array(n);
  return reusedSamples[slot].subarray(0, n);
}

interface Axis {
  start: number;
  step: number;
  count: number;
}

interface SampleGrid {
  columns: Axis;
  rows: Axis;
  cellsX: number;
  cellsY: number;
  cellWidth: number;
  cellHeight: number;
}

/**
 * Level and noise of one layer of samples. Level: per cell a median, again after clipping at
 * CLIP_SIGMA, then the 3×3 filter. Noise: per cell 1.4826·MAD(v − v′)/√2 over the samples and
 * their diagonal neighbours v′: differences of adjacent pixels cancel a gradient, a nebula and
 * the far wings of stars, which a spread around the level would count as noise (7 % too much in
 * a field of FWHM-8 Moffat stars), and the MAD ignores the few pairs on a star's core.
 */
function layerSky(samples: Float32Array, neighbours: Float32Array, grid: SampleGrid, kernel: SkyCells | null = null): Pick<SkyMesh, 'level' | 'sigma' | 'median' | 'noise' | 'samples'> {
  const { cellsX, cellsY } = grid;
  const colStart = axisStarts(grid.columns, grid.cellWidth, cellsX);
  const rowStart = axisStarts(grid.rows, grid.cellHeight, cellsY);
  const rawLevel = new Float32Array(cellsX * cellsY).fill(NaN);
  const rawSigma = new Float32Array(cellsX * cellsY).fill(NaN);
  if (kernel !== null) kernelCells(kernel, rowStart, colStart, rawLevel, rawSigma);
  else javascriptCells(samples, neighbours, grid.columns.count, rowStart, colStart, rawLevel, rawSigma);
  const sigma = medianFilter3(rawSigma, cellsX, cellsY, null);
  const level = medianFilter3(rawLevel, cellsX, cellsY, sigma);
  const finite = finiteCount(samples);
  return { level, sigma, median: finite === 0 ? NaN : medianOfFinite(level), noise: medianOfFinite(sigma), samples: finite };
}

// The loops over cells and samples are small functions of their own: the optimising compiler
// then compiles each alone, where inlined into their caller it compiled the whole of it (a
// run's first lights paid tens of ms of compilation in every worker for a mesh of 256 cells).

/** Every cell's level and noise by the kernel, from the samples it gathered. */
function kernelCells(kernel: SkyCells, rowStart: Int32Array, colStart: Int32Array, rawLevel: Float32Array, rawSigma: Float32Array): void {
  const cellsX = colStart.length - 1;
  for (let cy = 0; cy < rowStart.length - 1; cy++) {
    for (let cx = 0; cx < cellsX; cx++) {
      kernel.cell(rowStart[cy], rowStart[cy + 1], colStart[cx], colStart[cx + 1]);
      rawLevel[cy * cellsX + cx] = kernel.out[0];
      rawSigma[cy * cellsX + cx] = kernel.out[1];
    }
  }
}

/** Every cell's level (clipped median) and noise (MAD of the differences with the neighbours), in JavaScript. */
function javascriptCells(samples: Float32Array, neighbours: Float32Array, n: number, rowStart: Int32Array, colStart: Int32Array, rawLevel: Float32Array, rawSigma: Float32Array): void {
  const cellsX = colStart.length - 1;
  const cellsY = rowStart.length - 1;
  let capacity = 1;
  for (let cy = 0; cy < cellsY; cy++) {
    for (let cx = 0; cx < cellsX; cx++) capacity = Math.max(capacity, (rowStart[cy + 1] - rowStart[cy]) * (colStart[cx + 1] - colStart[cx]));
  }
  const scratch = new Float64Array(capacity);
  for (let cy = 0; cy < cellsY; cy++) {
    for (let cx = 0; cx < cellsX; cx++) {
      const c = cy * cellsX + cx;
      let k = 0;
      for (let r = rowStart[cy]; r < rowStart[cy + 1]; r++) {
        for (let i = r * n + colStart[cx], end = r * n + colStart[cx + 1]; i < end; i++) {
          const v = samples[i];
          if (v - v === 0) scratch[k++] = v;
        }
      }
      if (k >= 4) rawLevel[c] = clippedMedian(scratch, k);
      k = 0;
      for (let r = rowStart[cy]; r < rowStart[cy + 1]; r++) {
        for (let i = r * n + colStart[cx], end = r * n + colStart[cx + 1]; i < end; i++) {
          const d = samples[i] - neighbours[i];
          if (d - d === 0) scratch[k++] = d < 0 ? -d : d;
        }
      }
      if (k >= 4) rawSigma[c] = (MAD_TO_SIGMA * medianInPlace(scratch, 0, k)) / Math.SQRT2;
    }
  }
}

/** How many samples are finite. */
function finiteCount(samples: Float32Array): number {
  let finite = 0;
  for (let i = 0; i < samples.length; i++) if (samples[i] - samples[i] === 0) finite++;
  return finite;
}

/** starts[c] = first sample index of cell c along an axis; starts[cells] = count. */
function axisStarts(axis: Axis, cellSize: number, cells: number): Int32Array {
  const starts = new Int32Array(cells + 1);
  let c = 0;
  for (let i = 0; i < axis.count; i++) {
    const cell = Math.min(cells - 1, Math.floor((axis.start + i * axis.step) / cellSize));
    while (c < cell) starts[++c] = i;
  }
  while (c < cells) starts[++c] = axis.count;
  return starts;
}

let held = new Float64Array(0);

/**
 * Median of scratch[0, k), again after clipping at CLIP_SIGMA · 1.4826·MAD (rearranges scratch).
 * The clip only ever takes the lowest and the highest values, so the median of those kept is a
 * rank of all of them, and the first median's selection left scratch split at its middle: that
 * rank is found within one side (most cells clip nothing, and it is the first median itself).
 * sky-kernel.ts does the same.
 */
export function clippedMedian(scratch: Float64Array, k: number): number {
  if (held.length < k) held = new Float64Array(k);
  const distances = held;
  const center = medianInPlace(scratch, 0, k);
  for (let i = 0; i < k; i++) distances[i] = Math.abs(scratch[i] - center);
  const sigma = MAD_TO_SIGMA * medianInPlace(distances, 0, k);
  if (!(sigma > 0)) return center;
  let below = 0;
  let above = 0;
  for (let i = 0; i < k; i++) {
    if (!(Math.abs(scratch[i] - center) <= CLIP_SIGMA * sigma)) {
      if (scratch[i] < center) below++;
      else above++;
    }
  }
  const kept = k - below - above;
  if (kept < 4) return center;
  // medianInPlace leaves the value of rank (k − 1) >> 1 there, smaller ones before it, larger after
  const pivot = (k - 1) >> 1;
  const rank = below + ((kept - 1) >> 1);
  const lower = rank === pivot ? scratch[pivot] : rank > pivot ? selectKth(scratch, pivot + 1, k - 1, rank) : selectKth(scratch, 0, pivot - 1, rank);
  if ((kept & 1) === 1) return lower;
  // the next rank: the least of those after it on its side (the pivot, too, from below)
  let upper = Infinity;
  for (let i = rank + 1, end = rank < pivot ? pivot : k - 1; i <= end; i++) if (scratch[i] < upper) upper = scratch[i];
  return (lower + upper) / 2;
}

/** `count` sample positions start + i·step spread evenly over [0, length). */
function sampleGrid(length: number, wanted: number): Axis {
  const step = Math.max(1, Math.floor(length / wanted));
  const count = Math.min(wanted, Math.floor((length - 1) / step) + 1);
  const start = Math.floor((length - 1 - (count - 1) * step) / 2);
  return { start, step, count };
}

/**
 * A cell more than its tolerance off the 3×3 median of its finite neighbours takes that median:
 * one sitting on a bright star or galaxy takes its neighbours' sky. The tolerance is the cell's
 * `sigma` (filtering the level), or a fifth of the median (filtering the noise itself). The others
 * keep their own value, so a gradient stays true; beyond the frame's edges the window continues
 * the plane through the outer cells, so it is not lopsided there either. A cell without a value
 * takes the median.
 */
function medianFilter3(values: Float32Array, nx: number, ny: number, sigma: Float32Array | null): Float32Array {
  const out = new Float32Array(values.length);
  const window = new Float64Array(9);
  const fallback = medianOfFinite(values);
  const padded = paddedByPlanes(values, nx, ny);
  const side = nx + 2;
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) {
      let n = 0;
      for (let at = y * side + x, dy = 0; dy < 3; dy++, at += side) {
        for (let dx = 0; dx < 3; dx++) {
          const v = padded[at + dx];
          if (v === v) window[n++] = v;
        }
      }
      const c = y * nx + x;
      const median = n === 0 ? fallback : medianOfFew(window, 0, n);
      const own = values[c];
      out[c] = own === own && Math.abs(own - median) <= (sigma === null ? 0.2 * median : sigma[c]) ? own : median;
    }
  }
  return out;
}

/**
 * The (nx + 2) × (ny + 2) grid of `values` and one cell more on every side: beyond an edge, the
 * plane through the edge cell and its inner neighbour, so a 3×3 window stays symmetric (a
 * corner: the plane along x of the planes along y).
 */
function paddedByPlanes(values: Float32Array, nx: number, ny: number): Float64Array {
  const side = nx + 2;
  const padded = new Float64Array(side * (ny + 2));
  for (let xx = 0; xx < nx; xx++) {
    padded[xx + 1] = ny > 1 ? 2 * values[xx] - values[nx + xx] : values[xx];
    for (let yy = 0; yy < ny; yy++) padded[(yy + 1) * side + xx + 1] = values[yy * nx + xx];
    padded[(ny + 1) * side + xx + 1] = ny > 1 ? 2 * values[(ny - 1) * nx + xx] - values[(ny - 2) * nx + xx] : values[(ny - 1) * nx + xx];
  }
  for (let row = 0; row < ny + 2; row++) {
    const at = row * side;
    padded[at] = nx > 1 ? 2 * padded[at + 1] - padded[at + 2] : padded[at + 1];
    padded[at + nx + 1] = nx > 1 ? 2 * padded[at + nx] - padded[at + nx - 1] : padded[at + nx];
  }
  return padded;
}

function medianOfFinite(values: Float32Array): number {
  const buf = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) buf[n++] = values[i];
  return n === 0 ? NaN : medianInPlace(buf, 0, n);
}
