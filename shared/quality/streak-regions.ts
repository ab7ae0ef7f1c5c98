/**
 * Satellite and aircraft trails among the star search's candidates: the 8-connected region above
 * the threshold around a local maximum, labelled, and called a streak when it is large and thin.
 */

/** Smallest region measured as a possible streak, in binned pixels. */
const STREAK_MIN_PIXELS = 15;
/** Axis ratio below which a region is a streak: a star, even at e = 0.9, stays above 0.43. */
const STREAK_MAX_AXIS_RATIO = 0.25;

/**
 * Labels the 8-connected region above `threshold` holding pixel `seed` with `id`; true when the
 * region is a streak: large and with an axis ratio (from its pixels' second moments) below
 * STREAK_MAX_AXIS_RATIO.
 */
export function labelRegion(sig: Float32Array, label: Int32Array, stack: Int32Array, stride: number, rows: number, seed: number, threshold: number, id: number): boolean {
  let top = 0;
  stack[top++] = seed;
  label[seed] = id;
  let n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  while (top > 0) {
    const i = stack[--top];
    const x = i % stride;
    const y = (i - x) / stride;
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
        if (xx < 0 || yy < 0 || xx >= stride || yy >= rows) continue;
        const j = yy * stride + xx;
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
