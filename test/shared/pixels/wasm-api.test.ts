/**
 * Where the engine has WebAssembly SIMD and threads, every kernel compiles: a kernel whose bytes
 * the engine refuses is a bug, thrown as one, and never passes for a missing feature (which would
 * turn its tests into skips and every frame onto the slow path without a word).
 */
import { describe, expect, it } from 'vitest';
import { compiledCalibrateKernel } from '../../../shared/pixels/calibrate-simd';
import { tileSorter } from '../../../shared/pixels/sorting-network';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { adoptModules, compileModule, createSharedMemory, moduleOf, threadModules, wasmSimdSupported, type WasmModule } from '../../../shared/pixels/wasm-api';
import { stripMedianSupported } from '../../../shared/pixels/strip-median-simd';
import { createStatisticsKernel } from '../../../shared/pixels/statistics-simd';

describe('WebAssembly SIMD and threads', () => {
  it('are there on Node 20+ for x64 and arm64 (so the kernel tests run, not skip)', () => {
    if (!['x64', 'arm64'].includes(process.arch)) return;
    expect(wasmSimdSupported()).toBe(true);
  });

  it.runIf(wasmSimdSupported())('every kernel compiles', () => {
    expect(compiledCalibrateKernel()).not.toBeNull();
    expect(stripMedianSupported()).toBe(true);
    expect(createStatisticsKernel(createSharedMemory(4)!, 0)).not.toBeNull();
    expect(tileSorter(15, 'median')).not.toBeNull();
  });

  it.runIf(wasmSimdSupported())('a module the engine refuses is thrown as a bug naming the kernel, not returned as null', () => {
    const broken = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0]); // a function without a body
    expect(() => compileModule(broken, 'test')).toThrow(/bug: the test WebAssembly kernel does not compile/);
  });

  // a module of one exported function `answer` returning `value` (i32)
  const answerModule = (value: number) =>
    Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7f, 3, 2, 1, 0, 7, 10, 1, 6, 0x61, 0x6e, 0x73, 0x77, 0x65, 0x72, 0, 0, 10, 6, 1, 4, 0, 0x41, value, 0x0b]);

  it.runIf(wasmSimdSupported())('a kernel is emitted and compiled once per thread, by name', () => {
    let emitted = 0;
    const emit = () => (emitted++, answerModule(7));
    const first = moduleOf('test: once', emit);
    expect(first).not.toBeNull();
    expect(moduleOf('test: once', emit)).toBe(first);
    expect(emitted).toBe(1);
    expect(threadModules()['test: once']).toBe(first);
  });

  it.runIf(wasmSimdSupported())('an adopted module is used as it is: the kernel is not emitted again, and one already here stays', () => {
    const given = compileModule(answerModule(9), 'test')!;
    adoptModules({ 'test: adopted': given });
    expect(moduleOf('test: adopted', () => { throw new Error('emitted although adopted'); })).toBe(given);
    const own = moduleOf('test: own', () => answerModule(1));
    adoptModules({ 'test: own': given });
    expect(moduleOf('test: own', () => answerModule(2))).toBe(own);
  });

  it.runIf(wasmSimdSupported())('a worker thread adopts the modules main compiled and runs them without emitting its own', async () => {
    const modules: Record<string, WasmModule> = { 'test: answer': compileModule(answerModule(42), 'test')! };
    const api = fileURLToPath(new URL('../../../shared/pixels/wasm-api.ts', import.meta.url));
    const source = `
      const { workerData, parentPort } = require('node:worker_threads');
      const { adoptModules, moduleOf, instantiate } = require(${JSON.stringify(api)});
      adoptModules(workerData.modules);
      const module = moduleOf('test: answer', () => { throw new Error('emitted in the worker'); });
      parentPort.postMessage({ same: module === workerData.modules['test: answer'], answer: instantiate(module, {}).answer() });`;
    const worker = new Worker(source, { eval: true, workerData: { modules }, execArgv: ['--require', 'tsx/cjs'] });
    const reply = await new Promise<{ same: boolean; answer: number }>((resolve, reject) => worker.once('message', resolve).once('error', reject));
    await worker.terminate();
    expect(reply).toEqual({ same: true, answer: 42 });
  });
});

