/** Worker task: read one light, calibrate it against the shared masters, write it atomically. */
import { performance } from 'node:perf_hooks';
import { calibratePixels } from '../../../shared/pixels/calibrate';
import { FitsError } from '../../fits/fits-error';
import { readImage, readImageSync } from '../../fits/read-pixels';
import { encodeFloat32Data, encodeHeader, imageStructureCards, keptCards } from '../../fits/write-fits';
import { writeFileAtomicSync } from '../../outputs/atomic-write';
import type { CalibrateFrameResult, CalibrateFrameTask } from '../tasks';
import type { WorkerMasters } from '../worker-masters';
import type { WorkerScratch } from '../worker-scratch';

/** Write errors that no later frame can escape: the run stops instead of failing every frame. */
const OUTPUT_UNUSABLE = new Set(['ENOSPC', 'EROFS', 'EDQUOT', 'EACCES', 'EPERM']);

export async function calibrateFrame(task: CalibrateFrameTask, masters: WorkerMasters, scratch: WorkerScratch): Promise<CalibrateFrameResult> {
  const started = performance.now();
  const { frame } = task;
  const { width, height } = frame.layout;
  const count = width * height;
  let pixels: Float32Array;
  try {
    pixels =
      frame.storage === 'fits'
        ? readImageSync(frame, scratch.frame(count), scratch.pixels)
        : await readImage(frame, scratch.frame(count), scratch.pixels);
  } catch (error) {
    if (!(error instanceof FitsError)) throw error;
    return { status: 'failed', ms: performance.now() - started, error: { code: error.code, message: error.message }, stopRun: false };
  }

  const bias = masters.get(task.biasId);
  const dark = masters.get(task.darkId);
  const flat = masters.get(task.flatId);
  for (const [name, master] of [['bias', bias], ['dark', dark], ['flat', flat]] as const) {
    if (master && master.length !== count) {
      const message = `${frame.path}: ${width}x${height} does not match the master ${name} (${master.length} pixels)`;
      return { status: 'failed', ms: performance.now() - started, error: { code: 'no-matching-master', message }, stopRun: false };
    }
  }
  calibratePixels(pixels, { bias, dark, darkScale: task.darkScale, flat }, pixels);

  const header = encodeHeader([...imageStructureCards(-32, width, height), ...keptCards(frame.header), ...task.provenanceCards]);
  const data = encodeFloat32Data(pixels, scratch.encodeTarget(paddedBytes(count * 4)));
  try {
    writeFileAtomicSync(task.outputPath, [header, data], { durable: task.durable });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const message = `${task.outputPath}: cannot write (${error instanceof Error ? error.message : String(error)})`;
    return { status: 'failed', ms: performance.now() - started, error: { code: 'write-failed', message }, stopRun: OUTPUT_UNUSABLE.has(code) };
  }
  return { status: 'done', ms: performance.now() - started, bytesRead: frame.fileSize, bytesWritten: header.length + data.length };
}

/** Bytes of a FITS data unit of `bytes` bytes, padded to whole 2880-byte blocks. */
export function paddedBytes(bytes: number): number {
  return Math.ceil(bytes / 2880) * 2880;
}
