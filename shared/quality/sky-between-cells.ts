/**
 * The sky between the mesh's cell centres (sky-mesh.ts measures the cells): bilinear between
 * centres, constant beyond the outer ones, along a row (the star search's every pixel) or at one
 * point (each star). Both give the same float32 values at a point.
 */
import type { SkyMesh } from './sky-mesh';

/**
 * The mesh's level and σ along row `y` at x = x0, x0 + step, … (count values), bilinear between
 * cell centres and constant beyond the outer ones: one vertical blend per cell column, then a
 * linear step per pixel, cheap enough to run for every detection pixel.
 */
export function skyAlongRow(mesh: MeshCells, y: number, x0: number, step: number, count: number, level: Float32Array, sigma: Float32Array): void {
  const { r0, r1, ty } = meshRowsOf(mesh, y);
  skyBetweenRows(mesh, r0, r1, ty, x0, step, count, level, sigma);
}

const rows = { r0: 0, r1: 0, ty: 0 };

/** The cell rows row `y` blends, and its weight on the second (the result is reused: read it before the next call). */
export function meshRowsOf(mesh: Pick<SkyMesh, 'cellsY' | 'cellHeight'>, y: number): { readonly r0: number; readonly r1: number; readonly ty: number } {
  const fy = clamp((y + 0.5) / mesh.cellHeight - 0.5, 0, mesh.cellsY - 1);
  rows.r0 = Math.floor(fy);
  rows.r1 = Math.min(mesh.cellsY - 1, rows.r0 + 1);
  rows.ty = fy - rows.r0;
  return rows;
}

/** skyAlongRow along cell row `r` itself (through its cells' centres). */
export function skyAlongCellRow(mesh: MeshCells, r: number, x0: number, step: number, count: number, level: Float32Array, sigma: Float32Array): void {
  skyBetweenRows(mesh, r, r, 0, x0, step, count, level, sigma);
}

/** skyAlongRow for a row blending cell rows r0 and r1 with weight ty on r1. */
function skyBetweenRows(mesh: MeshCells, r0: number, r1: number, ty: number, x0: number, step: number, count: number, level: Float32Array, sigma: Float32Array): void {
  const { cellsX } = mesh;
  if (columnLevel.length < cellsX + 1) {
    columnLevel = new Float64Array(cellsX + 1);
    columnSigma = new Float64Array(cellsX + 1);
  }
  // locals, not the module's bindings, in the loops below (those cost a load and a check each time)
  const cl = columnLevel;
  const cs = columnSigma;
  const meshLevel = mesh.level;
  const meshSigma = mesh.sigma;
  const perPixel = step / mesh.cellWidth;
  const fx0 = (x0 + 0.5) / mesh.cellWidth - 0.5;
  // only the cell columns this segment of the row passes (a tile's row spans two or three)
  const first = Math.max(0, Math.min(cellsX - 1, Math.floor(fx0)));
  const last = Math.max(0, Math.min(cellsX - 1, Math.floor(fx0 + perPixel * Math.max(0, count - 1)) + 1));
  for (let c = first; c <= last; c++) {
    cl[c] = meshLevel[r0 * cellsX + c] * (1 - ty) + meshLevel[r1 * cellsX + c] * ty;
    cs[c] = meshSigma[r0 * cellsX + c] * (1 - ty) + meshSigma[r1 * cellsX + c] * ty;
  }
  cl[cellsX] = cl[cellsX - 1];
  cs[cellsX] = cs[cellsX - 1];
  // Piecewise linear between cell centres, constant beyond the outer ones: walked a piece at a
  // time with one addition a pixel (the clamp, the cell's index and its weight per pixel cost 15 ns
  // a pixel; this, 2).
  const top = cellsX - 1;
  let i = 0;
  while (i < count) {
    const fx = fx0 + i * perPixel;
    if (fx < 0 || fx >= top || perPixel <= 0) {
      // before the first centre or past the last: constant; a zero step stays at one point
      const c = fx < 0 ? 0 : fx >= top ? top : Math.floor(fx);
      const t = fx < 0 || fx >= top ? 0 : fx - c;
      const l = cl[c] + (cl[c + 1] - cl[c]) * t;
      const g = cs[c] + (cs[c + 1] - cs[c]) * t;
      // how far the constant (or single-point) stretch reaches
      const end = perPixel <= 0 ? count : fx < 0 ? Math.min(count, Math.ceil(-fx0 / perPixel)) : count;
      const stop = end > i ? end : i + 1;
      for (; i < stop; i++) {
        level[i] = l;
        sigma[i] = g;
      }
      continue;
    }
    const c = Math.floor(fx);
    // pixels whose position lies in [c, c + 1): up to the next centre
    let end = Math.ceil((c + 1 - fx0) / perPixel);
    if (fx0 + end * perPixel < c + 1) end++; // rounding: the next centre's own pixel belongs to the next piece
    if (end > count) end = count;
    if (end <= i) end = i + 1;
    const dl = (cl[c + 1] - cl[c]) * perPixel;
    const dg = (cs[c + 1] - cs[c]) * perPixel;
    let l = cl[c] + (cl[c + 1] - cl[c]) * (fx - c);
    let g = cs[c] + (cs[c + 1] - cs[c]) * (fx - c);
    for (; i < end; i++) {
      level[i] = l;
      sigma[i] = g;
      l += dl;
      g += dg;
    }
  }
}

/** The part of a mesh that skyAlongRow reads. */
type MeshCells = Pick<SkyMesh, 'cellsX' | 'cellsY' | 'cellWidth' | 'cellHeight' | 'level' | 'sigma'>;

let columnLevel = new Float64Array(0);
let columnSigma = new Float64Array(0);

/**
 * The mesh's level and σ at one point (x, y) in pixels: skyAlongRow's first value (the same
 * operations, float32 like its output), worked out directly, for it runs for every star. (The
 * walker is large: compiled into each star loop it was most of their optimising compiler's time.)
 */
export function skyAt(mesh: SkyMesh, x: number, y: number): { level: number; sigma: number } {
  const { r0, r1, ty } = meshRowsOf(mesh, y);
  const { cellsX } = mesh;
  const top = cellsX - 1;
  const fx = (x + 0.5) / mesh.cellWidth - 0.5;
  // before the first centre or past the last: the outer cell's value (skyBetweenRows' constant stretch)
  const outside = fx < 0 || fx >= top;
  const c = outside ? (fx < 0 ? 0 : top) : Math.floor(fx);
  const t = outside ? 0 : fx - c;
  const next = c + 1 < cellsX ? c + 1 : top;
  const level = blendRows(mesh.level, cellsX, r0, r1, ty, c, next, t);
  const sigma = blendRows(mesh.sigma, cellsX, r0, r1, ty, c, next, t);
  return { level: Math.fround(level), sigma: Math.fround(sigma) };
}

/** skyBetweenRows' value at cell column c + t: the two cell rows blended (weight ty on r1) at columns c and next, then between them. */
function blendRows(values: Float32Array, cellsX: number, r0: number, r1: number, ty: number, c: number, next: number, t: number): number {
  const a = values[r0 * cellsX + c] * (1 - ty) + values[r1 * cellsX + c] * ty;
  const b = values[r0 * cellsX + next] * (1 - ty) + values[r1 * cellsX + next] * ty;
  return a + (b - a) * t;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
