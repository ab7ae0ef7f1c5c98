/**
 * The pool's shared memory. Where WebAssembly SIMD and threads exist, one shared
 * WebAssembly.Memory (the arena), sized once, holds every master, a slot table and per-worker
 * scratch slots (the raw bytes of one light and its big-endian float32 output), so the
 * calibration kernel (shared/pixels/calibrate-simd.ts) reads the masters where they are and a
 * worker writes its output file straight from its slot. Elsewhere, or when the arena would be
 * larger than a 32-bit memory, each master is its own SharedArrayBuffer and workers use the
 * JavaScript kernel. Memory never touched (spare slots, a master not built yet) stays virtual.
 *
 * Layout, every region 64-byte aligned (a slot's file image DIRECT_IO_ALIGN-aligned):
 *   [slot table: one int32 per slot] [main's scratch] [master 0] [master 1] … [slot 0: scratch | raw | header room, output] [slot 1] …
 */
import { compiledCalibrateKernel } from '../../shared/pixels/calibrate-simd';
import { CHECKSUM_STATE_BYTES } from '../../shared/pixels/checksum';
import { compiledStatisticsKernel } from '../../shared/pixels/statistics-simd';
import { createSharedMemory, threadModules, WASM32_MAX_PAGES, WASM_PAGE_BYTES, type WasmMemory, type WasmModule } from '../../shared/pixels/wasm-api';
import { compileMeasurementKernels } from '../../shared/quality/measurement-kernels';
import type { MasterSpec } from '../../shared/night/frames';
import { paddedSize } from '../fits/image-layout';
import { DIRECT_IO_ALIGN } from '../outputs/direct-write';

/** One master's pixels, shared by main and every worker: width × height float32 at `byteOffset` of `buffer`. */
export interface SharedMaster {
  readonly buffer: SharedArrayBuffer;
  readonly byteOffset: number;
  readonly width: number;
  readonly height: number;
}

/**
 * A worker's scratch in the arena, as byte offsets: its raw bytes, and the room for one output
 * file: `image`, aligned to DIRECT_IO_ALIGN, where a header of up to FILE_HEADER_ROOM bytes is
 * followed by its data unit (so the file is one aligned run of bytes, as O_DIRECT writes need),
 * and `output` = image + FILE_HEADER_ROOM, the data unit's place when the header is written apart.
 */
export interface ArenaSlot {
  /** SLOT_SCRATCH_BYTES of kernel state (the checksums' running sums, then the star search's rows), 64-byte aligned. */
  readonly scratch: number;
  readonly raw: number;
  readonly image: number;
  readonly output: number;
}

/**
 * Bytes of the slot's scratch after the checksums' state, for the quality measurement's kernel: a
 * band of 18 binned rows and four rows of sky, for frames up to 23,000 px wide (wider ones search
 * in JavaScript). Virtual until a light touches it: a few pages a slot.
 */
export const QUALITY_SCRATCH_BYTES = 1024 * 1024;

/** Bytes of kernel state per slot: two running checksums of 32 bytes, then QUALITY_SCRATCH_BYTES. */
export const SLOT_SCRATCH_BYTES = 64 + QUALITY_SCRATCH_BYTES;

/** Bytes of the main thread's scratch: one checksum state (checksum.ts). */
export const MAIN_SCRATCH_BYTES = CHECKSUM_STATE_BYTES;

/** Header bytes an output file may have for its header and data to be laid out contiguously in a slot. */
export const FILE_HEADER_ROOM = 64 * 1024;

/** The arena as every thread sees it (handed to workers once, in workerData). */
export interface SharedArena {
  readonly memory: WasmMemory;
  /**
   * The kernels workers run (the calibration, the statistics, the measurement's), compiled once in
   * main, by name: a worker adopts them (wasm-api adoptModules) and only instantiates them.
   */
  readonly modules: Readonly<Record<string, WasmModule>>;
  /** Byte offset of the slot table: one int32 per slot, 0 when free, else the owning thread's id. */
  readonly slotTable: number;
  /** Byte offset of MAIN_SCRATCH_BYTES only the main thread uses: the state of the masters' checksums (calibration-pool.ts). */
  readonly mainScratch: number;
  readonly slots: readonly ArenaSlot[];
  /** Pixels a slot holds: up to 4 raw bytes each, and the float32 output padded to 2880-byte blocks. */
  readonly slotPixels: number;
}

/** The masters and, when there is one, the arena they live in. */
export interface PoolMemory {
  readonly masters: Readonly<Record<string, SharedMaster>>;
  readonly arena: SharedArena | null;
}

/** Slots beyond one per worker: a crashed worker's replacement takes one before the dead thread's slot is freed. */
export const SPARE_SLOTS = 2;

/** Raw bytes per pixel a slot has room for (BITPIX 8, 16, 32, −32; 64 and −64 take the JavaScript path). */
export const SLOT_RAW_BYTES_PER_PIXEL = 4;

const ALIGN = 64;

export interface PoolMemoryOptions {
  /** Worker threads of the pool: one slot each, plus SPARE_SLOTS. */
  readonly workers: number;
  /** Number of slots instead of workers + SPARE_SLOTS (tests: fewer slots than workers). */
  readonly slots?: number;
  /** false: separate SharedArrayBuffers and the JavaScript kernel, as where WebAssembly is missing. */
  readonly wasm?: boolean;
}

/** Where everything goes in the arena, in bytes; null when it needs more than a 32-bit memory holds. */
export interface ArenaLayout {
  readonly masterOffsets: Readonly<Record<string, number>>;
  readonly slotTable: number;
  readonly mainScratch: number;
  readonly slots: readonly ArenaSlot[];
  readonly slotPixels: number;
  readonly pages: number;
}

type MasterSize = Pick<MasterSpec, 'id' | 'width' | 'height'>;

/** The arena's layout for these masters and `slotCount` slots (pure). */
export function planArena(specs: readonly MasterSize[], slotCount: number): ArenaLayout | null {
  let end = 0;
  const take = (bytes: number): number => {
    const offset = end;
    end = align(end + bytes);
    return offset;
  };
  const slotTable = take(slotCount * 4);
  const mainScratch = take(MAIN_SCRATCH_BYTES);
  const masterOffsets: Record<string, number> = {};
  for (const spec of specs) masterOffsets[spec.id] = take(spec.width * spec.height * 4);
  const slotPixels = Math.max(0, ...specs.map((spec) => spec.width * spec.height));
  const slots: ArenaSlot[] = [];
  for (let i = 0; i < (slotPixels > 0 ? slotCount : 0); i++) {
    const scratch = take(SLOT_SCRATCH_BYTES);
    const raw = take(slotPixels * SLOT_RAW_BYTES_PER_PIXEL);
    // Room up to a whole block past the data: O_DIRECT writes whole blocks, the file is then cut to size.
    end = alignTo(end, DIRECT_IO_ALIGN);
    const image = take(FILE_HEADER_ROOM + paddedSize(slotPixels * 4) + DIRECT_IO_ALIGN);
    slots.push({ scratch, raw, image, output: image + FILE_HEADER_ROOM });
  }
  const pages = Math.max(1, Math.ceil(end / WASM_PAGE_BYTES));
  return pages > WASM32_MAX_PAGES ? null : { masterOffsets, slotTable, mainScratch, slots, slotPixels, pages };
}

/**
 * Zero-filled shared memory for every planned master: in one arena when the engine has
 * WebAssembly SIMD and threads and the arena fits in a 32-bit memory, else one
 * SharedArrayBuffer per master. Pages are only made resident when written.
 */
export function allocateMasters(specs: readonly MasterSize[], options: PoolMemoryOptions): PoolMemory {
  const slotCount = options.slots ?? options.workers + SPARE_SLOTS;
  const kernel = options.wasm === false ? null : compiledCalibrateKernel();
  const layout = kernel ? planArena(specs, slotCount) : null;
  const memory = layout ? createSharedMemory(layout.pages) : null;
  if (kernel === null || layout === null || memory === null) return { masters: separateMasters(specs), arena: null };
  const buffer = memory.buffer as SharedArrayBuffer;
  const masters: Record<string, SharedMaster> = {};
  for (const spec of specs) masters[spec.id] = { buffer, byteOffset: layout.masterOffsets[spec.id], width: spec.width, height: spec.height };
  return { masters, arena: { memory, modules: workerModules(), slotTable: layout.slotTable, mainScratch: layout.mainScratch, slots: layout.slots, slotPixels: layout.slotPixels } };
}

/** The kernels every worker runs, compiled here (main) so that no worker emits or compiles its own: what the arena hands over. */
function workerModules(): Readonly<Record<string, WasmModule>> {
  compiledCalibrateKernel();
  compiledStatisticsKernel();
  compileMeasurementKernels();
  return threadModules();
}

function separateMasters(specs: readonly MasterSize[]): Record<string, SharedMaster> {
  const masters: Record<string, SharedMaster> = {};
  for (const spec of specs) {
    masters[spec.id] = { buffer: new SharedArrayBuffer(spec.width * spec.height * 4), byteOffset: 0, width: spec.width, height: spec.height };
  }
  return masters;
}

/** The master's pixels as a Float32Array over the shared memory (no copy). */
export function masterPixels(master: SharedMaster): Float32Array {
  return new Float32Array(master.buffer, master.byteOffset, master.width * master.height);
}

// ---------------------------------------------------------------- the slot table

/** The arena's slot table as int32 cells over its memory. */
export function slotTable(arena: SharedArena): Int32Array {
  return new Int32Array(arena.memory.buffer, arena.slotTable, arena.slots.length);
}

/** Claims a free slot for `owner` (a worker's threadId, > 0): its index, or null when every slot is taken. */
export function claimSlot(table: Int32Array, owner: number): number | null {
  if (!(owner > 0)) throw new RangeError(`slot owner must be a worker thread id (> 0), got ${owner}`);
  for (let i = 0; i < table.length; i++) {
    if (Atomics.compareExchange(table, i, 0, owner) === 0) return i;
  }
  return null;
}

/** Frees the slots `owner` holds, once its thread has exited; returns how many. */
export function releaseSlots(table: Int32Array, owner: number): number {
  let released = 0;
  for (let i = 0; i < table.length; i++) {
    if (Atomics.compareExchange(table, i, owner, 0) === owner) released++;
  }
  return released;
}

function align(offset: number): number {
  return alignTo(offset, ALIGN);
}

function alignTo(offset: number, step: number): number {
  return Math.ceil(offset / step) * step;
}
