/**
 * The kernels' text form, as wabt's disassembler reads their bytes, against golden files in
 * ./golden: the readable form of every kernel lives there (reviewed like code), and any change
 * to an emitter shows up as a diff of instructions. After an intended change, refresh them with
 * UPDATE_GOLDEN=1 and read the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calibrateKernelBytes } from '../../../shared/pixels/calibrate-simd';
import { medianWires, pruneNetwork, sortingNetwork, tileSorterModule } from '../../../shared/pixels/sorting-network';
import { statisticsKernelBytes } from '../../../shared/pixels/statistics-simd';
import { stripMedianKernelBytes } from '../../../shared/pixels/strip-median-simd';
import { cutoutKernelBytes } from '../../../shared/quality/cutout-kernel';
import { profileFitKernelBytes } from '../../../shared/quality/profile-fit-kernel';
import { qualityKernelBytes } from '../../../shared/quality/quality-simd';
import { skyKernelBytes } from '../../../shared/quality/sky-kernel';
import { disassemble } from './wasm-text';

const GOLDEN = join(import.meta.dirname, 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const kernels: [string, () => Uint8Array][] = [
  ['calibrate', calibrateKernelBytes],
  ['statistics', statisticsKernelBytes],
  ['strip-median-3-bias-dark-scale', () => stripMedianKernelBytes({ frames: 3, bias: true, dark: true, scale: true })],
  ['strip-median-4', () => stripMedianKernelBytes({ frames: 4, bias: false, dark: false, scale: false })],
  ['tile-sorter-median-5', () => tileSorterModule(5, pruneNetwork(sortingNetwork(5), medianWires(5)), medianWires(5))],
  ['quality', qualityKernelBytes],
  ['cutout', cutoutKernelBytes],
  ['sky', skyKernelBytes],
  ['profile-fit', profileFitKernelBytes],
];

describe('kernels in text form', () => {
  it.each(kernels)('%s matches its golden text', async (name, bytes) => {
    const text = await disassemble(bytes());
    const path = join(GOLDEN, `${name}.wat`);
    if (UPDATE || !existsSync(path)) writeFileSync(path, text);
    expect(text).toBe(readFileSync(path, 'utf8'));
  });
});
