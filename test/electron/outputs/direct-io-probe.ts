/** Whether the filesystem of `dir` takes O_DIRECT writes (ext4 and xfs do; tmpfs refuses them). */
import { closeSync, constants, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export function directIoSupported(dir: string): boolean {
  if (constants.O_DIRECT === undefined) return false;
  const path = join(dir, `.direct-io-probe-${process.pid}`);
  try {
    const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_DIRECT, 0o644);
    try {
      // Page-aligned memory: a WebAssembly memory's buffer starts on a page.
      const block = Buffer.from(new WebAssembly.Memory({ initial: 1 }).buffer, 0, 4096);
      writeSync(fd, block, 0, 4096, 0);
      return true;
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  } finally {
    rmSync(path, { force: true });
  }
}
