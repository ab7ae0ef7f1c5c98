/**
 * A library master as an input of the pool: the file checked to be the bytes the library indexed
 * (a file changed since is refused, never applied), plain, or expanded like a compressed frame.
 */
import { join } from 'node:path';
import type { MasterSpec } from '../../shared/night/frames';
import type { FitsFileInfo } from '../fits/fits-file';
import { readFitsHeader } from '../fits/read-header';
import { hashFile } from '../pipeline/scan-night';
import type { CalibrationPool } from '../pool/calibration-pool';
import { pixelsOnly } from '../pool/task-messages';

/** `spec`'s library file ready to be read by strips; `workDir` takes an expanded copy of a compressed one. */
export async function libraryInput(spec: MasterSpec, pool: CalibrationPool, workDir: string, signal: AbortSignal | undefined): Promise<FitsFileInfo> {
  const file = spec.file!;
  let header: FitsFileInfo;
  try {
    const sha256 = await hashFile(file.path, signal);
    if (sha256 !== file.sha256) throw new Error('it changed since the library was read (its SHA-256 differs): open the night again');
    header = await readFitsHeader(file.path);
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new Error(`${file.path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (header.layout.width !== spec.width || header.layout.height !== spec.height) throw new Error(`${file.path}: ${header.layout.width}x${header.layout.height}, not the ${spec.width}x${spec.height} it was indexed as`);
  if (header.storage === 'fits') return pixelsOnly(header);
  const outputPath = join(workDir, `${spec.id}.fits`);
  await pool.run({ kind: 'expand-frame', frame: header, outputPath }, signal);
  return pixelsOnly(await readFitsHeader(outputPath));
}
