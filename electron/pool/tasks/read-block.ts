/**
 * Worker task: a small block of full-resolution pixels of a file or a shared master (the viewer's
 * 1:1 tiles and its readout), with every digit the file stores: float64 for data float32 cannot
 * hold exactly (32- and 64-bit integers, float64, scaled values), float32 otherwise.
 */
import { closeSync } from 'node:fs';
import type { PhysicalPixels } from '../../fits/decode-pixels';
import { openInputSync } from '../../fits/open-input';
import { readExactImage, readExactRows } from '../../fits/read-pixels';
import { DecodedImageCache } from './decoded-image-cache';
import type { PixelsResult, PixelsTask } from '../task-messages';
import type { WorkerMasters } from '../worker-masters';
import type { WorkerScratch } from '../worker-scratch';

/** The block's pixels, copied out of the image (main checked that the block lies inside it). */
export async function readBlock(task: PixelsTask, masters: WorkerMasters, scratch: WorkerScratch): Promise<PixelsResult> {
  if ('masterId' in task.source) {
    const { width } = masters.size(task.source.masterId);
    return { pixels: cropRows(masters.get(task.source.masterId)!, width, task, 0) };
  }
  const info = task.source.file;
  const { width, height } = info.layout;
  if (info.storage === 'fits') {
    // Plain FITS: only the block's rows are read.
    const fd = openInputSync(info.path);
    try {
      return { pixels: cropRows(readExactRows(fd, info, task.y, task.height, scratch.pixels, (count) => scratch.frame(count)), width, task, task.y) };
    } finally {
      closeSync(fd);
    }
  }
  // .gz and .fz decode as a whole: once for all the tiles the viewer asks for (decoded-image-cache.ts)
  const whole = await compressedImages.image(info.path, () => readExactImage(info, scratch.pixels));
  if (whole.length !== width * height) throw new Error(`${info.path}: decoded ${whole.length} pixels, the header says ${width}×${height}`);
  return { pixels: cropRows(whole, width, task, 0) };
}

const compressedImages = new DecodedImageCache();

/** The block's columns of rows that start at image row `firstRow` of `data` (rows `width` long), into a new array. */
function cropRows(data: PhysicalPixels, width: number, block: Pick<PixelsTask, 'x' | 'y' | 'width' | 'height'>, firstRow: number): PhysicalPixels {
  const out = data instanceof Float64Array ? new Float64Array(block.width * block.height) : new Float32Array(block.width * block.height);
  for (let row = 0; row < block.height; row++) {
    const start = (block.y - firstRow + row) * width + block.x;
    out.set(data.subarray(start, start + block.width), row * block.width);
  }
  return out;
}
