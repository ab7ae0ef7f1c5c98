/**
 * The light hot path in the arena: a plain FITS light's stored bytes are read straight into
 * this worker's slot, the WebAssembly kernel writes the big-endian float32 output beside them,
 * and the zero-padded data unit is handed back as a view of the slot, ready for writev: no
 * decode pass, no byte-swap pass, no copy. The pixels are calibrateStored's, bit for bit.
 */
import type { CalibrationFrames } from '../../../shared/pixels/calibrate';
import { bytesPerPixel } from '../../fits/decode-pixels';
import type { FitsFileInfo } from '../../fits/fits-file';
import { paddedSize } from '../../fits/image-layout';
import { readStoredBytesSync, storedScaling } from '../../fits/read-pixels';
import type { WorkerArena } from '../worker-arena';

/**
 * The calibrated data unit of `frame` (a view of the slot, valid until this worker's next
 * frame), or null when the frame does not qualify: not plain FITS, a master missing, BITPIX
 * other than 16 (without BLANK) and −32, larger than a slot, or no slot free. FitsError when
 * the file is cut short.
 */
export function calibrateInArena(frame: FitsFileInfo, frames: CalibrationFrames, arena: WorkerArena | null): Buffer | null {
  const { bias, dark, flat, darkScale } = frames;
  if (arena === null || frame.storage !== 'fits' || bias === null || dark === null || flat === null) return null;
  if (!arena.holds(bias) || !arena.holds(dark) || !arena.holds(flat)) return null;
  const scaling = storedScaling(frame);
  const calibrate =
    scaling.bitpix === 16 && scaling.blank === null ? arena.kernel.calibrate16 : scaling.bitpix === -32 ? arena.kernel.calibrate32f : null;
  const count = frame.layout.width * frame.layout.height;
  if (calibrate === null || count > arena.slotPixels) return null;
  const slot = arena.slot();
  if (slot === null) return null;

  readStoredBytesSync(frame, slot.raw.subarray(0, count * bytesPerPixel(scaling.bitpix)));
  calibrate(slot.raw.byteOffset, count, bias.byteOffset, dark.byteOffset, flat.byteOffset, slot.output.byteOffset, scaling.bzero, scaling.bscale, darkScale);
  const data = slot.output.subarray(0, paddedSize(count * 4));
  data.fill(0, count * 4);
  return data;
}
