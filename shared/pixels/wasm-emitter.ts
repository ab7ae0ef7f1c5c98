/**
 * A small WebAssembly binary emitter for kernels generated at run time (no toolchain): named
 * opcodes, immediates and sections, enough to write a module's bytes readably. Each helper
 * returns the bytes of one instruction or section; a function body is their concatenation.
 */

/** Value types. */
export const type = { i32: 0x7f, f64: 0x7c, v128: 0x7b } as const;

/** The block type of a block, loop or if that leaves nothing on the stack. */
export const EMPTY_BLOCK = 0x40;

/** Core opcodes (one byte). */
export const op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  f32Load: 0x2a,
  i32Store: 0x36,
  i32Const: 0x41,
  i32LtS: 0x48,
  i32LtU: 0x49,
  i32GtS: 0x4a,
  i32GtU: 0x4b,
  i32GeS: 0x4e,
  i32GeU: 0x4f,
  f64Lt: 0x63,
  f64Le: 0x65,
  f64Ge: 0x66,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32And: 0x71,
  i32Or: 0x72,
  i32Shl: 0x74,
  f64Floor: 0x9c,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
  i32TruncF64S: 0xaa,
  f32DemoteF64: 0xb6,
  f64ConvertI32S: 0xb7,
  f64PromoteF32: 0xbb,
} as const;

/** SIMD opcodes: the 0xfd prefix, then this number (LEB128). */
export const simd = {
  v128Load: 0x00,
  v128Load64Splat: 0x0a,
  v128Store: 0x0b,
  v128Const: 0x0c,
  i8x16Shuffle: 0x0d,
  i8x16Swizzle: 0x0e,
  f32x4Eq: 0x41,
  f32x4Ne: 0x42,
  f32x4Lt: 0x43,
  f32x4Gt: 0x44,
  v128And: 0x4e,
  v128Or: 0x50,
  v128Bitselect: 0x52,
  v128AnyTrue: 0x53,
  f32x4Splat: 0x13,
  f64x2Splat: 0x14,
  i16x8Splat: 0x10,
  i16x8ExtractLaneS: 0x18,
  i32x4ExtractLane: 0x1b,
  i32x4Splat: 0x11,
  i32x4LeS: 0x3d,
  i32x4GeS: 0x3f,
  i32x4MinS: 0xb6,
  i32x4TruncSatF32x4S: 0xf8,
  i16x8GeS: 0x35,
  i16x8Sub: 0x91,
  v128Load16Lane: 0x55,
  v128Load32Lane: 0x56,
  v128Store32Lane: 0x5a,
  v128Load64Zero: 0x5d,
  f32x4DemoteF64x2Zero: 0x5e,
  f64x2PromoteLowF32x4: 0x5f,
  i32x4ShrS: 0xac,
  i32x4Add: 0xae,
  i32x4Sub: 0xb1,
  f32x4Sqrt: 0xe3,
  f32x4Add: 0xe4,
  f32x4Sub: 0xe5,
  f32x4Mul: 0xe6,
  f32x4Div: 0xe7,
  f64x2Add: 0xf0,
  f64x2Sub: 0xf1,
  f64x2Mul: 0xf2,
  f64x2Div: 0xf3,
  f32x4Min: 0xe8,
  f32x4Max: 0xe9,
  f32x4Pmin: 0xea,
  f32x4Pmax: 0xeb,
  f64x2ConvertLowI32x4S: 0xfe,
} as const;

/** Unsigned LEB128. */
export function leb128(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

/** Signed LEB128 (i32.const immediates). */
export function sleb128(value: number): number[] {
  const bytes: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    const done = (value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0);
    bytes.push(done ? byte : byte | 0x80);
    if (done) return bytes;
  }
}

// ---------------------------------------------------------------- instructions

export const localGet = (index: number): number[] => [op.localGet, ...leb128(index)];
export const localSet = (index: number): number[] => [op.localSet, ...leb128(index)];
export const localTee = (index: number): number[] => [op.localTee, ...leb128(index)];
export const i32Const = (value: number): number[] => [op.i32Const, ...sleb128(value)];
/** f64.const: the value's 8 bytes, little-endian as the format stores them. */
export const f64Const = (value: number): number[] => [0x44, ...new Uint8Array(Float64Array.of(value).buffer)];

/** A SIMD instruction without immediates. */
export const simdOp = (code: number): number[] => [0xfd, ...leb128(code)];

/** A SIMD memory instruction: alignment hint (log2 bytes) and a constant offset added to the address. */
export const simdMem = (code: number, alignLog2: number, offset = 0): number[] => [...simdOp(code), alignLog2, ...leb128(offset)];

/** A SIMD lane load or store: memory immediates, then the lane index. */
export const simdLane = (code: number, alignLog2: number, offset: number, lane: number): number[] => [...simdMem(code, alignLog2, offset), lane];

/** v128.const of 16 bytes. */
export const v128Const = (bytes: readonly number[]): number[] => {
  if (bytes.length !== 16) throw new RangeError(`v128.const needs 16 bytes, got ${bytes.length}`);
  return [...simdOp(simd.v128Const), ...bytes];
};

/** i8x16.shuffle of the two vectors on the stack by 16 lane indices (0–15 first, 16–31 second). */
export const shuffle = (lanes: readonly number[]): number[] => {
  if (lanes.length !== 16) throw new RangeError(`i8x16.shuffle needs 16 lanes, got ${lanes.length}`);
  return [...simdOp(simd.i8x16Shuffle), ...lanes];
};

// ---------------------------------------------------------------- lane patterns the kernels share

/** Reverses the bytes of each 32-bit lane: float32 big-endian ↔ host order. */
export const SWAP32_LANES: readonly number[] = [3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12];
/**
 * Big-endian int16 k (bytes 2k, 2k+1) into the top half of i32 lane k, zeros below (a swizzle
 * index ≥ 16 gives 0): an arithmetic shift right by 16 then sign-extends it.
 */
export const WIDEN_INT16_LANES: readonly number[] = [0x80, 0x80, 1, 0, 0x80, 0x80, 3, 2, 0x80, 0x80, 5, 4, 0x80, 0x80, 7, 6];
/** Bytes 8–15 moved to 0–7: the upper two 32-bit lanes become the lower two (for the second half). */
export const HIGH_HALF_LANES: readonly number[] = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
/** Lanes 0–1 of two vectors side by side: two demoted halves into one f32x4. */
export const JOIN_LOW_HALVES_LANES: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];

/** The vector `local`, or for the second half its lanes 2–3 moved down to 0–1. */
export const half = (local: number, second: boolean): number[] =>
  second ? [...localGet(local), ...localGet(local), ...shuffle(HIGH_HALF_LANES)] : localGet(local);

/** `base + offset` (two i32 locals) on the stack. */
export const address = (base: number, offset: number): number[] => [...localGet(base), ...localGet(offset), op.i32Add];

// ---------------------------------------------------------------- module

/** A length-prefixed section. */
export function section(id: number, bytes: readonly number[]): number[] {
  return [id, ...leb128(bytes.length), ...bytes];
}

/** A name as WebAssembly encodes it (ASCII only here). */
export function name(text: string): number[] {
  return [text.length, ...Array.from(text, (ch) => ch.charCodeAt(0))];
}

/** A vector: its count, then its items. */
export function vector(items: readonly (readonly number[])[]): number[] {
  return [...leb128(items.length), ...items.flat()];
}

/** A function body: its locals as (count, type) groups, the code, the final end. */
export function functionBody(locals: readonly (readonly [number, number])[], code: readonly number[]): number[] {
  const body = [...vector(locals.map(([count, valueType]) => [...leb128(count), valueType])), ...code, op.end];
  return [...leb128(body.length), ...body];
}

/** The magic number and version that start every module. */
export const MODULE_HEADER: readonly number[] = [0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0];

/** Section ids. */
export const sectionId = { type: 1, import: 2, function: 3, memory: 5, export: 7, code: 10 } as const;

/** Import and export kinds. */
export const externalKind = { function: 0, memory: 2 } as const;
