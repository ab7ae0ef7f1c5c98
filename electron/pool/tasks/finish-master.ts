/** Worker tasks around masters: finish one (normalise, measure, write) and expand a compressed frame. */
import { performance } from 'node:perf_hooks';
import { scaleInPlace } from '../../../shared/pixels/combine';
import { imageHistogram } from '../../../shared/pixels/histogram-range';
import { imageStatistics, medianLowMemory } from '../../../shared/pixels/statistics';
import { readImage } from '../../fits/read-pixels';
import { encodeFloat32Image, formatCard, keptCards } from '../../fits/write-fits';
import { writeFileAtomicSync } from '../../outputs/atomic-write';
import type { ExpandFrameTask, FinishMasterResult, FinishMasterTask } from '../tasks';
import type { WorkerMasters } from '../worker-masters';
import type { WorkerScratch } from '../worker-scratch';

export function finishMaster(task: FinishMasterTask, masters: WorkerMasters): FinishMasterResult {
  const started = performance.now();
  const data = masters.get(task.masterId)!;
  const { width, height } = masters.size(task.masterId);
  if (task.normalise) {
    const level = medianLowMemory(data);
    if (!(level > 0) || !Number.isFinite(level)) {
      throw new Error(`master ${task.masterId}: median ${level} cannot normalise a flat (is the flat exposed?)`);
    }
    scaleInPlace(data, 1 / level);
  }
  const stats = imageStatistics(data, task.hotPixelSigma === null ? {} : { hotPixelSigma: task.hotPixelSigma });
  const counts = imageHistogram(data, stats);
  // The dark current per second is what a light of another exposure gets, scaled.
  const cards = task.darkExposure && task.darkExposure > 0
    ? [...task.cards, formatCard('DARKRATE', Number((stats.median / task.darkExposure).toPrecision(6)), '[ADU/s] median dark current')]
    : task.cards;
  writeFileAtomicSync(task.outputPath, encodeFloat32Image(cards, width, height, data));
  return { stats, histogram: counts, ms: performance.now() - started };
}

export async function expandFrame(task: ExpandFrameTask, scratch: WorkerScratch): Promise<{ ms: number }> {
  const started = performance.now();
  const { width, height } = task.frame.layout;
  const pixels = await readImage(task.frame, scratch.frame(width * height), scratch.pixels);
  writeFileAtomicSync(task.outputPath, encodeFloat32Image(keptCards(task.frame.header), width, height, pixels));
  return { ms: performance.now() - started };
}
