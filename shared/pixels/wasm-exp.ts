/**
 * exp(x) inside a kernel, giving the bits JavaScript's Math.exp gives. V8 computes Math.exp with
 * fdlibm's algorithm (e_exp.c, as FreeBSD's msun and V8's base/ieee754 keep it): reduce x to
 * r = x − k·ln2 with |r| ≤ ln2/2 in two parts, a degree-5 rational approximation of e^r, then
 * scale by 2^k. Every step is an IEEE double operation without fusing, so the same steps in
 * WebAssembly round the same way; test/shared/pixels/wasm-exp.test.ts checks it bit for bit on
 * millions of arguments. Why not import Math.exp: a call out of WebAssembly into JavaScript costs
 * more than the whole function, and the star loops need two a row.
 */
import { EMPTY_BLOCK, f64Const, i32Const, localGet, localSet, op } from './wasm-emitter';
import { declareFunction, type KernelFunction } from './wasm-module';

const LN2_HI = 6.93147180369123816490e-1; // 0x3FE62E42 FEE00000: k·LN2_HI is exact for |k| < 2¹¹
const LN2_LO = 1.90821492927058770002e-10; // 0x3DEA39EF 35793C76
const INV_LN2 = 1.44269504088896338700e0; // 0x3FF71547 652B82FE
const P = [1.66666666666666019037e-1, -2.77777777770155933842e-3, 6.61375632143793436117e-5, -1.65339022054652515390e-6, 4.13813679705723846039e-8];
const O_THRESHOLD = 7.09782712893383973096e2; // above: +∞
const U_THRESHOLD = -7.45133219101941108420e2; // below: 0
const TWO_M1000 = 9.33263618503218878990e-302; // 2⁻¹⁰⁰⁰
const TWO_1023 = 8.988465674311579539e307;
/** V8 returns e itself for exp(1): the reduction gets its last bit wrong. */
const E = 2.718281828459045;

const RETURN = 0x0f;
const F64 = 0x7c;
const SELECT = 0x1b;
const I32_EQZ = 0x45;
const I32_EQ = 0x46;
const I32_NE = 0x47;
const I32_SHR_U = 0x76;
const I32_WRAP_I64 = 0xa7;
const I64_CONST = 0x42;
const I64_SHL = 0x86;
const I64_SHR_U = 0x88;
const I64_EXTEND_I32_U = 0xad;
const I64_REINTERPRET_F64 = 0xbd;
const F64_REINTERPRET_I64 = 0xbf;
const f = {
  const: f64Const,
  eq: 0x61, lt: 0x63, gt: 0x64, div: 0xa3, add: op.f64Add, sub: op.f64Sub, mul: op.f64Mul,
};

/**
 * `exp` (f64) → f64, a function of any kernel module: call it by its index there. Its body
 * follows fdlibm's branches one for one (non-finite and out-of-range arguments, |x| < 1.5 ln2,
 * |x| < 2⁻²⁸, the scale below 2⁻¹⁰²¹).
 */
export function expFunction(): KernelFunction {
  const fn = declareFunction({
    name: 'exp',
    params: { x: 'f64' },
    locals: { hx: 'i32', xsb: 'i32', k: 'i32', hi: 'f64', lo: 'f64', t: 'f64', c: 'f64', y: 'f64', scale: 'f64' },
    results: ['f64'],
  });
  const L = fn.local;
  const get = localGet;
  const set = localSet;
  const bits = [...get(L.x), I64_REINTERPRET_F64];
  const returnIf = (condition: readonly number[], value: readonly number[]) => [...condition, op.if, EMPTY_BLOCK, ...value, RETURN, op.end];
  // 2^k (or 2^(k+1000)) as a double: the high word 0x3FF00000 + (k << 20), the low word 0
  const power = (offset: number) => [...get(L.k), ...i32Const(offset), op.i32Add, ...i32Const(20), op.i32Shl, ...i32Const(0x3ff00000), op.i32Add, I64_EXTEND_I32_U, I64_CONST, 32, I64_SHL, F64_REINTERPRET_I64];
  const bySign = (positive: number) => [...f.const(-positive), ...f.const(positive), ...get(L.xsb), SELECT];
  return fn.body([
    ...bits, I64_CONST, 32, I64_SHR_U, I32_WRAP_I64, ...set(L.hx),
    ...get(L.hx), ...i32Const(31), I32_SHR_U, ...set(L.xsb),
    ...get(L.hx), ...i32Const(0x7fffffff), op.i32And, ...set(L.hx),
    // |x| ≥ 709.78: NaN, ±∞, overflow, underflow
    ...get(L.hx), ...i32Const(0x40862e42), op.i32GeU, op.if, EMPTY_BLOCK,
    ...get(L.hx), ...i32Const(0x7ff00000), op.i32GeU, op.if, EMPTY_BLOCK,
    ...returnIf([...get(L.hx), ...i32Const(0xfffff), op.i32And, ...bits, I32_WRAP_I64, op.i32Or, ...i32Const(0), I32_NE], [...get(L.x), ...get(L.x), f.add]),
    ...returnIf([...get(L.xsb), ...i32Const(0), I32_EQ], get(L.x)),
    ...f.const(0), RETURN,
    op.end,
    ...returnIf([...get(L.x), ...f.const(O_THRESHOLD), f.gt], f.const(Infinity)),
    ...returnIf([...get(L.x), ...f.const(U_THRESHOLD), f.lt], [...f.const(TWO_M1000), ...f.const(TWO_M1000), f.mul]),
    op.end,
    // the reduction: x = hi − lo = x − k·ln2
    ...get(L.hx), ...i32Const(0x3fd62e42), op.i32GtU, op.if, EMPTY_BLOCK,
    ...get(L.hx), ...i32Const(0x3ff0a2b2), op.i32LtU, op.if, EMPTY_BLOCK,
    ...returnIf([...get(L.x), ...f.const(1), f.eq], f.const(E)),
    ...get(L.x), ...bySign(LN2_HI), f.sub, ...set(L.hi),
    ...bySign(LN2_LO), ...set(L.lo),
    ...i32Const(1), ...get(L.xsb), op.i32Sub, ...get(L.xsb), op.i32Sub, ...set(L.k),
    op.else,
    ...f.const(INV_LN2), ...get(L.x), f.mul, ...bySign(0.5), f.add, op.i32TruncF64S, ...set(L.k),
    ...get(L.k), op.f64ConvertI32S, ...set(L.t),
    ...get(L.x), ...get(L.t), ...f.const(LN2_HI), f.mul, f.sub, ...set(L.hi),
    ...get(L.t), ...f.const(LN2_LO), f.mul, ...set(L.lo),
    op.end,
    ...get(L.hi), ...get(L.lo), f.sub, ...set(L.x),
    op.else,
    // |x| < 2⁻²⁸: 1 + x (fdlibm's huge + x > 1 always holds here)
    ...returnIf([...get(L.hx), ...i32Const(0x3e300000), op.i32LtU], [...f.const(1), ...get(L.x), f.add]),
    op.end,
    // e^r by the rational approximation, then the scale 2^k
    ...get(L.x), ...get(L.x), f.mul, ...set(L.t),
    ...get(L.k), ...i32Const(-1021), op.i32GeS, op.if, F64, ...power(0), op.else, ...power(1000), op.end, ...set(L.scale),
    ...get(L.x), ...get(L.t),
    ...f.const(P[0]), ...get(L.t), ...f.const(P[1]), ...get(L.t), ...f.const(P[2]), ...get(L.t), ...f.const(P[3]), ...get(L.t), ...f.const(P[4]),
    f.mul, f.add, f.mul, f.add, f.mul, f.add, f.mul, f.add, f.mul, f.sub, ...set(L.c),
    ...returnIf([...get(L.k), I32_EQZ], [...f.const(1), ...get(L.x), ...get(L.c), f.mul, ...get(L.c), ...f.const(2), f.sub, f.div, ...get(L.x), f.sub, f.sub]),
    ...f.const(1), ...get(L.lo), ...get(L.x), ...get(L.c), f.mul, ...f.const(2), ...get(L.c), f.sub, f.div, f.sub, ...get(L.hi), f.sub, f.sub, ...set(L.y),
    ...get(L.k), ...i32Const(-1021), op.i32GeS, op.if, F64,
    ...get(L.k), ...i32Const(1024), I32_EQ, op.if, F64, ...get(L.y), ...f.const(2), f.mul, ...f.const(TWO_1023), f.mul, op.else, ...get(L.y), ...get(L.scale), f.mul, op.end,
    op.else,
    ...get(L.y), ...get(L.scale), f.mul, ...f.const(TWO_M1000), f.mul,
    op.end,
  ]);
}
