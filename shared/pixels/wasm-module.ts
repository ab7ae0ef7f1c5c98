/**
 * Modules and functions for the kernels generated at run time: a function's locals by name
 * (parameters first, then the declared ones, numbered here and nowhere else), and one module
 * builder for all of them (types deduplicated, every function exported under its name, memory
 * imported shared or owned). Instruction bytes come from wasm-emitter.ts.
 */
import { externalKind, functionBody, leb128, MODULE_HEADER, name, section, sectionId, type, vector } from './wasm-emitter';
import { WASM32_MAX_PAGES } from './wasm-api';

/** A value type by name. */
export type ValueType = keyof typeof type;

/** Names and types, in order: a function's parameters or its declared locals. */
export type LocalTypes = Readonly<Record<string, ValueType>>;

/** The index of every parameter and local, by name. */
export type LocalIndex<P extends LocalTypes, L extends LocalTypes> = { readonly [K in keyof P | keyof L]: number };

/** A function being written: its locals' indices, and how to finish it. */
export interface FunctionFrame<P extends LocalTypes, L extends LocalTypes> {
  readonly local: LocalIndex<P, L>;
  /** The finished function: `code` is its instructions, without the final `end`. */
  body(code: readonly number[]): KernelFunction;
}

/** One exported function of a module. */
export interface KernelFunction {
  readonly name: string;
  readonly params: readonly ValueType[];
  readonly results: readonly ValueType[];
  /** The encoded body (locals and code), as the code section holds it. */
  readonly body: readonly number[];
}

/**
 * Starts a function: parameters take indices 0…, declared locals the next ones, in the order
 * written. A name may appear once (a parameter and a local cannot share it).
 */
export function declareFunction<const P extends LocalTypes, const L extends LocalTypes>(spec: {
  readonly name: string;
  readonly params: P;
  readonly locals: L;
  readonly results?: readonly ValueType[];
}): FunctionFrame<P, L> {
  const index: Record<string, number> = {};
  const params = Object.entries(spec.params);
  const locals = Object.entries(spec.locals);
  for (const [local] of [...params, ...locals]) {
    if (Object.hasOwn(index, local)) throw new Error(`wasm function ${spec.name}: local '${local}' is declared twice`);
    index[local] = Object.keys(index).length;
  }
  // Runs of one type, in index order: the binary format's (count, type) groups.
  const groups: [number, number][] = [];
  for (const [, valueType] of locals) {
    const last = groups.at(-1);
    if (last && last[1] === type[valueType]) last[0] += 1;
    else groups.push([1, type[valueType]]);
  }
  return {
    local: index as LocalIndex<P, L>,
    body: (code) => ({
      name: spec.name,
      params: params.map(([, valueType]) => valueType),
      results: spec.results ?? [],
      body: functionBody(groups, code),
    }),
  };
}

/** Where a module's memory comes from. */
export type ModuleMemory =
  /** Imported as env.memory, shared, up to 4 GiB: the arena every thread holds. */
  | { readonly kind: 'imported-shared' }
  /** Its own memory of `pages` pages, exported as `memory`. */
  | { readonly kind: 'own'; readonly pages: number };

/** A function the module imports from env (a JavaScript function such as Math.exp): it takes the function indices before the module's own. */
export interface ImportedFunction {
  readonly name: string;
  readonly params: readonly ValueType[];
  readonly results: readonly ValueType[];
}

/**
 * The bytes of a module holding `functions`, each exported under its name; `imported` functions
 * come from env and are numbered 0…, so the module's own start after them.
 */
export function kernelModule(functions: readonly KernelFunction[], memory: ModuleMemory, imported: readonly ImportedFunction[] = []): Uint8Array<ArrayBuffer> {
  const signatures: string[] = [];
  const signature = (fn: { params: readonly ValueType[]; results: readonly ValueType[] }) => {
    const encoded = JSON.stringify([fn.params, fn.results]);
    if (!signatures.includes(encoded)) signatures.push(encoded);
    return signatures.indexOf(encoded);
  };
  const importTypes = imported.map(signature);
  const typeOf = functions.map(signature);
  const types = signatures.map((encoded) => {
    const [params, results] = JSON.parse(encoded) as [ValueType[], ValueType[]];
    return [0x60, ...vector(params.map((t) => [type[t]])), ...vector(results.map((t) => [type[t]]))];
  });
  const exports = functions.map((fn, i) => [...name(fn.name), externalKind.function, ...leb128(imported.length + i)]);
  const bytes = [...MODULE_HEADER, ...section(sectionId.type, vector(types))];
  const imports = imported.map((fn, i) => [...name('env'), ...name(fn.name), externalKind.function, ...leb128(importTypes[i])]);
  if (memory.kind === 'imported-shared') {
    const limits = [0x03, ...leb128(0), ...leb128(WASM32_MAX_PAGES)]; // flags: has maximum, shared
    imports.push([...name('env'), ...name('memory'), externalKind.memory, ...limits]);
  }
  if (imports.length > 0) bytes.push(...section(sectionId.import, vector(imports)));
  bytes.push(...section(sectionId.function, vector(typeOf.map((t) => leb128(t)))));
  if (memory.kind === 'own') {
    if (!Number.isInteger(memory.pages) || memory.pages < 1 || memory.pages > WASM32_MAX_PAGES) throw new RangeError(`wasm module: ${memory.pages} is not a page count`);
    bytes.push(...section(sectionId.memory, vector([[0x00, ...leb128(memory.pages)]])));
    exports.push([...name('memory'), externalKind.memory, 0]);
  }
  bytes.push(...section(sectionId.export, vector(exports)));
  bytes.push(...section(sectionId.code, vector(functions.map((fn) => fn.body))));
  return Uint8Array.from(bytes);
}
