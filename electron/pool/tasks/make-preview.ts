/** Worker task: a downsampled image with statistics, so no full frame crosses a process. */
import { downsample } from '../../../shared/pixels/downsample';
import { imageHistogram } from '../../../shared/pixels/histogram-range';
import { imageStatistics } from '../../../shared/pixels/statistics';
import { displayLimits } from '../../../shared/pixels/stretch';
import { readImage } from '../../fits/read-pixels';
import type { PreviewResult, PreviewTask } from '../tasks';
import type { WorkerMasters } from '../worker-masters';
import type { WorkerScratch } from '../worker-scratch';

export async function makePreview(task: PreviewTask, masters: WorkerMasters, scratch: WorkerScratch): Promise<PreviewResult> {
  let data: Float32Array;
  let width: number;
  let height: number;
  if ('masterId' in task.source) {
    ({ width, height } = masters.size(task.source.masterId));
    data = masters.get(task.source.masterId)!;
  } else {
    ({ width, height } = task.source.file.layout);
    data = await readImage(task.source.file, scratch.frame(width * height), scratch.pixels);
  }
  const small = downsample(data, width, height, task.maxSize);
  const stats = imageStatistics(data, task.hotPixelSigma === null ? {} : { hotPixelSigma: task.hotPixelSigma });
  return {
    width: small.width,
    height: small.height,
    sourceWidth: width,
    sourceHeight: height,
    binFactor: small.binFactor,
    // downsample may return a view of scratch memory when no binning was needed: copy then.
    pixels: small.pixels.buffer === data.buffer ? small.pixels.slice() : small.pixels,
    stats,
    histogram: imageHistogram(data, stats),
    limits: displayLimits(small.pixels),
  };
}
