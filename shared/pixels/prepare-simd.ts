/**
 * A flat's preparation before its median, in WebAssembly SIMD: the stored big-endian pixels as
 * read from the file go straight to host-order float32 with the bias and scaled dark subtracted,
 * in one pass (functions of the calibration module, calibrate-simd.ts). Every pixel equals the
 * JavaScript path's, bit for bit: decodeBigEndianPixels (float32 = fround(bzero + bscale·stored))
 * then calibratePixels with no flat (float64, then fround, non-finite → NaN); only a NaN's sign
 * and payload bits may differ, which no median sees.
 *
 * Why: the exact median of every flat (combine-strip.ts frameMedian) spent most of its time
 * decoding and subtracting in JavaScript: for 2048², 63 ms against 7.5 ms for this pass, warmed
 * (test/bench/pixels-bench.ts --only=masters, busy cores).
 *
 *   (func $prepare16 / $prepare32f [Bias | Dark]
 *       (param $raw i32) (param $n i32) (param $bias i32) (param $dark i32) (param $out i32)
 *       (param $bzero f64) (param $bscale f64) (param $darkScale f64)
 *     per four pixels at float32 byte offset $q (whole vectors, then the last n % 4 lane by lane):
 *       $stored = the four stored values, byte-swapped (int16: sign-extended)
 *       for each half h: v = convert_low / promote_low (half $stored) · $BS + $BZ
 *                        v = promote (demote v)                   ;; the decoded float32
 *                        v = v − promote (bias h)                 ;; with a bias
 *                        v = v − $DS · promote (dark h)           ;; with a dark
 *                        w_h = demote v
 *       $w = the two halves joined;  out = $w + ($w − $w)          ;; calibratePixels' NaN rule
 *
 * Without a bias and a dark, the JavaScript path does not prepare at all (no NaN rule): no
 * function is emitted for it, and callers decode in JavaScript.
 */
import { address, EMPTY_BLOCK, half, i32Const, JOIN_LOW_HALVES_LANES, localGet, localSet, localTee, op, shuffle, simd, simdLane, simdMem, simdOp } from './wasm-emitter';
import { declareFunction, type KernelFunction } from './wasm-module';
import { decodeStored, lightKernelPrologue, masterHalf, type MasterSource } from './light-kernel-steps';

/** Stored formats the preparation reads, with their bytes per pixel. */
export const PREPARE_FORMATS = { int16: 2, float32: 4 } as const;
export type PrepareFormat = keyof typeof PREPARE_FORMATS;

/** Which masters a preparation subtracts (at least one). */
export type PrepareMasters = 'bias-dark' | 'bias' | 'dark';

/** The exported name of one variant. */
export function prepareExportName(format: PrepareFormat, masters: PrepareMasters): string {
  const suffix = masters === 'bias-dark' ? '' : masters === 'bias' ? 'Bias' : 'Dark';
  return `${format === 'int16' ? 'prepare16' : 'prepare32f'}${suffix}`;
}

/** prepare(raw, n, bias, dark, out, bzero, bscale, darkScale): byte offsets, a count, three factors. */
export type PrepareEntry = (raw: number, n: number, bias: number, dark: number, out: number, bzero: number, bscale: number, darkScale: number) => void;

function prepareFunction(exportName: string) {
  return declareFunction({
    name: exportName,
    params: { raw: 'i32', n: 'i32', bias: 'i32', dark: 'i32', out: 'i32', bzero: 'f64', bscale: 'f64', darkScale: 'f64' },
    locals: {
      q: 'i32', qEnd: 'i32', r: 'i32', rem: 'i32',
      bz: 'v128', bs: 'v128', ds: 'v128', zero: 'v128', swap32: 'v128', widen: 'v128',
      rawV: 'v128', biasV: 'v128', darkV: 'v128', stored: 'v128', w: 'v128', outV: 'v128',
    },
  });
}
type Locals = ReturnType<typeof prepareFunction>['local'];

/** Four prepared pixels from $rawV (and the masters at $q), left on the stack in host order. */
function calculate(L: Locals, format: PrepareFormat, masters: PrepareMasters, source: MasterSource): number[] {
  const code: number[] = decodeStored(L, format);
  const promote = simdOp(simd.f64x2PromoteLowF32x4);
  for (const second of [false, true]) {
    code.push(...half(L.stored, second), ...simdOp(format === 'int16' ? simd.f64x2ConvertLowI32x4S : simd.f64x2PromoteLowF32x4));
    code.push(...localGet(L.bs), ...simdOp(simd.f64x2Mul), ...localGet(L.bz), ...simdOp(simd.f64x2Add));
    code.push(...simdOp(simd.f32x4DemoteF64x2Zero), ...promote); // the decoded float32
    if (masters !== 'dark') code.push(...masterHalf(L, source, L.bias, L.biasV, second), ...promote, ...simdOp(simd.f64x2Sub));
    if (masters !== 'bias') code.push(...localGet(L.ds), ...masterHalf(L, source, L.dark, L.darkV, second), ...promote, ...simdOp(simd.f64x2Mul), ...simdOp(simd.f64x2Sub));
    code.push(...simdOp(simd.f32x4DemoteF64x2Zero));
  }
  // w + (w − w): 0 added to a finite w (−0 becomes +0), NaN for NaN and ±∞
  code.push(...shuffle(JOIN_LOW_HALVES_LANES), ...localTee(L.w));
  code.push(...localGet(L.w), ...localGet(L.w), ...simdOp(simd.f32x4Sub), ...simdOp(simd.f32x4Add));
  return code;
}

/** One variant of the preparation, for the calibration module. */
export function prepareFunctionFor(format: PrepareFormat, masters: PrepareMasters): KernelFunction {
  const fn = prepareFunction(prepareExportName(format, masters));
  const L = fn.local;
  const rawStep = 4 * PREPARE_FORMATS[format];
  const code: number[] = lightKernelPrologue(L);

  // Whole vectors of four pixels.
  code.push(op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK);
  code.push(...localGet(L.q), ...localGet(L.qEnd), op.i32GeU, op.brIf, 1);
  code.push(...localGet(L.r), ...(format === 'int16' ? simdMem(simd.v128Load64Zero, 0) : simdMem(simd.v128Load, 0)), ...localSet(L.rawV));
  code.push(...address(L.out, L.q), ...calculate(L, format, masters, 'memory'), ...simdMem(simd.v128Store, 0));
  code.push(...localGet(L.q), ...i32Const(16), op.i32Add, ...localSet(L.q));
  code.push(...localGet(L.r), ...i32Const(rawStep), op.i32Add, ...localSet(L.r));
  code.push(op.br, 0, op.end, op.end);

  // The last n % 4 pixels, one lane at a time: no byte outside the arrays is read or written.
  const ifLane = (lane: number, body: number[]) => [...localGet(L.rem), ...i32Const(lane), op.i32GtU, op.if, EMPTY_BLOCK, ...body, op.end];
  const used: [number, number][] = [];
  if (masters !== 'dark') used.push([L.bias, L.biasV]);
  if (masters !== 'bias') used.push([L.dark, L.darkV]);
  for (const local of [L.rawV, ...used.map(([, v]) => v)]) code.push(...localGet(L.zero), ...localSet(local));
  for (let lane = 0; lane < 3; lane++) {
    const loads =
      format === 'int16'
        ? [...localGet(L.r), ...localGet(L.rawV), ...simdLane(simd.v128Load16Lane, 0, lane * 2, lane), ...localSet(L.rawV)]
        : [...localGet(L.r), ...localGet(L.rawV), ...simdLane(simd.v128Load32Lane, 0, lane * 4, lane), ...localSet(L.rawV)];
    for (const [base, local] of used) {
      loads.push(...address(base, L.q), ...localGet(local), ...simdLane(simd.v128Load32Lane, 0, lane * 4, lane), ...localSet(local));
    }
    code.push(...ifLane(lane, loads));
  }
  code.push(...calculate(L, format, masters, 'locals'), ...localSet(L.outV));
  for (let lane = 0; lane < 3; lane++) {
    code.push(...ifLane(lane, [...address(L.out, L.q), ...localGet(L.outV), ...simdLane(simd.v128Store32Lane, 0, lane * 4, lane)]));
  }
  return fn.body(code);
}

/** Every variant, in the order the calibration module exports them. */
export function prepareFunctions(): KernelFunction[] {
  const variants: KernelFunction[] = [];
  for (const format of ['int16', 'float32'] as const) for (const masters of ['bias-dark', 'bias', 'dark'] as const) variants.push(prepareFunctionFor(format, masters));
  return variants;
}
