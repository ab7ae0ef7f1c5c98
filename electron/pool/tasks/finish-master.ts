/** Worker tasks around masters: finish one (normalise, measure, write) and expand a compressed frame. */
import { performance } from 'node:perf_hooks';
import { scaleInPlace } from '../../../shared/pixels/combine';
import { imageHistogram } from '../../../shared/pixels/histogram-range';
import { DEFAULT_MAX_SAMPLES, imageStatistics, medianLowMemory } from '../../../shared/pixels/statistics';
import { readImage } from '../../fits/read-pixels';
import { paddedSize } from '../../fits/image-layout';
import { encodeFloat32Image, formatCard, keptCards } from '../../fits/write-fits';
import { writeFileAtomicSync } from '../../outputs/atomic-write';
import type { ExpandFrameTask, FinishMasterResult, FinishMasterTask } from '../tasks';
import type { WorkerArena } from '../worker-arena';
import type { WorkerMasters } from '../worker-masters';
import type { WorkerScratch } from '../worker-scratch';

export function finishMaster(task: FinishMasterTask, masters: WorkerMasters, arena: WorkerArena | null, scratch: WorkerScratch): FinishMasterResult {
  const started = performance.now();
  const data = masters.get(task.masterId)!;
  const { width, height } = masters.size(task.masterId);
  // The statistics kernel runs where the master lies in the arena (it reads the arena only).
  const kernel = arena !== null && arena.holds(data) ? arena.statistics() : null;
  if (task.normalise) {
    const level = medianLowMemory(data, undefined, kernel);
    if (!(level > 0) || !Number.isFinite(level)) {
      throw new Error(`master ${task.masterId}: median ${level} cannot normalise a flat (is the flat exposed?)`);
    }
    scaleInPlace(data, 1 / level);
  }
  const stats = imageStatistics(data, {
    kernel,
    sampleScratch: scratch.select(Math.min(data.length, DEFAULT_MAX_SAMPLES + 1)),
    ...(task.hotPixelSigma === null ? {} : { hotPixelSigma: task.hotPixelSigma }),
  });
  const counts = imageHistogram(data, stats, kernel);
  // The dark current per second is what a light of another exposure gets, scaled.
  const cards = task.darkExposure && task.darkExposure > 0
    ? [...task.cards, formatCard('DARKRATE', Number((stats.median / task.darkExposure).toPrecision(6)), '[ADU/s] median dark current')]
    : task.cards;
  // Encoded into this thread's slot output (the lights' output room, touched once) or reused scratch:
  // a fresh 16–64 MB buffer per master costs its page faults every time.
  const room = arena?.slot()?.output;
  const target = room && room.length >= paddedSize(width * height * 4) ? room : scratch.encodeTarget(paddedSize(width * height * 4));
  writeFileAtomicSync(task.outputPath, encodeFloat32Image(cards, width, height, data, target));
  return { stats, histogram: counts, ms: performance.now() - started };
}

export async function expandFrame(task: ExpandFrameTask, scratch: WorkerScratch): Promise<{ ms: number }> {
  const started = performance.now();
  const { width, height } = task.frame.layout;
  const pixels = await readImage(task.frame, scratch.frame(width * height), scratch.pixels);
  writeFileAtomicSync(task.outputPath, encodeFloat32Image(keptCards(task.frame.header), width, height, pixels));
  return { ms: performance.now() - started };
}
