/**
 * Ordering sets of values fast by scalar selection (k-th smallest, median, sort) over a
 * scratch buffer, rearranging it in place: allocation-free, for one pixel's values at a time
 * and for whole-image medians. (Many pixels at once: sorting-network.ts.)
 * Callers remove NaN first: every comparison here assumes ordered values.
 *
 * Measured in test/bench/pixels-bench.ts: for a median, insertion sort and Wirth's quickselect
 * tie between about 10 and 25 values, and Wirth wins clearly from 30 (0.55 against 0.69 µs,
 * 1.0 against 2.1 µs at 60); Floyd–Rivest wins for the millions of values of a whole image.
 */

/** Up to this many values, insertion sort is used for a median or a sort (see the bench). */
export const INSERTION_SORT_MAX = 16;

/** Above this many values, Floyd–Rivest's sampling pays for itself. */
const FLOYD_RIVEST_MIN = 600;

/** Sorts buf[start, end) ascending in place (insertion sort: for short ranges only). */
export function insertionSort(buf: Float64Array, start: number, end: number): void {
  for (let i = start + 1; i < end; i++) {
    const v = buf[i];
    let j = i - 1;
    while (j >= start && buf[j] > v) {
      buf[j + 1] = buf[j];
      j--;
    }
    buf[j + 1] = v;
  }
}

/** Sorts buf[start, end) ascending in place: insertion sort for short ranges, quicksort above. */
export function sortRange(buf: Float64Array, start: number, end: number): void {
  // An explicit stack instead of recursion; the smaller side is always pushed, so 64 levels suffice.
  let lo = start;
  let hi = end - 1;
  const stack: number[] = [];
  for (;;) {
    while (hi - lo + 1 > INSERTION_SORT_MAX) {
      const mid = (lo + hi) >>> 1;
      // median of three as the pivot, which also makes sorted input a good case
      if (buf[mid] < buf[lo]) swap(buf, mid, lo);
      if (buf[hi] < buf[lo]) swap(buf, hi, lo);
      if (buf[hi] < buf[mid]) swap(buf, hi, mid);
      const pivot = buf[mid];
      let i = lo;
      let j = hi;
      while (i <= j) {
        while (buf[i] < pivot) i++;
        while (buf[j] > pivot) j--;
        if (i <= j) {
          swap(buf, i, j);
          i++;
          j--;
        }
      }
      if (j - lo < hi - i) {
        stack.push(i, hi);
        hi = j;
      } else {
        stack.push(lo, j);
        lo = i;
      }
    }
    insertionSort(buf, lo, hi + 1);
    if (stack.length === 0) return;
    hi = stack.pop()!;
    lo = stack.pop()!;
  }
}

/**
 * Rearranges buf[lo, hi] (inclusive) so that buf[k] holds the value of rank k, smaller values
 * before it and larger after; returns it. Wirth's algorithm for short ranges, Floyd–Rivest for long.
 */
export function selectKth(buf: Float64Array, lo: number, hi: number, k: number): number {
  if (hi - lo >= FLOYD_RIVEST_MIN) floydRivest(buf, lo, hi, k);
  else wirth(buf, lo, hi, k);
  return buf[k];
}

/**
 * medianInPlace for at most INSERTION_SORT_MAX values, by insertion sort alone: for callers of
 * small windows, whose optimised code then has no selection for many values compiled into it.
 */
export function medianOfFew(buf: Float64Array, start: number, end: number): number {
  insertionSort(buf, start, end);
  const mid = start + ((end - start) >> 1);
  return ((end - start) & 1) === 1 ? buf[mid] : (buf[mid - 1] + buf[mid]) / 2;
}

/** Median of buf[start, end) (no NaN; not empty), rearranging it: the mean of the two middle values for an even count, as numpy.median. */
export function medianInPlace(buf: Float64Array, start: number, end: number): number {
  const n = end - start;
  const mid = start + (n >> 1);
  if (n <= INSERTION_SORT_MAX) return medianOfFew(buf, start, end);
  if ((n & 1) === 1) return selectKth(buf, start, end - 1, mid);
  const lower = selectKth(buf, start, end - 1, mid - 1);
  // everything after index mid−1 is ≥ lower: the upper middle value is their minimum
  let upper = buf[mid];
  for (let i = mid + 1; i < end; i++) if (buf[i] < upper) upper = buf[i];
  return (lower + upper) / 2;
}

function swap(buf: Float64Array, i: number, j: number): void {
  const t = buf[i];
  buf[i] = buf[j];
  buf[j] = t;
}

/** N. Wirth, Algorithms + Data Structures = Programs (1976), "find": Hoare's partition around buf[k]. */
function wirth(buf: Float64Array, lo: number, hi: number, k: number): void {
  let l = lo;
  let m = hi;
  while (l < m) {
    const x = buf[k];
    let i = l;
    let j = m;
    do {
      while (buf[i] < x) i++;
      while (x < buf[j]) j--;
      if (i <= j) {
        const t = buf[i];
        buf[i] = buf[j];
        buf[j] = t;
        i++;
        j--;
      }
    } while (i <= j);
    if (j < k) l = i;
    if (k < i) m = j;
  }
}

/**
 * R. W. Floyd and R. L. Rivest, "Algorithm 489: SELECT", CACM 18(3), 1975: narrows [left, right]
 * around k with a recursive pass over a small sample before partitioning.
 */
function floydRivest(buf: Float64Array, left: number, right: number, k: number): void {
  while (right > left) {
    if (right - left > FLOYD_RIVEST_MIN) {
      const n = right - left + 1;
      const i = k - left + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (i - n / 2 < 0 ? -1 : 1);
      const newLeft = Math.max(left, Math.floor(k - (i * s) / n + sd));
      const newRight = Math.min(right, Math.floor(k + ((n - i) * s) / n + sd));
      floydRivest(buf, newLeft, newRight, k);
    }
    const t = buf[k];
    let i = left;
    let j = right;
    swap(buf, left, k);
    if (buf[right] > t) swap(buf, left, right);
    while (i < j) {
      swap(buf, i, j);
      i++;
      j--;
      while (buf[i] < t) i++;
      while (buf[j] > t) j--;
    }
    if (buf[left] === t) swap(buf, left, j);
    else {
      j++;
      swap(buf, j, right);
    }
    if (j <= k) left = j + 1;
    if (k <= j) right = j - 1;
  }
}
