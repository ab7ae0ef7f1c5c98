/**
 * The little of the WebAssembly JavaScript API that NightCal uses, typed here because shared/
 * and electron/ compile without DOM types. Absent engines (or ones without threads) give null,
 * and callers take their JavaScript path.
 */

/** A WebAssembly.Memory; `buffer` is a SharedArrayBuffer when the memory is shared. */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
}

/**
 * A compiled WebAssembly.Module. Threads of one process can share it (workerData, postMessage):
 * the code is compiled, and optimised, once for all of them.
 */
export type WasmModule = object;

/** An instantiated module's exports. */
export type WasmExports = Readonly<Record<string, unknown>>;

interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { readonly exports: WasmExports };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}

/** Bytes in a WebAssembly page. */
export const WASM_PAGE_BYTES = 65536;

/** The most pages a 32-bit WebAssembly memory can have (4 GiB). */
export const WASM32_MAX_PAGES = 65536;

function api(): WasmApi | null {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly ?? null;
}

/** `bytes` compiled, or null where the engine refuses them (e.g. no SIMD or no threads). */
export function compileModule(bytes: Uint8Array): WasmModule | null {
  const wasm = api();
  if (wasm === null) return null;
  try {
    return new wasm.Module(bytes);
  } catch {
    return null;
  }
}

/** A shared memory of exactly `pages` pages (it never grows), or null where none can be made. */
export function createSharedMemory(pages: number): WasmMemory | null {
  const wasm = api();
  if (wasm === null || !Number.isInteger(pages) || pages < 1 || pages > WASM32_MAX_PAGES) return null;
  try {
    const memory = new wasm.Memory({ initial: pages, maximum: pages, shared: true });
    return memory.buffer instanceof SharedArrayBuffer ? memory : null;
  } catch {
    return null; // no threads in this engine, or the address space refused
  }
}

/** Instantiates a compiled module with `imports`; null where the engine refuses it. */
export function instantiate(module: WasmModule, imports: object): WasmExports | null {
  const wasm = api();
  if (wasm === null) return null;
  try {
    return new wasm.Instance(module, imports).exports;
  } catch {
    return null;
  }
}
