/**
 * fitMoffatGauss (profile-fit.ts) in WebAssembly: the Levenberg–Marquardt fit of a PSF star's
 * rings, which in a worker's first lights ran in the interpreter (half the measurement's time
 * there) and then cost the optimising compiler most of its work. The same operations in the same
 * order, exp and log1p by wasm-exp.ts and wasm-log1p.ts (Math.exp's and Math.log1p's bits, without a
 * call out to JavaScript: a fit asks for thousands) and Math.expm1 imported from JavaScript itself
 * (once an evaluation of the rings, not once a ring), so both give the same bits
 * (test/shared/quality/profile-fit-kernel.test.ts). Arrays are float64 in the memory:
 *
 *   (func $fit (param $rs $vs $ns $n $p $work i32) (result i32))
 *     $p: the start (A, F, u, B) in, the fit out; 1 when it holds a fit (A > 0, F finite), else 0
 *     $work: FIT_WORK_FLOATS float64 of scratch (JᵀJ, Jᵀr, the damped system, its solution, the
 *     trial; then two sets of each ring's profile and logarithm, the current point's and a trial's)
 *   (func $cost (param $rs $vs $ns $n $q $rings i32) (result f64))   Σ ns·(vs − I(rs; q))², each
 *     ring's P(r; F, u) and ln(1 + c·x) kept at $rings: the Jacobian at the point the step moved
 *     to reads them instead of working out the same exponentials and logarithms again (the same
 *     bits: the same operations on the same values; half the fit's exp and log1p)
 *   (func $moffat (param $r $a $f $u $c $b f64) (result f64))   I(r) = B + A·P(r; F, u), c = expm1(u·ln2)
 *   (func $solve4 (param $m $rhs $aug $sol i32) (result i32))   Gaussian elimination, partial pivoting
 *   (func $exp (param $x f64) (result f64))                      Math.exp's bits (wasm-exp.ts)
 *   (func $log1p (param $x f64) (result f64))                    Math.log1p's bits (wasm-log1p.ts)
 */
import { EMPTY_BLOCK, f64Const, i32Const, leb128, localGet, localSet, op } from '../pixels/wasm-emitter';
import { expFunction } from '../pixels/wasm-exp';
import { log1pFunction } from '../pixels/wasm-log1p';
import { declareFunction, kernelModule, type ImportedFunction, type KernelFunction } from '../pixels/wasm-module';
import { instantiate, moduleOf, type WasmMemory, type WasmModule } from '../pixels/wasm-api';

/** fitMoffatGauss over arrays in a WebAssembly memory (byte offsets; see above). */
export type ProfileFitKernel = (rs: number, vs: number, ns: number, n: number, p: number, work: number) => number;

/** Most rings a fit takes. */
export const FIT_MAX_RINGS = 64;
/** Float64 slots of the fit's scratch: 64 for the normal equations and the step, then two sets of ring profiles and logarithms. */
export const FIT_WORK_FLOATS = 64 + 4 * FIT_MAX_RINGS;

/** The fit compiled, once per thread (or adopted from main); null where the engine lacks WebAssembly SIMD or threads. */
export function compiledProfileFitKernel(): WasmModule | null {
  return moduleOf('profile fit', profileFitKernelBytes);
}

const instances = new WeakMap<WasmMemory, ProfileFitKernel | null>();

/** The fit over `memory`, once per memory and thread; null where there is no kernel. */
export function profileFitKernelOf(memory: WasmMemory): ProfileFitKernel | null {
  if (!instances.has(memory)) {
    const compiled = compiledProfileFitKernel();
    const exports = compiled === null ? null : instantiate(compiled, { env: { memory, expm1: Math.expm1 } });
    instances.set(memory, exports === null ? null : (exports.fit as ProfileFitKernel));
  }
  return instances.get(memory)!;
}

const IMPORTS: readonly ImportedFunction[] = [{ name: 'expm1', params: ['f64'], results: ['f64'] }];
/** The module's own functions in the order kernelModule gets them: a function's index is the imports', then its place here. */
const FUNCTIONS = ['moffat', 'cost', 'solve4', 'fit', 'exp', 'log1p'] as const;
const index = (name: string): number => {
  const imported = IMPORTS.findIndex((fn) => fn.name === name);
  return imported >= 0 ? imported : IMPORTS.length + FUNCTIONS.indexOf(name as (typeof FUNCTIONS)[number]);
};
const EXPM1 = index('expm1'), MOFFAT = index('moffat'), COST = index('cost'), SOLVE4 = index('solve4'), EXP = index('exp'), LOG1P = index('log1p');

const F64 = 0x7c;
const CALL = 0x10;
const RETURN = 0x0f;
const I32_EQZ = 0x45;
const I32_NE = 0x47;
const I32_MUL = 0x6c;
const x = {
  load: (offset: number) => [0x2b, 3, ...leb128(offset)],
  store: (offset: number) => [0x39, 3, ...leb128(offset)],
  const: f64Const,
  eq: 0x61, lt: 0x63, gt: 0x64, ge: 0x66, abs: 0x99, neg: 0x9a, add: op.f64Add, sub: op.f64Sub, mul: op.f64Mul, div: 0xa3, min: 0xa4, max: 0xa5,
};
const get = localGet;
const set = localSet;
/** value = mem[base + 8·k] */
const at = (base: number, k: number) => [...get(base), ...x.load(8 * k)];
/** mem[base + 8·k] = code */
const put = (base: number, k: number, code: readonly number[]) => [...get(base), ...code, ...x.store(8 * k)];
/** mem[base + 8·index] for a local index */
const addr = (base: number, index: number) => [...get(base), ...get(index), ...i32Const(3), op.i32Shl, op.i32Add];
const ifElse = (cond: readonly number[], then: readonly number[], otherwise: readonly number[]) => [...cond, op.if, F64, ...then, op.else, ...otherwise, op.end];

/** The module's bytes (exported for the golden text-form test). */
export function profileFitKernelBytes(): Uint8Array {
  const functions = [moffatFunction(), costFunction(), solveFunction(), fitFunction(), expFunction(), log1pFunction()];
  if (functions.some((fn, i) => fn.name !== FUNCTIONS[i])) throw new Error(`profile fit kernel: functions ${functions.map((fn) => fn.name).join(', ')}, not ${FUNCTIONS.join(', ')}`);
  return kernelModule(functions, { kind: 'imported-shared' }, IMPORTS);
}

function moffatFunction(): KernelFunction {
  const fn = declareFunction({ name: 'moffat', params: { r: 'f64', a: 'f64', f: 'f64', u: 'f64', c: 'f64', b: 'f64' }, locals: { t: 'f64', x: 'f64' }, results: ['f64'] });
  const L = fn.local;
  return fn.body([
    // x = ((2r)/F)² (V8's x ** 2 is x·x)
    ...x.const(2), ...get(L.r), x.mul, ...get(L.f), x.div, ...set(L.t), ...get(L.t), ...get(L.t), x.mul, ...set(L.x),
    ...get(L.b), ...get(L.a),
    ...ifElse([...get(L.u), ...x.const(1e-6), x.lt],
      [...x.const(-Math.LN2), ...get(L.x), x.mul, CALL, EXP],
      [...get(L.c), ...get(L.x), x.mul, CALL, LOG1P, x.neg, ...get(L.u), x.div, CALL, EXP]),
    x.mul, x.add,
  ]);
}

function costFunction(): KernelFunction {
  const fn = declareFunction({
    name: 'cost',
    params: { rs: 'i32', vs: 'i32', ns: 'i32', n: 'i32', q: 'i32', rings: 'i32' },
    locals: { i: 'i32', s: 'f64', d: 'f64', c: 'f64', a: 'f64', f: 'f64', u: 'f64', b: 'f64', t: 'f64', x: 'f64', log: 'f64', shape: 'f64' },
    results: ['f64'],
  });
  const L = fn.local;
  return fn.body([
    ...at(L.q, 0), ...set(L.a), ...at(L.q, 1), ...set(L.f), ...at(L.q, 2), ...set(L.u), ...at(L.q, 3), ...set(L.b),
    // expm1(u·ln2) is the same for every ring: once, not once a ring (the bits are the same)
    ...get(L.u), ...x.const(Math.LN2), x.mul, CALL, EXPM1, ...set(L.c),
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
    ...get(L.i), ...get(L.n), op.i32GeS, op.brIf, 1,
    // moffat's operations, with the profile and the logarithm kept: x = ((2r)/F)²
    ...x.const(2), ...addr(L.rs, L.i), ...x.load(0), x.mul, ...get(L.f), x.div, ...set(L.t), ...get(L.t), ...get(L.t), x.mul, ...set(L.x),
    ...ifElse([...get(L.u), ...x.const(1e-6), x.lt],
      [...x.const(0), ...set(L.log), ...x.const(-Math.LN2), ...get(L.x), x.mul, CALL, EXP],
      [...get(L.c), ...get(L.x), x.mul, CALL, LOG1P, ...set(L.log), ...get(L.log), x.neg, ...get(L.u), x.div, CALL, EXP]),
    ...set(L.shape),
    ...addr(L.rings, L.i), ...get(L.shape), ...x.store(0),
    ...addr(L.rings, L.i), ...get(L.log), ...x.store(8 * FIT_MAX_RINGS),
    ...addr(L.vs, L.i), ...x.load(0), ...get(L.b), ...get(L.a), ...get(L.shape), x.mul, x.add, x.sub, ...set(L.d),
    ...get(L.s), ...addr(L.ns, L.i), ...x.load(0), ...get(L.d), x.mul, ...get(L.d), x.mul, x.add, ...set(L.s),
    ...get(L.i), ...i32Const(1), op.i32Add, ...set(L.i),
    op.br, 0, op.end, op.end,
    ...get(L.s),
  ]);
}

/** solve4 of profile-fit.ts, unrolled: the augmented 4×5 system at $aug, the solution at $sol. */
function solveFunction(): KernelFunction {
  const fn = declareFunction({ name: 'solve4', params: { m: 'i32', rhs: 'i32', aug: 'i32', sol: 'i32' }, locals: { pivot: 'i32', row: 'i32', best: 'f64', f: 'f64', t: 'f64', s: 'f64' }, results: ['i32'] });
  const L = fn.local;
  const code: number[] = [];
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c < 4; c++) code.push(...put(L.aug, r * 5 + c, at(L.m, r * 4 + c)));
    code.push(...put(L.aug, r * 5 + 4, at(L.rhs, r)));
  }
  for (let c = 0; c < 4; c++) {
    code.push(...i32Const(c), ...set(L.pivot), ...at(L.aug, c * 5 + c), x.abs, ...set(L.best));
    for (let r = c + 1; r < 4; r++) {
      code.push(...at(L.aug, r * 5 + c), x.abs, ...get(L.best), x.gt, op.if, EMPTY_BLOCK, ...i32Const(r), ...set(L.pivot), ...at(L.aug, r * 5 + c), x.abs, ...set(L.best), op.end);
    }
    code.push(...get(L.best), ...x.const(1e-300), x.gt, I32_EQZ, op.if, EMPTY_BLOCK, ...i32Const(0), RETURN, op.end);
    // the pivot's row to row c: its base address in $row
    code.push(...get(L.aug), ...get(L.pivot), ...i32Const(40), I32_MUL, op.i32Add, ...set(L.row));
    code.push(...get(L.pivot), ...i32Const(c), I32_NE, op.if, EMPTY_BLOCK);
    for (let k = 0; k < 5; k++) {
      code.push(...at(L.aug, c * 5 + k), ...set(L.t), ...put(L.aug, c * 5 + k, at(L.row, k)), ...put(L.row, k, get(L.t)));
    }
    code.push(op.end);
    for (let r = c + 1; r < 4; r++) {
      code.push(...at(L.aug, r * 5 + c), ...at(L.aug, c * 5 + c), x.div, ...set(L.f));
      for (let k = c; k < 5; k++) code.push(...put(L.aug, r * 5 + k, [...at(L.aug, r * 5 + k), ...get(L.f), ...at(L.aug, c * 5 + k), x.mul, x.sub]));
    }
  }
  for (let r = 3; r >= 0; r--) {
    code.push(...at(L.aug, r * 5 + 4), ...set(L.s));
    for (let k = r + 1; k < 4; k++) code.push(...get(L.s), ...at(L.aug, r * 5 + k), ...at(L.sol, k), x.mul, x.sub, ...set(L.s));
    code.push(...put(L.sol, r, [...get(L.s), ...at(L.aug, r * 5 + r), x.div]));
  }
  code.push(...i32Const(1));
  return fn.body(code);
}

/** Offsets (in float64) of the fit's scratch: the ring sets hold FIT_MAX_RINGS profiles, then as many logarithms. */
const JTJ = 0, JTR = 16, DAMPED = 20, AUG = 36, SOL = 56, TRIAL = 60, RINGS_A = 64, RINGS_B = 64 + 2 * FIT_MAX_RINGS;

function fitFunction(): KernelFunction {
  const sums = Object.fromEntries([...Array.from({ length: 4 }, (_, a) => `r${a}`), ...pairs().map(([a, b]) => `m${a}${b}`)].map((k) => [k, 'f64' as const]));
  const fn = declareFunction({
    name: 'fit',
    params: { rs: 'i32', vs: 'i32', ns: 'i32', n: 'i32', p: 'i32', work: 'i32' },
    locals: {
      iteration: 'i32', attempt: 'i32', i: 'i32', improved: 'i32', analytic: 'i32', jtj: 'i32', jtr: 'i32', damped: 'i32', aug: 'i32', sol: 'i32', trial: 'i32', here: 'i32', there: 'i32', swap: 'i32',
      current: 'f64', lambda: 'f64', a: 'f64', f: 'f64', u: 'f64', b: 'f64', c: 'f64', cOverU: 'f64', du: 'f64', cDu: 'f64', r: 'f64', t: 'f64', x: 'f64', log: 'f64', shape: 'f64',
      j0: 'f64', j1: 'f64', j2: 'f64', j3: 'f64', weight: 'f64', residual: 'f64', next: 'f64', ...sums,
    },
    results: ['i32'],
  });
  const L = fn.local as Record<string, number>;
  const J = [L.j0, L.j1, L.j2, L.j3];
  const code: number[] = [];
  // $here: the rings' profiles at p; $there: at the trial
  for (const [name, offset] of [['jtj', JTJ], ['jtr', JTR], ['damped', DAMPED], ['aug', AUG], ['sol', SOL], ['trial', TRIAL], ['here', RINGS_A], ['there', RINGS_B]] as const) {
    code.push(...get(L.work), ...i32Const(8 * offset), op.i32Add, ...set(L[name]));
  }
  const cost = (q: number, rings: number) => [...get(L.rs), ...get(L.vs), ...get(L.ns), ...get(L.n), ...get(q), ...get(rings), CALL, COST];
  code.push(...cost(L.p, L.here), ...set(L.current), ...x.const(1e-3), ...set(L.lambda));
  code.push(op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK, ...get(L.iteration), ...i32Const(30), op.i32GeS, op.brIf, 1);
  for (const k of Object.keys(sums)) code.push(...x.const(0), ...set(L[k]));
  code.push(...at(L.p, 0), ...set(L.a), ...at(L.p, 1), ...set(L.f), ...at(L.p, 2), ...set(L.u), ...at(L.p, 3), ...set(L.b));
  code.push(...get(L.u), ...x.const(Math.LN2), x.mul, CALL, EXPM1, ...set(L.c));
  code.push(...ifElse([...get(L.u), ...x.const(1e-6), x.lt], x.const(Math.LN2), [...get(L.c), ...get(L.u), x.div]), ...set(L.cOverU));
  code.push(...ifElse([...get(L.u), ...x.const(0.5), x.lt], x.const(1e-4), x.const(-1e-4)), ...set(L.du));
  code.push(...get(L.u), ...get(L.du), x.add, ...x.const(Math.LN2), x.mul, CALL, EXPM1, ...set(L.cDu));
  code.push(...get(L.u), ...x.const(1e-3), x.ge, ...set(L.analytic));
  // the rings: J and the normal equations' sums
  code.push(...i32Const(0), ...set(L.i), op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK, ...get(L.i), ...get(L.n), op.i32GeS, op.brIf, 1);
  code.push(...addr(L.rs, L.i), ...x.load(0), ...set(L.r));
  code.push(...x.const(2), ...get(L.r), x.mul, ...get(L.f), x.div, ...set(L.t), ...get(L.t), ...get(L.t), x.mul, ...set(L.x));
  const cx1 = [...get(L.c), ...get(L.x), x.mul];
  // the profile and ln(1 + c·x) at p, as the cost that took the step there worked them out
  code.push(...ifElse(get(L.analytic), [...addr(L.here, L.i), ...x.load(8 * FIT_MAX_RINGS)], x.const(0)), ...set(L.log));
  code.push(...addr(L.here, L.i), ...x.load(0), ...set(L.shape));
  code.push(...get(L.shape), ...set(L.j0));
  // (A·shape·cOverU·2·x) / ((1 + c·x)·F)
  code.push(...get(L.a), ...get(L.shape), x.mul, ...get(L.cOverU), x.mul, ...x.const(2), x.mul, ...get(L.x), x.mul,
    ...x.const(1), ...cx1, x.add, ...get(L.f), x.mul, x.div, ...set(L.j1));
  code.push(...ifElse(get(L.analytic),
    // A·shape·(log/(u·u) − (x·ln2·(1 + c))/(u·(1 + c·x)))
    [...get(L.a), ...get(L.shape), x.mul,
      ...get(L.log), ...get(L.u), ...get(L.u), x.mul, x.div,
      ...get(L.x), ...x.const(Math.LN2), x.mul, ...x.const(1), ...get(L.c), x.add, x.mul, ...get(L.u), ...x.const(1), ...cx1, x.add, x.mul, x.div,
      x.sub, x.mul],
    // (I(r; A, F, u + du, B) − B − A·shape) / du
    [...get(L.r), ...get(L.a), ...get(L.f), ...get(L.u), ...get(L.du), x.add, ...get(L.cDu), ...get(L.b), CALL, MOFFAT, ...get(L.b), x.sub, ...get(L.a), ...get(L.shape), x.mul, x.sub, ...get(L.du), x.div]), ...set(L.j2));
  code.push(...x.const(1), ...set(L.j3));
  code.push(...addr(L.ns, L.i), ...x.load(0), ...set(L.weight));
  code.push(...addr(L.vs, L.i), ...x.load(0), ...get(L.b), x.sub, ...get(L.a), ...get(L.shape), x.mul, x.sub, ...set(L.residual));
  for (let a = 0; a < 4; a++) {
    code.push(...get(L[`r${a}`]), ...get(L.weight), ...get(J[a]), x.mul, ...get(L.residual), x.mul, x.add, ...set(L[`r${a}`]));
    for (let b = a; b < 4; b++) code.push(...get(L[`m${a}${b}`]), ...get(L.weight), ...get(J[a]), x.mul, ...get(J[b]), x.mul, x.add, ...set(L[`m${a}${b}`]));
  }
  code.push(...get(L.i), ...i32Const(1), op.i32Add, ...set(L.i), op.br, 0, op.end, op.end);
  for (let a = 0; a < 4; a++) {
    code.push(...put(L.jtr, a, get(L[`r${a}`])));
    for (let b = 0; b < 4; b++) code.push(...put(L.jtj, a * 4 + b, get(L[a <= b ? `m${a}${b}` : `m${b}${a}`])));
  }
  // up to ten damped steps: the first that lowers the cost is taken
  code.push(...i32Const(0), ...set(L.improved), ...i32Const(0), ...set(L.attempt));
  code.push(op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK, ...get(L.attempt), ...i32Const(10), op.i32GeS, op.brIf, 1);
  for (let k = 0; k < 16; k++) code.push(...put(L.damped, k, k % 5 === 0 ? [...at(L.jtj, k), ...x.const(1), ...get(L.lambda), x.add, x.mul] : at(L.jtj, k)));
  code.push(...get(L.damped), ...get(L.jtr), ...get(L.aug), ...get(L.sol), CALL, SOLVE4, I32_EQZ, op.if, EMPTY_BLOCK, ...i32Const(0), RETURN, op.end);
  for (let k = 0; k < 4; k++) code.push(...put(L.trial, k, [...at(L.p, k), ...at(L.sol, k), x.add]));
  code.push(...put(L.trial, 1, [...at(L.trial, 1), ...x.const(0.3), x.max, ...x.const(200), x.min]));
  code.push(...put(L.trial, 2, [...at(L.trial, 2), ...x.const(0), x.max, ...x.const(1), x.min]));
  code.push(...cost(L.trial, L.there), ...set(L.next));
  code.push(...get(L.next), ...get(L.current), x.lt, op.if, EMPTY_BLOCK,
    // improved = (current − next) / max(current, 1e-300) > 1e-6
    ...get(L.current), ...get(L.next), x.sub, ...get(L.current), ...x.const(1e-300), x.max, x.div, ...x.const(1e-6), x.gt, ...set(L.improved));
  for (let k = 0; k < 4; k++) code.push(...put(L.p, k, at(L.trial, k)));
  code.push(...get(L.here), ...set(L.swap), ...get(L.there), ...set(L.here), ...get(L.swap), ...set(L.there));
  code.push(...get(L.next), ...set(L.current), ...get(L.lambda), ...x.const(3), x.div, ...x.const(1e-9), x.max, ...set(L.lambda),
    op.br, 2, op.end,
    ...get(L.lambda), ...x.const(4), x.mul, ...set(L.lambda),
    ...get(L.attempt), ...i32Const(1), op.i32Add, ...set(L.attempt), op.br, 0, op.end, op.end);
  code.push(...get(L.improved), I32_EQZ, op.brIf, 1);
  code.push(...get(L.iteration), ...i32Const(1), op.i32Add, ...set(L.iteration), op.br, 0, op.end, op.end);
  // a fit: A > 0 and F finite (F − F = 0)
  code.push(...at(L.p, 0), ...x.const(0), x.gt, ...at(L.p, 1), ...at(L.p, 1), x.sub, ...x.const(0), x.eq, op.i32And);
  return fn.body(code);
}

/** (a, b) with a ≤ b < 4: the normal matrix's upper triangle. */
function pairs(): [number, number][] {
  const out: [number, number][] = [];
  for (let a = 0; a < 4; a++) for (let b = a; b < 4; b++) out.push([a, b]);
  return out;
}
