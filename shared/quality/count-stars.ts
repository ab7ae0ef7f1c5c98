/**
 * Counting the stars: every candidate fitted with the frame's PSF template; a star when its peak
 * over the local surroundings reaches the threshold, unless it is a hot pixel (a peak alone), an
 * extended blob, at the edge, or a second detection of a star already counted.
 */
import type { Candidate } from './detect-stars';
import type { PixelRows } from './pixel-rows';
import { matchTemplate, psfSnr2, type PsfTemplate } from './psf-template';
import { skyAt, type SkyMesh } from './sky-mesh';
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

/**
 * Stars among the candidates by the template fit, with the weight's sum. Each candidate is fitted
 * in the order of its place in the frame (neighbouring cut-outs share the rows the core has in
 * cache: on a 26 Mpx frame every fit in significance order waited for memory), then judged in
 * the order given (brightest first), which decides which of two detections of one star counts.
 */
export function countStars(image: PixelRows, mesh: SkyMesh, candidates: Candidate[], template: PsfTemplate, minAmplitudeSigma: number, isSaturated: (x: number, y: number, r: number) => boolean, rejected: Record<Rejection, number>): { found: number; saturated: number; snr2: number; stars: FoundStar[] } {
  const patch = createPatch();
  const margin = template.radius + 1;
  const verdicts = new Array<Verdict>(candidates.length);
  const byPlace = candidates.map((_, i) => i).sort((i, j) => candidates[i].y - candidates[j].y || candidates[i].x - candidates[j].x);
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
  const grid = new Map<number, FoundStar[]>();
  const duplicateRadius = Math.max(1, 0.5 * 2.3548 * Math.sqrt(Math.sqrt(template.cxx * template.cyy - template.cxy * template.cxy)));
  const cell = Math.max(8, Math.ceil(duplicateRadius));
  const key = (x: number, y: number) => Math.floor(y / cell) * 65536 + Math.floor(x / cell);
  let saturated = 0;
  let snr2 = 0;
  candidates.forEach((c, i) => {
    const verdict = verdicts[i];
    if ('rejected' in verdict) {
      rejected[verdict.rejected]++;
      return;
    }
    let duplicate = false;
    for (let dy = -1; dy <= 1 && !duplicate; dy++) {
      for (let dx = -1; dx <= 1 && !duplicate; dx++) {
        for (const other of grid.get(key(verdict.x + dx * cell, verdict.y + dy * cell)) ?? []) {
          if (Math.hypot(other.x - verdict.x, other.y - verdict.y) < duplicateRadius) duplicate = true;
        }
      }
    }
    if (duplicate) {
      rejected.duplicate++;
      return;
    }
    const star: FoundStar = { x: verdict.x, y: verdict.y, peakSigma: verdict.amplitude / verdict.sigma, saturated: verdict.saturated };
    accepted.push(star);
    const slot = grid.get(key(star.x, star.y));
    if (slot) slot.push(star);
    else grid.set(key(star.x, star.y), [star]);
    if (verdict.saturated) saturated++;
    else if (c.inBase) snr2 += psfSnr2(template, verdict.amplitude, verdict.sigma);
  });
  return { found: accepted.length, saturated, snr2, stars: accepted };
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

