/** Worker task: a downsampled image with statistics, so no full frame crosses a process. */
import { downsample } from '../../../shared/pixels/downsample';
import { imageHistogram } from '../../../shared/pixels/histogram-range';
import { imageStatistics } from '../../../shared/pixels/statistics';
import { displayLimits } from '../../../shared/pixels/stretch';
import { readImage } from '../../fits/read-pixels';
import { superpixels } from '../../../shared/pixels/debayer';
import type { ChannelDisplay, ImageStats } from '../../../shared/contract';
import type { PreviewResult, PreviewTask } from '../task-messages';
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
  const stats = imageStatistics(data, task.hotPixelSigma === null ? {} : { hotPixelSigma: task.hotPixelSigma });
  if (task.bayer !== null && width >= 2 && height >= 2) return colourPreview(data, width, height, task, stats);
  const small = downsample(data, width, height, task.maxSize);
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
    colour: null,
  };
}

/** A colour sensor's preview: superpixels, each channel downsampled and given its own limits; statistics and histogram of the mosaic. */
function colourPreview(data: Float32Array, width: number, height: number, task: PreviewTask, stats: ImageStats): PreviewResult {
  const planes = superpixels(data, width, height, task.bayer!);
  const shrunk = [planes.red, planes.green, planes.blue].map((plane) => downsample(plane, planes.width, planes.height, task.maxSize));
  const [red, green, blue] = shrunk.map((plane) => plane.pixels);
  const luminance = new Float32Array(red.length);
  for (let i = 0; i < luminance.length; i++) luminance[i] = (red[i] + green[i] + blue[i]) / 3;
  const channel = (pixels: Float32Array): ChannelDisplay => {
    const summary = imageStatistics(pixels);
    return { limits: displayLimits(pixels), min: summary.min, max: summary.max };
  };
  return {
    width: shrunk[0].width,
    height: shrunk[0].height,
    sourceWidth: width,
    sourceHeight: height,
    binFactor: shrunk[0].binFactor * 2,
    pixels: luminance,
    stats,
    histogram: imageHistogram(data, stats),
    limits: displayLimits(luminance),
    colour: { planes: [red, green, blue], channels: [channel(red), channel(green), channel(blue)] },
  };
}
