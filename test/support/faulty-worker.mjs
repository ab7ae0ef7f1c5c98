// The pool's real worker with faults injected (tests only): CalibrationPool takes this file as
// its `workerFilename`. What goes wrong, and for which frames, is read for every task from the
// JSON file named by NIGHTCAL_TEST_FAULTS (worker threads inherit the environment):
//   { "rules": [{ "match": "M51-003", "fault": "exit-once" }, …], "markers": "/tmp/…" }
// Faults:
//   exit-once / exit-always  the thread exits mid-frame: the partial file is written, the link or rename never happens
//   throw-always             the task throws inside the worker (the thread lives on)
//   enospc / erofs           the output write fails as on a full or read-only disk
//   slow                     the frame takes 300 ms more (to cancel in the middle of a run)
// A "memory" task answers with this thread's memory, after a garbage collection.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { threadId } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const fs = createRequire(import.meta.url)('node:fs');
const real = { renameSync: fs.renameSync, linkSync: fs.linkSync, writevSync: fs.writevSync, writeSync: fs.writeSync, openSync: fs.openSync };
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

/** The fault of the task being run, if any. */
let current = null;

fs.renameSync = (from, to) => {
  if (current && String(from).endsWith('.nightcal-partial') && current.fault.startsWith('exit')) process.exit(70);
  return real.renameSync(from, to);
};
// A free target is taken with link(2), an own one with rename(2): either is the moment an output appears.
fs.linkSync = (from, to) => {
  if (current && String(from).endsWith('.nightcal-partial') && current.fault.startsWith('exit')) process.exit(70);
  return real.linkSync(from, to);
};
fs.writevSync = (fd, buffers, position) => {
  if (current?.fault === 'enospc') {
    // Part of the data reaches the disk, then the disk is full: as a real ENOSPC mid-write.
    real.writevSync(fd, [buffers[0].subarray(0, 100)], position);
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
  }
  return real.writevSync(fd, buffers, position);
};
// A light measured while its data is written (outputs/write-around.ts) writes its header last, with writeSync.
fs.writeSync = (fd, buffer, ...rest) => {
  if (current?.fault === 'enospc') throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
  return real.writeSync(fd, buffer, ...rest);
};
fs.openSync = (path, flags, mode) => {
  if (current?.fault === 'erofs' && String(path).endsWith('.nightcal-partial')) {
    throw Object.assign(new Error(`EROFS: read-only file system, open '${path}'`), { code: 'EROFS', errno: -30, syscall: 'open', path: String(path) });
  }
  return real.openSync(path, flags, mode);
};
syncBuiltinESMExports();

const { default: runTask } = await tsImport('../../electron/pool/worker.ts', import.meta.url);

function faultFor(task) {
  const file = process.env.NIGHTCAL_TEST_FAULTS;
  if (!file || task.kind !== 'calibrate-frame' || !existsSync(file)) return null;
  const { rules, markers } = JSON.parse(readFileSync(file, 'utf8'));
  const rule = rules.find((r) => task.frame.path.includes(r.match));
  if (!rule) return null;
  if (rule.fault === 'exit-once') {
    const marker = `${markers}/${rule.match.replace(/\W/g, '_')}.crashed`;
    if (existsSync(marker)) return null;
    writeFileSync(marker, String(threadId));
  }
  return rule;
}

export default async function faultyTask(task) {
  if (task.kind === 'memory') {
    gc();
    const { heapUsed, arrayBuffers, external } = process.memoryUsage();
    // Hold the thread a moment so that concurrent probes land on different threads.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, task.holdMs ?? 0);
    return { threadId, heapUsed, arrayBuffers, external };
  }
  const rule = faultFor(task);
  if (rule?.fault === 'throw-always') throw new Error(`injected failure in worker ${threadId}`);
  if (rule?.fault === 'slow') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
  current = rule;
  try {
    return await runTask(task);
  } finally {
    current = null;
  }
}
