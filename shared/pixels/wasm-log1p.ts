/**
 * log1p(x) inside a kernel, giving the bits JavaScript's Math.log1p gives. V8 computes Math.log1p
 * with fdlibm's algorithm (s_log1p.c, as V8's base/ieee754 keeps it): 1 + x = 2^k·(1 + f) with
 * √2/2 ≤ 1 + f < √2 and a correction c for the rounding of 1 + x, then
 * log(1 + f) = f − (f²/2 − s·(f²/2 + R(s²))) with s = f/(2 + f) and a degree-7 polynomial R.
 * Every step is an IEEE double operation without fusing, so the same steps in WebAssembly round
 * the same way; test/shared/pixels/wasm-log1p.test.ts checks it bit for bit on millions of
 * arguments. Why not import Math.log1p: the profile fit asks for one per ring and evaluation, and a
 * call out of WebAssembly into JavaScript costs more than the function (wasm-exp.ts, the same for exp).
 */
import { EMPTY_BLOCK, f64Const, i32Const, localGet, localSet, op } from './wasm-emitter';
import { declareFunction, type KernelFunction } from './wasm-module';

const LN2_HI = 6.93147180369123816490e-1; // 0x3FE62E42 FEE00000
const LN2_LO = 1.90821492927058770002e-10; // 0x3DEA39EF 35793C76
const TWO54 = 1.80143985094819840000e16; // 0x43500000 00000000
const LP = [6.666666666666735130e-1, 3.999999999940941908e-1, 2.857142874366239149e-1, 2.222219843214978396e-1, 1.818357216161805012e-1, 1.531383769920937332e-1, 1.479819860511658591e-1];

const RETURN = 0x0f;
const F64 = 0x7c;
const I32_EQZ = 0x45;
const I32_SHR_S = 0x75;
const I32_LE_S = 0x4c;
const I32_WRAP_I64 = 0xa7;
const I64_CONST = 0x42;
const I64_AND = 0x83;
const I64_OR = 0x84;
const I64_SHL = 0x86;
const I64_SHR_U = 0x88;
const I64_EXTEND_I32_U = 0xad;
const I64_REINTERPRET_F64 = 0xbd;
const F64_REINTERPRET_I64 = 0xbf;
const f = { const: f64Const, eq: 0x61, gt: 0x64, div: 0xa3, add: op.f64Add, sub: op.f64Sub, mul: op.f64Mul };
/** i64.const 0xFFFFFFFF (the low word's mask), as signed LEB128. */
const LOW_WORD_MASK = [I64_CONST, 0xff, 0xff, 0xff, 0xff, 0x0f];

/**
 * `log1p` (f64) → f64, a function of any kernel module: call it by its index there. Its body
 * follows fdlibm's branches one for one (x ≤ −1, |x| < 2⁻²⁹, √2/2 − 1 ≤ x < √2 − 1 without a
 * reduction, non-finite x, x ≥ 2⁵³ without the correction, |f| < 2⁻²⁰).
 */
export function log1pFunction(): KernelFunction {
  const fn = declareFunction({
    name: 'log1p',
    params: { x: 'f64' },
    locals: { hx: 'i32', ax: 'i32', hu: 'i32', k: 'i32', u: 'f64', c: 'f64', fr: 'f64', hfsq: 'f64', s: 'f64', z: 'f64', r: 'f64', kd: 'f64' },
    results: ['f64'],
  });
  const L = fn.local;
  const get = localGet;
  const set = localSet;
  const returnIf = (condition: readonly number[], value: readonly number[]) => [...condition, op.if, EMPTY_BLOCK, ...value, RETURN, op.end];
  const highWord = (local: number) => [...get(local), I64_REINTERPRET_F64, I64_CONST, 32, I64_SHR_U, I32_WRAP_I64];
  // u with its high word replaced by `word` (an i32 on the stack), its low word kept
  const withHighWord = (word: readonly number[]) => [...word, I64_EXTEND_I32_U, I64_CONST, 32, I64_SHL, ...get(L.u), I64_REINTERPRET_F64, ...LOW_WORD_MASK, I64_AND, I64_OR, F64_REINTERPRET_I64, ...set(L.u)];
  return fn.body([
    ...highWord(L.x), ...set(L.hx),
    ...get(L.hx), ...i32Const(0x7fffffff), op.i32And, ...set(L.ax),
    ...i32Const(1), ...set(L.k),
    // 1 + x < √2
    ...get(L.hx), ...i32Const(0x3fda827a), op.i32LtS, op.if, EMPTY_BLOCK,
    // x ≤ −1: −∞ at −1, else NaN
    ...get(L.ax), ...i32Const(0x3ff00000), op.i32GeU, op.if, EMPTY_BLOCK,
    ...returnIf([...get(L.x), ...f.const(-1), f.eq], f.const(-Infinity)),
    ...f.const(NaN), RETURN,
    op.end,
    // |x| < 2⁻²⁹: x itself below 2⁻⁵⁴, else x − x²/2
    ...get(L.ax), ...i32Const(0x3e200000), op.i32LtU, op.if, EMPTY_BLOCK,
    ...returnIf([...f.const(TWO54), ...get(L.x), f.add, ...f.const(0), f.gt, ...get(L.ax), ...i32Const(0x3c900000), op.i32LtU, op.i32And], get(L.x)),
    ...get(L.x), ...get(L.x), ...get(L.x), f.mul, ...f.const(0.5), f.mul, f.sub, RETURN,
    op.end,
    // √2/2 − 1 < x < √2 − 1: no reduction (k = 0, f = x)
    ...get(L.hx), ...i32Const(0), op.i32GtS, ...get(L.hx), ...i32Const(0xbfd2bec4 | 0), I32_LE_S, op.i32Or, op.if, EMPTY_BLOCK,
    ...i32Const(0), ...set(L.k), ...get(L.x), ...set(L.fr), ...i32Const(1), ...set(L.hu),
    op.end,
    op.end,
    ...returnIf([...get(L.hx), ...i32Const(0x7ff00000), op.i32GeS], [...get(L.x), ...get(L.x), f.add]),
    ...get(L.k), I32_EQZ, I32_EQZ, op.if, EMPTY_BLOCK,
    ...get(L.hx), ...i32Const(0x43400000), op.i32LtS, op.if, EMPTY_BLOCK,
    // u = 1 + x, k its exponent, c the rounding 1 + x made, over u
    ...f.const(1), ...get(L.x), f.add, ...set(L.u),
    ...highWord(L.u), ...set(L.hu),
    ...get(L.hu), ...i32Const(20), I32_SHR_S, ...i32Const(1023), op.i32Sub, ...set(L.k),
    ...get(L.k), ...i32Const(0), op.i32GtS, op.if, F64,
    ...f.const(1), ...get(L.u), ...get(L.x), f.sub, f.sub,
    op.else,
    ...get(L.x), ...get(L.u), ...f.const(1), f.sub, f.sub,
    op.end,
    ...get(L.u), f.div, ...set(L.c),
    op.else,
    ...get(L.x), ...set(L.u),
    ...highWord(L.u), ...set(L.hu),
    ...get(L.hu), ...i32Const(20), I32_SHR_S, ...i32Const(1023), op.i32Sub, ...set(L.k),
    ...f.const(0), ...set(L.c),
    op.end,
    ...get(L.hu), ...i32Const(0x000fffff), op.i32And, ...set(L.hu),
    // u normalised to [√2/2, √2)
    ...get(L.hu), ...i32Const(0x6a09e), op.i32LtS, op.if, EMPTY_BLOCK,
    ...withHighWord([...get(L.hu), ...i32Const(0x3ff00000), op.i32Or]),
    op.else,
    ...get(L.k), ...i32Const(1), op.i32Add, ...set(L.k),
    ...withHighWord([...get(L.hu), ...i32Const(0x3fe00000), op.i32Or]),
    ...i32Const(0x00100000), ...get(L.hu), op.i32Sub, ...i32Const(2), I32_SHR_S, ...set(L.hu),
    op.end,
    ...get(L.u), ...f.const(1), f.sub, ...set(L.fr),
    op.end,
    ...f.const(0.5), ...get(L.fr), f.mul, ...get(L.fr), f.mul, ...set(L.hfsq),
    // k as a double, as fdlibm's k·ln2_hi and k·ln2_lo convert it
    ...get(L.k), op.f64ConvertI32S, ...set(L.kd),
    // |f| < 2⁻²⁰
    ...get(L.hu), I32_EQZ, op.if, EMPTY_BLOCK,
    ...get(L.fr), ...f.const(0), f.eq, op.if, EMPTY_BLOCK,
    ...returnIf([...get(L.k), I32_EQZ], f.const(0)),
    ...get(L.c), ...get(L.kd), ...f.const(LN2_LO), f.mul, f.add, ...set(L.c),
    ...get(L.kd), ...f.const(LN2_HI), f.mul, ...get(L.c), f.add, RETURN,
    op.end,
    ...get(L.hfsq), ...f.const(1), ...f.const(0.66666666666666666), ...get(L.fr), f.mul, f.sub, f.mul, ...set(L.r),
    ...returnIf([...get(L.k), I32_EQZ], [...get(L.fr), ...get(L.r), f.sub]),
    ...get(L.kd), ...f.const(LN2_HI), f.mul, ...get(L.r), ...get(L.kd), ...f.const(LN2_LO), f.mul, ...get(L.c), f.add, f.sub, ...get(L.fr), f.sub, f.sub, RETURN,
    op.end,
    // s = f/(2 + f), R(s²) by Horner
    ...get(L.fr), ...f.const(2), ...get(L.fr), f.add, f.div, ...set(L.s),
    ...get(L.s), ...get(L.s), f.mul, ...set(L.z),
    ...get(L.z),
    ...f.const(LP[0]), ...get(L.z), ...f.const(LP[1]), ...get(L.z), ...f.const(LP[2]), ...get(L.z), ...f.const(LP[3]), ...get(L.z), ...f.const(LP[4]), ...get(L.z), ...f.const(LP[5]), ...get(L.z), ...f.const(LP[6]),
    f.mul, f.add, f.mul, f.add, f.mul, f.add, f.mul, f.add, f.mul, f.add, f.mul, f.add,
    f.mul, ...set(L.r),
    ...returnIf([...get(L.k), I32_EQZ], [...get(L.fr), ...get(L.hfsq), ...get(L.s), ...get(L.hfsq), ...get(L.r), f.add, f.mul, f.sub, f.sub]),
    ...get(L.kd), ...f.const(LN2_HI), f.mul,
    ...get(L.hfsq), ...get(L.s), ...get(L.hfsq), ...get(L.r), f.add, f.mul, ...get(L.kd), ...f.const(LN2_LO), f.mul, ...get(L.c), f.add, f.add, f.sub, ...get(L.fr), f.sub,
    f.sub,
  ]);
}
