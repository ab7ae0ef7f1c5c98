/**
 * The light hot path in the arena: a plain FITS light's stored bytes are read straight into
 * this worker's slot, the WebAssembly kernel writes the big-endian float32 output beside them,
 * right after the output's header, and the file is handed back as a view of the slot, ready to
 * write in one call: no decode pass, no byte-swap pass, no copy. The pixels are
 * calibrateStored's, bit for bit. The raw bytes stay in the slot for the light's measurement
 * (saturation is a raw value), and the data unit's checksum is taken without the header, whose
 * quality cards are filled in after the measurement (StreamChecksum.append joins the two).
 */
import type { CalibrationFrames } from '../../../shared/pixels/calibrate';
import { StreamChecksum } from '../../../shared/pixels/checksum';
import { checksumInMemory } from '../../../shared/pixels/checksum-simd';
import { bytesPerPixel } from '../../fits/decode-pixels';
import type { FitsFileInfo } from '../../fits/fits-file';
import { paddedSize } from '../../fits/image-layout';
import { readStoredBytesSync, storedScaling } from '../../fits/read-pixels';
import type { BigEndianLayout } from '../../../shared/quality/pixel-rows';
import { FILE_HEADER_ROOM } from '../arena';
import type { WorkerArena } from '../worker-arena';

/** A light calibrated in this worker's slot (views valid until the worker's next frame). */
export interface ArenaOutput {
  /** The zero-padded big-endian data unit. */
  readonly data: Buffer;
  /**
   * The slot's file image when the header fitted before the data: the output file is its first
   * `fileLength` bytes, in one block-aligned run (what O_DIRECT writes). Null otherwise.
   */
  readonly image: Buffer | null;
  readonly fileLength: number;
  /** The light's stored bytes as read (big-endian, in the slot), and how they scale to physical values. */
  readonly raw: Uint8Array;
  readonly rawLayout: BigEndianLayout;
  /** Checksum of the light's stored bytes as read (its data unit): the input's content, for resume. */
  readonly inputChecksum: string;
  /** Checksum of the padded data unit alone, from an empty state (the header is summed in front of it later). */
  readonly dataChecksum: StreamChecksum;
}

/**
 * Pixels per kernel call: the raw and output bytes of a chunk (32 + 64 KiB for 16-bit lights)
 * are still in the core's cache when the checksums read them right after, so summing them costs
 * a fraction of a second pass over memory (test/bench/pixels-bench.ts --only=checksum).
 */
const CHUNK_PIXELS = 16384;

/**
 * Calibrates `frame` into this worker's slot, with `header` (the output's encoded header) laid
 * right before the data when it fits the slot's header room; null when the frame does not
 * qualify: not plain FITS, a master missing, BITPIX other than 16 (without BLANK) and −32,
 * larger than a slot, or no slot free. FitsError when the file is cut short.
 */
export function calibrateInArena(frame: FitsFileInfo, frames: CalibrationFrames, arena: WorkerArena | null, header: Uint8Array): ArenaOutput | null {
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

  const dataBytes = paddedSize(count * 4);
  const contiguous = header.length <= FILE_HEADER_ROOM;
  const dataStart = contiguous ? header.length : FILE_HEADER_ROOM;
  if (contiguous) slot.image.set(header);
  const bpp = bytesPerPixel(scaling.bitpix);
  readStoredBytesSync(frame, slot.raw.subarray(0, count * bpp));
  const out = slot.image.byteOffset + dataStart;
  const data = slot.image.subarray(dataStart, dataStart + dataBytes);
  data.fill(0, count * 4); // the data unit's padding, before it is summed
  const input = new StreamChecksum();
  const output = new StreamChecksum();
  const { memory } = arena.kernel;
  for (let start = 0; start < count; start += CHUNK_PIXELS) {
    const n = Math.min(CHUNK_PIXELS, count - start);
    const raw = slot.raw.byteOffset + start * bpp;
    calibrate(raw, n, bias.byteOffset + start * 4, dark.byteOffset + start * 4, flat.byteOffset + start * 4, out + start * 4, scaling.bzero, scaling.bscale, darkScale);
    checksumInMemory(arena.kernel.checksum, memory, raw, n * bpp, slot.scratch, input);
    // Output chunks end on 16-byte groups: the last one takes the padding zeros that complete its group.
    const end = start + n === count ? Math.ceil((count * 4) / 16) * 16 : (start + n) * 4;
    checksumInMemory(arena.kernel.checksum, memory, out + start * 4, end - start * 4, slot.scratch + 32, output);
  }
  output.updateZeros(dataBytes - Math.ceil((count * 4) / 16) * 16);
  return {
    data,
    image: contiguous ? slot.image : null,
    fileLength: header.length + dataBytes,
    raw: slot.raw.subarray(0, count * bpp),
    rawLayout: { bitpix: scaling.bitpix === 16 ? 16 : -32, bzero: scaling.bzero, bscale: scaling.bscale },
    inputChecksum: input.digest(),
    dataChecksum: output,
  };
}
