import { describe, expect, it } from 'vitest';
import { i32Const, leb128, sleb128, v128Const, shuffle } from '../../../shared/pixels/wasm-emitter';
import { declareFunction, kernelModule } from '../../../shared/pixels/wasm-module';
import { disassemble } from './wasm-text';

describe('LEB128 encoders', () => {
  // Values from the WebAssembly and DWARF specifications' examples, and the edges of each byte count.
  const unsigned: [number, number[]][] = [
    [0, [0x00]],
    [1, [0x01]],
    [127, [0x7f]],
    [128, [0x80, 0x01]],
    [255, [0xff, 0x01]],
    [16383, [0xff, 0x7f]],
    [16384, [0x80, 0x80, 0x01]],
    [624485, [0xe5, 0x8e, 0x26]],
    [65536, [0x80, 0x80, 0x04]],
    [2 ** 32 - 1, [0xff, 0xff, 0xff, 0xff, 0x0f]],
  ];
  it.each(unsigned)('unsigned %i', (value, bytes) => expect(leb128(value)).toEqual(bytes));

  const signed: [number, number[]][] = [
    [0, [0x00]],
    [1, [0x01]],
    [-1, [0x7f]],
    [63, [0x3f]],
    [64, [0xc0, 0x00]],
    [-64, [0x40]],
    [-65, [0xbf, 0x7f]],
    [-4, [0x7c]],
    [-123456, [0xc0, 0xbb, 0x78]],
    [2 ** 31 - 1, [0xff, 0xff, 0xff, 0xff, 0x07]],
    [-(2 ** 31), [0x80, 0x80, 0x80, 0x80, 0x78]],
  ];
  it.each(signed)('signed %i', (value, bytes) => expect(sleb128(value)).toEqual(bytes));

  it('i32.const immediates read back as the same numbers in a disassembler', async () => {
    const values = [0, 1, -1, 63, 64, -64, -65, 127, 128, 8191, -8192, 123456789, -(2 ** 31), 2 ** 31 - 1];
    const fn = declareFunction({ name: 'constants', params: {}, locals: {} });
    const code = values.flatMap((value) => [...i32Const(value), 0x1a]); // i32.const v; drop
    const text = await disassemble(kernelModule([fn.body(code)], { kind: 'own', pages: 1 }));
    const read = [...text.matchAll(/i32\.const (-?\d+)/g)].map((match) => Number(match[1]));
    expect(read).toEqual(values);
  });

  it('refuses v128 constants and shuffles of the wrong length', () => {
    expect(() => v128Const(new Array(15).fill(0))).toThrow(RangeError);
    expect(() => shuffle(new Array(17).fill(0))).toThrow(RangeError);
  });
});

describe('functions with named locals', () => {
  it('numbers parameters first, then locals in the order written, grouped by type runs', async () => {
    const fn = declareFunction({
      name: 'named',
      params: { a: 'i32', scale: 'f64' },
      locals: { q: 'i32', r: 'i32', v: 'v128', w: 'v128', k: 'i32' },
      results: ['i32'],
    });
    expect(fn.local).toEqual({ a: 0, scale: 1, q: 2, r: 3, v: 4, w: 5, k: 6 });
    // local.get k; end: k is an i32, which the validator checks against the result type.
    const bytes = kernelModule([fn.body([0x20, fn.local.k])], { kind: 'own', pages: 1 });
    expect(WebAssembly.validate(bytes)).toBe(true);
    const text = await disassemble(bytes);
    expect(text).toMatch(/\(local \$l2 i32\) \(local \$l3 i32\) \(local \$l4 v128\) \(local \$l5 v128\) \(local \$l6 i32\)/);
  });

  it('refuses a name used twice', () => {
    expect(() => declareFunction({ name: 'twice', params: { a: 'i32' }, locals: { a: 'v128' } })).toThrow(/'a' is declared twice/);
  });
});

describe('modules', () => {
  it('share one type among functions of one signature and export each under its name', async () => {
    const add = declareFunction({ name: 'add', params: { a: 'i32', b: 'i32' }, locals: {}, results: ['i32'] });
    const sub = declareFunction({ name: 'sub', params: { a: 'i32', b: 'i32' }, locals: {}, results: ['i32'] });
    const noop = declareFunction({ name: 'noop', params: { x: 'f64' }, locals: {} });
    const bytes = kernelModule(
      [add.body([0x20, 0, 0x20, 1, 0x6a]), sub.body([0x20, 0, 0x20, 1, 0x6b]), noop.body([])],
      { kind: 'imported-shared' },
    );
    const text = await disassemble(bytes);
    expect(text.match(/\(type \$t\d+ \(func/g)).toHaveLength(2);
    expect(text).toContain('(import "env" "memory" (memory $env.memory 0 65536 shared))');
    for (const exported of ['add', 'sub', 'noop']) expect(text).toContain(`(export "${exported}" (func $${exported}))`);
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    expect((exports.add as (a: number, b: number) => number)(40, 2)).toBe(42);
    expect((exports.sub as (a: number, b: number) => number)(40, 2)).toBe(38);
  });

  it('owns and exports a memory of the pages asked for', () => {
    const fn = declareFunction({ name: 'run', params: {}, locals: {} });
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(kernelModule([fn.body([])], { kind: 'own', pages: 3 })), {});
    expect((exports.memory as WebAssembly.Memory).buffer.byteLength).toBe(3 * 65536);
    expect(() => kernelModule([fn.body([])], { kind: 'own', pages: 0 })).toThrow(RangeError);
  });
});
