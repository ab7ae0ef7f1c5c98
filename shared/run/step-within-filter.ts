/**
 * The viewer's ←/→: the next or previous light of the open one's filter in the list's order, so
 * stepping through the lights compares like with like (an R light never follows an L one).
 */

/** The id `delta` lights of the same filter away from `current` in `ids`, or null at either end (or when `current` is not listed). */
export function stepWithinFilter(ids: readonly string[], filterOf: (id: string) => string | null, current: string, delta: number): string | null {
  const at = ids.indexOf(current);
  if (at < 0 || delta === 0) return null;
  const filter = filterOf(current);
  const step = Math.sign(delta);
  let left = Math.abs(delta);
  for (let i = at + step; i >= 0 && i < ids.length; i += step) {
    if (filterOf(ids[i]) !== filter) continue;
    if (--left === 0) return ids[i];
  }
  return null;
}
