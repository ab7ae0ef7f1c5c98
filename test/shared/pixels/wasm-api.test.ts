/**
 * Where the engine has WebAssembly SIMD and threads, every kernel compiles: a kernel whose bytes
 * the engine refuses is a bug, thrown as one, and never passes for a missing feature (which would
 * turn its tests into skips and every frame onto the slow path without a word).
 */
import { describe, expect, it } from 'vitest';
import { compiledCalibrateKernel } from '../../../shared/pixels/calibrate-simd';
import { tileSorter } from '../../../shared/pixels/sorting-network';
import { compileModule, createSharedMemory, wasmSimdSupported } from '../../../shared/pixels/wasm-api';
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
});
