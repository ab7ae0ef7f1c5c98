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

/**
 * A module of one v128 instruction over an imported shared memory: what every kernel needs of
 * the engine. Written out by hand so that no kernel's emitter can make the probe fail.
 */
const PROBE_MODULE = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
  1, 4, 1, 0x60, 0, 0, // type: () → ()
  2, 16, 1, 3, 0x65, 0x6e, 0x76, 6, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 2, 3, 0, 1, // import env.memory (shared, 0..1 pages)
  3, 2, 1, 0, // one function of type 0
  10, 23, 1, 21, 0, 0xfd, 0x0c, ...new Array(16).fill(0), 0x1a, 0x0b, // v128.const 0; drop; end
]);

let simdThreads: boolean | undefined;

/** True when this engine has WebAssembly with SIMD and shared memory (threads): the kernels' requirements. */
export function wasmSimdSupported(): boolean {
  if (simdThreads === undefined) {
    const wasm = api();
    try {
      simdThreads = wasm !== null && new wasm.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer && new wasm.Module(PROBE_MODULE) !== null;
    } catch {
      simdThreads = false;
    }
  }
  return simdThreads;
}

/**
 * `bytes` compiled; null where the engine lacks SIMD or threads (callers then take their
 * JavaScript path). Where the engine has them, a module that does not compile is a bug in its
 * emitter, and is thrown as one, naming the kernel: it must never pass for a missing feature.
 */
export function compileModule(bytes: Uint8Array, kernel: string): WasmModule | null {
  const wasm = api();
  if (wasm === null || !wasmSimdSupported()) return null;
  try {
    return new wasm.Module(bytes);
  } catch (error) {
    throw new Error(`bug: the ${kernel} WebAssembly kernel does not compile on an engine with SIMD and threads: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Every kernel's module in this thread, by the kernel's name: compiled here, or adopted from the thread that compiled it. */
const modules = new Map<string, WasmModule | null>();

/**
 * The module of the kernel named `kernel`, once per thread: the one adopted from another thread
 * (adoptModules), else `emit()` compiled here (see compileModule). Main compiles the kernels its
 * workers run and hands them over with the arena, so that a worker neither emits nor compiles
 * them (its JavaScript emitter runs cold, tens of ms a worker) and shares main's optimised code.
 */
export function moduleOf(kernel: string, emit: () => Uint8Array): WasmModule | null {
  let module = modules.get(kernel);
  if (module === undefined) modules.set(kernel, (module = compileModule(emit(), kernel)));
  return module;
}

/** The modules this thread has, by kernel name: what main hands to its workers. */
export function threadModules(): Readonly<Record<string, WasmModule>> {
  const all: Record<string, WasmModule> = {};
  for (const [kernel, module] of modules) if (module !== null) all[kernel] = module;
  return all;
}

/** Takes modules compiled by another thread of this process as this thread's own (a kernel already here stays). */
export function adoptModules(given: Readonly<Record<string, WasmModule>>): void {
  for (const [kernel, module] of Object.entries(given)) if (!modules.has(kernel)) modules.set(kernel, module);
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
