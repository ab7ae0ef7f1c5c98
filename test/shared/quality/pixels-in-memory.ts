/** A frame's float32 pixels placed in a shared memory, as the quality kernels read them, with a scratch after them. */
import { createSharedMemory } from '../../../shared/pixels/wasm-api';
import { hostPixelRows, wasmPixelRows, type PixelRows, type WasmPixels } from '../../../shared/quality/pixel-rows';

/**
 * The pixels big-endian (as a worker's slot holds them) or in host order, 16-byte aligned, and
 * `scratchBytes` of zeroed scratch after them (the slot's quality scratch).
 */
export function pixelsInMemory(pixels: Float32Array, width: number, height: number, bigEndian: boolean, scratchBytes: number): { image: PixelRows & { wasm: WasmPixels }; scratch: Uint8Array } {
  const memory = createSharedMemory(Math.ceil((pixels.length * 4 + scratchBytes + 64) / 65536) + 1)!;
  const at = 32;
  const bytes = new Uint8Array(memory.buffer, at, pixels.length * 4);
  const view = new DataView(memory.buffer, at);
  pixels.forEach((v, i) => view.setFloat32(4 * i, v, !bigEndian));
  const scratch = at + pixels.length * 4 + 16;
  const image = bigEndian
    ? (wasmPixelRows(bytes, width, height, { memory, scratch, scratchBytes }) as PixelRows & { wasm: WasmPixels })
    : { ...hostPixelRows(new Float32Array(memory.buffer, at, pixels.length), width, height), wasm: { memory, scratch, scratchBytes, byteOffset: at, bigEndian: false } };
  return { image, scratch: new Uint8Array(memory.buffer, scratch, scratchBytes) };
}
