/**
 * A worker's reusable buffers. Fresh 16–64 MB allocations per frame cost more than decoding
 * (first-touch page faults: 320 ms vs 23 ms for a 4096² frame, stack notes), so each worker
 * keeps grow-only buffers for the whole run.
 */
import { createPixelBuffers, type PixelBuffers } from '../fits/read-pixels';

export class WorkerScratch {
  readonly pixels: PixelBuffers = createPixelBuffers();
  private frameBuffer = new Float32Array(0);
  private stackBuffer = new Float32Array(0);
  private encodeBuffer = Buffer.alloc(0);
  private selectBuffer = new Float64Array(0);

  /** A float32 frame of `count` pixels (contents undefined). */
  frame(count: number): Float32Array {
    if (this.frameBuffer.length < count) this.frameBuffer = new Float32Array(count);
    return this.frameBuffer.subarray(0, count);
  }

  /** A float32 stack of `count` values for combining (contents undefined). */
  stack(count: number): Float32Array {
    if (this.stackBuffer.length < count) this.stackBuffer = new Float32Array(count);
    return this.stackBuffer.subarray(0, count);
  }

  /**
   * Drops the combining stack: it is sized for the masters (up to the memory budget) and
   * the light stage does not need it, so it should not stay resident while lights run.
   */
  releaseStack(): void {
    this.stackBuffer = new Float32Array(0);
  }

  /**
   * Drops the raw-bytes scratch (grown while combining masters): lights calibrated in an arena
   * slot read into the slot, so it would only sit resident. A frame that needs it grows it again.
   */
  releasePixels(): void {
    if (this.pixels.raw.length > 0) this.pixels.raw = Buffer.allocUnsafeSlow(0);
  }

  /** Float64 room for selecting a median of `count` values (contents undefined). */
  select(count: number): Float64Array {
    if (this.selectBuffer.length < count) this.selectBuffer = new Float64Array(count);
    return this.selectBuffer.subarray(0, count);
  }

  /** Bytes for encoding one output file's pixel data (contents undefined). */
  encodeTarget(bytes: number): Buffer {
    if (this.encodeBuffer.length < bytes) this.encodeBuffer = Buffer.allocUnsafeSlow(bytes);
    return this.encodeBuffer.subarray(0, bytes);
  }
}
