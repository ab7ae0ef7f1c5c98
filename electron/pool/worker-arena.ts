/**
 * A worker's side of the arena (arena.ts): the calibration kernel instantiated over the shared
 * memory, and the scratch slot this thread holds. The slot is claimed on first need with a
 * compareExchange on the slot table, and claimed again on a later frame while none was free
 * (main frees a thread's slot when the thread exits); without one the worker takes the
 * JavaScript path with its private buffers, which gives the same pixels.
 */
import { threadId } from 'node:worker_threads';
import { createCalibrateKernel, type CalibrateKernel } from '../../shared/pixels/calibrate-simd';
import { createStatisticsKernel, STATISTICS_SCRATCH_BYTES, type StatisticsKernel } from '../../shared/pixels/statistics-simd';
import { adoptModules } from '../../shared/pixels/wasm-api';
import { paddedSize } from '../fits/image-layout';
import { DIRECT_IO_ALIGN } from '../outputs/direct-write';
import { claimSlot, FILE_HEADER_ROOM, SLOT_RAW_BYTES_PER_PIXEL, slotTable, type SharedArena } from './arena';
import type { PoolWorkerData } from './task-messages';

/** A claimed slot as Buffers over the arena; each Buffer's byteOffset is its offset in the memory. */
export interface SlotBuffers {
  readonly index: number;
  /** Byte offset of the slot's kernel state (SLOT_SCRATCH_BYTES: the checksums' sums, then the quality measurement's rows). */
  readonly scratch: number;
  /** Room for the stored bytes of one light, as read from the file. */
  readonly raw: Buffer;
  /** Room for one big-endian float32 data unit, padded to 2880-byte blocks. */
  readonly output: Buffer;
  /**
   * Room for one output file as a single run of bytes: a header of up to FILE_HEADER_ROOM bytes,
   * its data unit right after, and a block to spare; starts DIRECT_IO_ALIGN-aligned in memory.
   * `output` lies inside it, at FILE_HEADER_ROOM.
   */
  readonly image: Buffer;
  /** The whole slot, raw then image (contiguous): scratch for combining strips of masters. */
  readonly whole: Buffer;
}

export class WorkerArena {
  private held: SlotBuffers | null = null;
  private statisticsKernel: StatisticsKernel | null | undefined;

  constructor(
    private readonly arena: SharedArena,
    readonly kernel: CalibrateKernel,
    private readonly owner: number = threadId,
  ) {}

  /** The arena given in workerData, or null when there is none or this engine cannot run the kernel. */
  static fromWorkerData(data: unknown): WorkerArena | null {
    const arena = (data as PoolWorkerData | undefined)?.arena ?? null;
    if (arena === null) return null;
    adoptModules(arena.modules);
    const kernel = createCalibrateKernel(arena.memory);
    return kernel === null ? null : new WorkerArena(arena, kernel);
  }

  /** Pixels a slot holds: larger lights take the JavaScript path. */
  get slotPixels(): number {
    return this.arena.slotPixels;
  }

  /** The shared memory itself (kernels are instantiated over it). */
  get memory(): SharedArena['memory'] {
    return this.arena.memory;
  }

  /** True when `view` lies in the arena's memory (the kernel can read it by offset). */
  holds(view: Float32Array): boolean {
    return view.buffer === this.arena.memory.buffer;
  }

  /** This thread's slot, claimed on first call; null while every slot is taken. */
  slot(): SlotBuffers | null {
    if (this.held !== null) return this.held;
    const index = claimSlot(slotTable(this.arena), this.owner);
    if (index === null) return null;
    const { scratch, raw, image, output } = this.arena.slots[index];
    const pixels = this.arena.slotPixels;
    const buffer = this.arena.memory.buffer;
    const imageBytes = FILE_HEADER_ROOM + paddedSize(pixels * 4) + DIRECT_IO_ALIGN;
    this.held = {
      index,
      scratch,
      raw: Buffer.from(buffer, raw, pixels * SLOT_RAW_BYTES_PER_PIXEL),
      output: Buffer.from(buffer, output, paddedSize(pixels * 4)),
      image: Buffer.from(buffer, image, imageBytes),
      whole: Buffer.from(buffer, raw, image + imageBytes - raw),
    };
    return this.held;
  }

  /**
   * The statistics kernel over the arena, its scratch at the start of this thread's slot and the
   * rest of the slot's raw room to collect an exact median's middle values in (tasks of one thread
   * run one at a time, and what they measure lies elsewhere: a master, or the slot's output room);
   * null without a slot or where the engine cannot run it.
   */
  statistics(): StatisticsKernel | null {
    if (this.statisticsKernel === undefined) {
      const slot = this.slot();
      if (slot === null) return null; // no slot yet: asked again next time
      this.statisticsKernel = createStatisticsKernel(this.arena.memory, slot.raw.byteOffset, Math.max(0, slot.raw.length - STATISTICS_SCRATCH_BYTES));
    }
    return this.statisticsKernel;
  }

  /** The slot held so far, without claiming one. */
  get slotIndex(): number | null {
    return this.held?.index ?? null;
  }
}
