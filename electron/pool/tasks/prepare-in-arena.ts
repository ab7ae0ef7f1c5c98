/**
 * A flat's preparation for its exact median, in the arena: the frame's stored bytes are read
 * straight into this worker's slot and the kernel (shared/pixels/prepare-simd.ts) writes the
 * prepared float32 pixels into the slot's output room in one pass: no decode pass, no byte-swap
 * pass, no JavaScript loop. The pixels are the JavaScript path's (readRows, then calibratePixels
 * with the bias and scaled dark), bit for bit; frames the kernel does not take go that way.
 */
import type { FramePreparation } from '../../../shared/night/frames';
import type { PrepareFormat } from '../../../shared/pixels/prepare-simd';
import { bytesPerPixel } from '../../fits/decode-pixels';
import type { FitsFileInfo } from '../../fits/fits-file';
import { readStoredBytesSync, storedScaling } from '../../fits/read-pixels';
import type { WorkerArena } from '../worker-arena';
import type { WorkerMasters } from '../worker-masters';

/**
 * The prepared pixels of `frame` as a view of this worker's slot (valid until its next task), or
 * null when the frame does not qualify: not plain FITS, BITPIX other than 16 (without BLANK) and
 * −32, no bias and no dark to subtract, a master outside the arena or of another size, larger
 * than a slot, or no slot free. FitsError when the file is cut short.
 */
export function prepareInArena(frame: FitsFileInfo, prep: FramePreparation, masters: WorkerMasters, arena: WorkerArena | null): Float32Array | null {
  if (arena === null || frame.storage !== 'fits') return null;
  const count = frame.layout.width * frame.layout.height;
  const bias = masters.get(prep.biasId);
  const dark = masters.get(prep.darkId);
  if (bias === null && dark === null) return null;
  if (![bias, dark].every((view) => view === null || (arena.holds(view) && view.length === count))) return null;
  const scaling = storedScaling(frame);
  const format: PrepareFormat | null = scaling.blank !== null ? null : scaling.bitpix === 16 ? 'int16' : scaling.bitpix === -32 ? 'float32' : null;
  if (format === null || count > arena.slotPixels) return null;
  const slot = arena.slot();
  if (slot === null) return null;
  const raw = slot.raw.subarray(0, count * bytesPerPixel(scaling.bitpix));
  readStoredBytesSync(frame, raw);
  const out = slot.output.byteOffset;
  arena.kernel.prepare(format, raw.byteOffset, count, bias?.byteOffset ?? null, dark?.byteOffset ?? null, out, scaling.bzero, scaling.bscale, prep.darkScale);
  return new Float32Array(slot.output.buffer, out, count);
}
