/**
 * The pool's worker: one module of named tasks, each a plain function from a small task to a
 * small result. Masters arrive once, in workerData, as shared memory (with the arena and its
 * WebAssembly kernel where there is one); buffers are reused for every task this thread runs.
 */
import { threadId } from 'node:worker_threads';
import { move, transferableSymbol, valueSymbol, workerData } from 'piscina';
import { assertNever } from '../../shared/assert-never';
import { calibrateFrame } from './tasks/calibrate-frame';
import { combineStrip, frameMedian } from './tasks/combine-strip';
import { expandFrame, finishMaster, fitDarks, normaliseMaster } from './tasks/finish-master';
import { makePreview } from './tasks/make-preview';
import { readBlock } from './tasks/read-block';
import type { ProbeResult, ProbeTask, WorkerTask } from './task-messages';
import { WorkerArena } from './worker-arena';
import { inputChecksum, outputChecksum } from '../outputs/file-checksums';
import { WorkerMasters } from './worker-masters';
import { WorkerScratch } from './worker-scratch';

const masters = WorkerMasters.fromWorkerData(workerData);
const arena = WorkerArena.fromWorkerData(workerData);
const scratch = new WorkerScratch();

export default async function runTask(task: WorkerTask): Promise<unknown> {
  switch (task.kind) {
    case 'calibrate-frame':
      return calibrateFrame(task, masters, scratch, arena);
    case 'combine-strip':
      return combineStrip(task, masters, scratch, arena);
    case 'frame-median':
      return frameMedian(task, masters, scratch, arena);
    case 'expand-frame':
      return expandFrame(task, scratch);
    case 'normalise-master':
      return normaliseMaster(task, masters, arena);
    case 'fit-darks':
      return fitDarks(task, masters);
    case 'finish-master':
      return finishMaster(task, masters, arena, scratch);
    case 'preview': {
      const preview = await makePreview(task, masters, scratch);
      // Hand the pixels over instead of copying them (piscina's movable result).
      return move({ [transferableSymbol]: preview.pixels.buffer, [valueSymbol]: preview } as unknown as ArrayBuffer);
    }
    case 'pixels': {
      const block = await readBlock(task, masters, scratch);
      return move({ [transferableSymbol]: block.pixels.buffer, [valueSymbol]: block } as unknown as ArrayBuffer);
    }
    case 'checksum-file':
      return { checksum: task.part === 'whole' ? outputChecksum(task.path) : inputChecksum(task.part.input) };
    case 'probe':
      return probe(task);
    default:
      return assertNever(task, 'worker task');
  }
}

/**
 * Writes into the shared master and reads what main wrote: only shared memory sees both. Also
 * claims this worker's arena slot, as its first light would, and says which it got.
 */
function probe(task: ProbeTask): ProbeResult {
  const { buffer, byteOffset } = masters.master(task.masterId);
  const cells = new Int32Array(buffer, byteOffset, 2);
  Atomics.store(cells, 0, task.value);
  return {
    threadId,
    isShared: buffer instanceof SharedArrayBuffer,
    readBack: Atomics.load(cells, 1),
    inArena: arena !== null && arena.holds(new Float32Array(buffer, byteOffset, 1)),
    slot: arena?.slot()?.index ?? null,
  };
}
