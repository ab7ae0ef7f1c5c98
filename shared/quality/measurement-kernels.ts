/**
 * The measurement's WebAssembly kernels, compiled in this thread: main compiles them once for
 * the pool (electron/pool/arena.ts), and its workers adopt them (wasm-api moduleOf) instead of
 * each emitting and compiling its own while its first lights are measured.
 */
import { compiledCutoutKernel } from './cutout-kernel';
import { compiledProfileFitKernel } from './profile-fit-kernel';
import { compiledQualityKernel } from './quality-simd';
import { compiledSkyKernel } from './sky-kernel';

/** Compiles the measurement's kernels here, once per thread (nothing where the engine has no WebAssembly SIMD). */
export function compileMeasurementKernels(): void {
  compiledQualityKernel();
  compiledCutoutKernel();
  compiledProfileFitKernel();
  compiledSkyKernel();
}
