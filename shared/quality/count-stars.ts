/**
 * Counting the stars: every candidate fitted with the frame's PSF template; a star when its peak
 * over the local surroundings reaches the threshold, unless it is a hot pixel (a peak alone), an
 * extended blob, at the edge, or a second detection of a star already counted.
 */
import type { Candidate } from './detect-stars';
import type { PixelRows } from './pixel-rows';
import { matchTemplate, psfSnr2, type PsfTemplate } from './psf-template';
import { skyAt } from './sky-between-cells';
import type { SkyMesh } from './sky-mesh';
import { createPatch, readPatch, type Patch } from './star-shape';

/** Why a candidate is not a star. */
export type Rejection = 'streak' | 'edge' | 'faint' | 'hot' | 'extended' | 'duplicate';

/** A star found, in pixels of the frame, with its peak over the local sky in σ. */
export interface FoundStar {
  readonly x: number;
  readonly y: number;
  readonly peakSigma: number;
  readonly saturated: boolean;
}

/** Above this extent (0.5 for a point source) a bright detection is something extended. */
const MAX_EXTENT = 0.75;
/** A peak whose 4 neighbours average less than this fraction of it is a hot pixel or a cosmic ray. */
const HOT_NEIGHBOUR_RATIO = 0.1;

/** No candidate rejected yet, by reason. */
export function noRejections(): Record<Rejection, number> {
  return { streak: 0, edge: 0, faint: 0, hot: 0, extended: 0, duplicate: 0 };
}

/** What the template fit made of one candidate, before duplicates are told apart. */
type Verdict = { readonly rejected: Exclude<Rejection, 'duplicate' | 'streak'> } | { readonly x: number; readonly y: number; readonly amplitude: number; readonly sigma: number; readonly saturated: boolean };

/** What the count found, on the searched part: with a sample, each figure is the sample's, scaled to every candidate. */
export interface StarCount {
  readonly found: number;
  readonly saturated: number;
  /** Σ of the stars' PSF SNR² on the base bands (the weight's sum). */
  readonly snr2: number;
  /** The stars fitted and accepted (with a sample: those of the sample only). */
  readonly stars: FoundStar[];
  /** Candidates fitted with the template. */
  readonly fitted: number;
}

/**
 * Stars among the candidates by the template fit, with the weight's sum. Candidates come sorted
 * by significance, brightest first. At most `maxFits` are fitted: with more, the brightest half of
 * that number each stand for themselves (they make the weight) and a systematic sample of the
 * rest, evenly spread over their significance ranks, stands for all of them (each for
 * rest / sampled candidates): the share of faint candidates that are stars is then known to a few
 * percent (binomial), where fitting thousands of them cost most of a large frame's measurement.
 * Each candidate is fitted in the order of its place in the frame (neighbouring cut-outs share
 * the rows the core has in cache), then judged in significance order, which decides which of two
 * detections of one star counts; a sampled candidate is also a duplicate when a brighter
 * candidate that was not fitted lies within the duplicate radius of it.
 */
export function countStars(image: PixelRows, mesh: SkyMesh, candidates: Candidate[], template: PsfTemplate, minAmplitudeSigma: number, isSaturated: (x: number, y: number, r: number) => boolean, rejected: Record<Rejection, number>, maxFits = Infinity): StarCount {
  const patch = createPatch();
  const margin = template.radius + 1;
  const { chosen, weight } = countSample(candidates.length, maxFits);
  const verdicts: Verdict[] = new Array<Verdict>(candidates.length);
  const byPlace = chosen.slice().sort((i, j) => candidates[i].y - candidates[j].y || candidates[i].x - candidates[j].x);
  for (const i of byPlace) {
    const c = candidates[i];
    if (c.x < margin || c.y < margin || c.x > image.width - 1 - margin || c.y > image.height - 1 - margin) {
      verdicts[i] = EDGE;
      continue;
    }
    const { level, sigma } = skyAt(mesh, c.x, c.y);
    const match = matchTemplate(image, level, template, c.x, c.y, patch);
    if (match === null || !(match.amplitude >= minAmplitudeSigma * sigma)) {
      verdicts[i] = FAINT;
      continue;
    }
    if (isHotPixel(image, match.x, match.y, level, patch)) {
      verdicts[i] = HOT;
      continue;
    }
    const starSaturated = isSaturated(match.x, match.y, template.radius);
    if (!starSaturated && match.amplitude >= 2 * minAmplitudeSigma * sigma && match.extent > MAX_EXTENT) {
      verdicts[i] = EXTENDED;
      continue;
    }
    verdicts[i] = { x: match.x, y: match.y, amplitude: match.amplitude, sigma, saturated: starSaturated };
  }

  const accepted: FoundStar[] = [];
  const duplicateRadius = Math.max(1, 0.5 * 2.3548 * Math.sqrt(Math.sqrt(template.cxx * template.cyy - template.cxy * template.cxy)));
  const duplicateRadius2 = duplicateRadius * duplicateRadius;
  const acceptedNear = new PointGrid(Math.max(8, Math.ceil(duplicateRadius)));
  // the candidates not fitted, by place, for the duplicates of a sampled one
  const unfitted = new PointGrid(Math.max(8, Math.ceil(duplicateRadius)));
  if (chosen.length < candidates.length) {
    const isChosen = new Uint8Array(candidates.length);
    for (const i of chosen) isChosen[i] = 1;
    for (let i = 0; i < candidates.length; i++) if (!isChosen[i]) unfitted.add(candidates[i].x, candidates[i].y, i);
  }
  let found = 0;
  let saturated = 0;
  let snr2 = 0;
  for (const i of chosen) {
    const verdict = verdicts[i];
    const w = weight(i);
    if ('rejected' in verdict) {
      rejected[verdict.rejected] += w;
      continue;
    }
    const duplicate = acceptedNear.anyWithin(verdict.x, verdict.y, duplicateRadius2, Infinity) || (w > 1 && unfitted.anyWithin(verdict.x, verdict.y, duplicateRadius2, i));
    if (duplicate) {
      rejected.duplicate += w;
      continue;
    }
    const star: FoundStar = { x: verdict.x, y: verdict.y, peakSigma: verdict.amplitude / verdict.sigma, saturated: verdict.saturated };
    accepted.push(star);
    acceptedNear.add(star.x, star.y, i);
    found += w;
    if (verdict.saturated) saturated += w;
    else if (candidates[i].inBase) snr2 += w * psfSnr2(template, verdict.amplitude, verdict.sigma);
  }
  for (const reason of Object.keys(rejected) as Rejection[]) rejected[reason] = Math.round(rejected[reason]);
  return { found: Math.round(found), saturated: Math.round(saturated), snr2, stars: accepted, fitted: chosen.length };
}

/** The candidates (indices in significance order) the count fits, and how many each stands for. */
function countSample(n: number, maxFits: number): { chosen: number[]; weight: (i: number) => number } {
  if (n <= maxFits) return { chosen: Array.from({ length: n }, (_, i) => i), weight: () => 1 };
  const head = Math.floor(maxFits / 2);
  const picks = maxFits - head;
  const stride = (n - head) / picks;
  const chosen = Array.from({ length: head }, (_, i) => i);
  for (let j = 0; j < picks; j++) chosen.push(head + Math.floor((j + 0.5) * stride));
  return { chosen, weight: (i) => (i < head ? 1 : stride) };
}

/**
 * Points looked up by place, each with an index: is one within `radius` (given squared) of
 * (x, y), among those of an index below `before`? Flat lists of (x, y, index) and no callback:
 * it runs for every star, and its compiled code is compiled again in every worker.
 */
class PointGrid {
  private readonly cells = new Map<number, number[]>();
  constructor(private readonly cell: number) {}
  add(x: number, y: number, index: number): void {
    const key = Math.floor(y / this.cell) * 65536 + Math.floor(x / this.cell);
    const slot = this.cells.get(key);
    if (slot) slot.push(x, y, index);
    else this.cells.set(key, [x, y, index]);
  }
  anyWithin(x: number, y: number, radius2: number, before: number): boolean {
    const cx = Math.floor(x / this.cell);
    const cy = Math.floor(y / this.cell);
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const slot = this.cells.get((cy + dy) * 65536 + cx + dx);
        if (slot === undefined) continue;
        for (let k = 0; k < slot.length; k += 3) {
          const ex = slot[k] - x;
          const ey = slot[k + 1] - y;
          if (slot[k + 2] < before && ex * ex + ey * ey < radius2) return true;
        }
      }
    }
    return false;
  }
}

const EDGE: Verdict = { rejected: 'edge' };
const FAINT: Verdict = { rejected: 'faint' };
const HOT: Verdict = { rejected: 'hot' };
const EXTENDED: Verdict = { rejected: 'extended' };

/** True when the brightest pixel within 1 px of (x, y) stands alone: its 4 neighbours under HOT_NEIGHBOUR_RATIO of it. */
function isHotPixel(image: PixelRows, x: number, y: number, level: number, patch: Patch): boolean {
  readPatch(image, x, y, 2, level, patch);
  const { values, side } = patch;
  let best = 2 * side + 2;
  for (let r = 1; r <= 3; r++) for (let c = 1; c <= 3; c++) if (values[r * side + c] > values[best]) best = r * side + c;
  const peak = values[best];
  const around = (values[best - 1] + values[best + 1] + values[best - side] + values[best + side]) / 4;
  return peak > 0 && !(around >= HOT_NEIGHBOUR_RATIO * peak);
}

