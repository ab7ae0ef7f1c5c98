/** The text form of a module, from wabt's disassembler (tests only): what a person reads of a kernel. */
import wabtInit from 'wabt';

let wabt: Awaited<ReturnType<typeof wabtInit>> | null = null;

export async function disassemble(bytes: Uint8Array): Promise<string> {
  wabt ??= await wabtInit();
  const module = wabt.readWasm(bytes, { readDebugNames: false, simd: true, threads: true });
  try {
    module.generateNames();
    module.applyNames();
    return module.toText({ foldExprs: false, inlineExport: false });
  } finally {
    module.destroy();
  }
}
