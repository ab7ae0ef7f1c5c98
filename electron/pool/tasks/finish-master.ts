/** Worker tasks around masters: normalise one (flats), finish one (measure, write), expand a compressed frame. */
import { performance } from 'node:perf_hooks';
import { scaleInPlace } from '../../../shared/pixels/combine';
import { imageHistogram } from '../../../shared/pixels/histogram-range';
import { DEFAULT_MAX_SAMPLES, imageStatistics, medianLowMemory } from '../../../shared/pixels/statistics';
import { readImage } from '../../fits/read-pixels';
import { paddedSize } from '../../fits/image-layout';
import { encodeFloat32Data, encodeFloat32Image, encodeHeader, formatCard, imageStructureCards, keptCards } from '../../fits/write-fits';
import { writeFileAtomicSync } from '../../outputs/atomic-write';
import { writeImageAtomicSync } from '../../outputs/direct-write';
import { FILE_HEADER_ROOM } from '../arena';
import { normalisePerChannel } from '../../../shared/pixels/cfa-channels';
import { fitBiasAndRate } from '../../../shared/pixels/dark-fit';
import type { ExpandFrameTask, FinishMasterResult, FinishMasterTask, FitDarksTask, NormaliseMasterResult, NormaliseMasterTask } from '../task-messages';
import type { StatisticsKernel } from '../../../shared/pixels/statistics-simd';
import type { WorkerArena } from '../worker-arena';
import type { WorkerMasters } from '../worker-masters';
import type { WorkerScratch } from '../worker-scratch';

/** Divides the master by its exact median, or each colour channel by its own (flats); its pixels are final afterwards. */
export function normaliseMaster(task: NormaliseMasterTask, masters: WorkerMasters, arena: WorkerArena | null): NormaliseMasterResult {
  const data = masters.get(task.masterId)!;
  if (task.cfa !== null) {
    const { width, height } = masters.size(task.masterId);
    try {
      return { levels: normalisePerChannel(data, width, height, task.cfa) };
    } catch (error) {
      throw new Error(`master ${task.masterId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const level = medianLowMemory(data, undefined, statisticsKernel(data, arena));
  if (!(level > 0) || !Number.isFinite(level)) {
    throw new Error(`master ${task.masterId}: median ${level} cannot normalise a flat (is the flat exposed?)`);
  }
  scaleInPlace(data, 1 / level);
  return { levels: { all: level } };
}

/** Rows of a fitted bias and dark-current rate from master darks that hold the bias (dark = bias + rate·t). */
export function fitDarks(task: FitDarksTask, masters: WorkerMasters): { ms: number } {
  const started = performance.now();
  const { width } = masters.size(task.biasId);
  const start = task.rowStart * width;
  const end = (task.rowStart + task.rowCount) * width;
  fitBiasAndRate(task.darkIds.map((id) => masters.get(id)!), task.exposures, masters.get(task.biasId)!, masters.get(task.rateId)!, start, end);
  return { ms: performance.now() - started };
}

/** Measures a master whose pixels are final and writes its file; it only reads the pixels (lights may be reading them too). */
export function finishMaster(task: FinishMasterTask, masters: WorkerMasters, arena: WorkerArena | null, scratch: WorkerScratch): FinishMasterResult {
  const started = performance.now();
  const data = masters.get(task.masterId)!;
  const { width, height } = masters.size(task.masterId);
  const kernel = statisticsKernel(data, arena);
  const stats = imageStatistics(data, {
    kernel,
    sampleScratch: scratch.select(Math.min(data.length, DEFAULT_MAX_SAMPLES + 1)),
    ...(task.hotPixelSigma === null ? {} : { hotPixelSigma: task.hotPixelSigma }),
  });
  const counts = imageHistogram(data, stats, kernel);
  if (task.outputPath === null) return { stats, histogram: counts, ms: performance.now() - started };
  // The dark current per second is what a light of another exposure gets, scaled.
  const cards = task.darkExposure && task.darkExposure > 0
    ? [...task.cards, formatCard('DARKRATE', Number((stats.median / task.darkExposure).toPrecision(6)), '[ADU/s] median dark current')]
    : task.cards;
  // Encoded into this thread's slot (the lights' output room, touched once) or reused scratch: a
  // fresh 16–64 MB buffer per master costs its page faults every time. In the slot, header and
  // data make one block-aligned run, which can be written around the page cache.
  const dataBytes = paddedSize(width * height * 4);
  const header = encodeHeader([...imageStructureCards(-32, width, height), ...cards]);
  const image = arena?.slot()?.image;
  if (image && header.length <= FILE_HEADER_ROOM && image.length >= header.length + dataBytes) {
    image.set(header);
    encodeFloat32Data(data, image.subarray(header.length, header.length + dataBytes));
    writeImageAtomicSync(task.outputPath, image, header.length + dataBytes, { direct: task.directIo });
  } else {
    writeFileAtomicSync(task.outputPath, [header, encodeFloat32Data(data, scratch.encodeTarget(dataBytes))]);
  }
  return { stats, histogram: counts, ms: performance.now() - started };
}

/** The statistics kernel where the master lies in the arena (it reads the arena only), else null. */
function statisticsKernel(data: Float32Array, arena: WorkerArena | null): StatisticsKernel | null {
  return arena !== null && arena.holds(data) ? arena.statistics() : null;
}

export async function expandFrame(task: ExpandFrameTask, scratch: WorkerScratch): Promise<{ ms: number }> {
  const started = performance.now();
  const { width, height } = task.frame.layout;
  const pixels = await readImage(task.frame, scratch.frame(width * height), scratch.pixels);
  writeFileAtomicSync(task.outputPath, encodeFloat32Image(keptCards(task.frame.header), width, height, pixels));
  return { ms: performance.now() - started };
}
