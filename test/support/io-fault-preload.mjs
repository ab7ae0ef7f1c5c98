// Faults for the built `nightcal` command (tests only), loaded into every thread of the process
// with NODE_OPTIONS=--import=<this file> (worker threads load it too). What it does is read from
// the environment, so the same file serves any build, old or new:
//   NIGHTCAL_TEST_HANG_MATCH=<text> NIGHTCAL_TEST_HANG_FIFO=<fifo>
//       in a worker thread, opening a file whose path contains <text> blocks for ever in open(2)
//       on <fifo>, a named pipe nobody writes to: a read stuck in the kernel, as on a network
//       share that stopped answering. Nothing in JavaScript can interrupt it; a signal to the
//       process (SIGKILL) can.
//   NIGHTCAL_TEST_SLOW_MATCH=<text> NIGHTCAL_TEST_SLOW_MS=<ms>
//       in a worker thread, opening a file whose path contains <text> takes <ms> more: a slow disk
//       or share that still answers every read.
//   NIGHTCAL_TEST_TRACE=<file> NIGHTCAL_TEST_TRACE_INPUTS=<dir> NIGHTCAL_TEST_TRACE_OUTPUTS=<dir>
//       in a worker thread, every open of a file in <dir> of inputs appends 'start <ns> <name>' to
//       <file>, and every output placed in <dir> of outputs (a partial file linked or renamed to
//       its name) 'end <ns> <name>': when each light was in a worker's hands, on one clock.
//   NIGHTCAL_TEST_MAX_RSS=<file>
//       when the process exits normally, its peak resident memory (KiB, getrusage) is written there.
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { isMainThread } from 'node:worker_threads';

const fs = createRequire(import.meta.url)('node:fs');
const match = process.env.NIGHTCAL_TEST_HANG_MATCH;
const fifo = process.env.NIGHTCAL_TEST_HANG_FIFO;

if (!isMainThread && match && fifo) {
  const realOpenSync = fs.openSync;
  fs.openSync = (path, flags, mode) => {
    // Blocking read-only open of a FIFO without a writer: the thread sleeps in the kernel.
    if (String(path).includes(match)) realOpenSync(fifo, fs.constants.O_RDONLY);
    return realOpenSync(path, flags, mode);
  };
  syncBuiltinESMExports();
}

const slowMatch = process.env.NIGHTCAL_TEST_SLOW_MATCH;
const slowMs = Number(process.env.NIGHTCAL_TEST_SLOW_MS ?? 0);
if (!isMainThread && slowMatch && slowMs > 0) {
  const { openSync } = fs;
  fs.openSync = (path, flags, mode) => {
    if (String(path).includes(slowMatch)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, slowMs);
    return openSync(path, flags, mode);
  };
  syncBuiltinESMExports();
}

const trace = process.env.NIGHTCAL_TEST_TRACE;
const traceInputs = process.env.NIGHTCAL_TEST_TRACE_INPUTS;
const traceOutputs = process.env.NIGHTCAL_TEST_TRACE_OUTPUTS;
if (!isMainThread && trace && traceInputs && traceOutputs) {
  const note = (what, path) => fs.appendFileSync(trace, `${what} ${process.hrtime.bigint()} ${String(path).split('/').pop()}\n`);
  const { openSync, linkSync, renameSync } = fs;
  fs.openSync = (path, flags, mode) => {
    if (String(path).startsWith(traceInputs)) note('start', path);
    return openSync(path, flags, mode);
  };
  for (const [name, real] of [['linkSync', linkSync], ['renameSync', renameSync]]) {
    fs[name] = (from, to) => {
      const result = real(from, to);
      if (String(from).endsWith('.nightcal-partial') && String(to).startsWith(traceOutputs)) note('end', to);
      return result;
    };
  }
  syncBuiltinESMExports();
}

const rssFile = process.env.NIGHTCAL_TEST_MAX_RSS;
if (isMainThread && rssFile) {
  process.on('exit', () => fs.writeFileSync(rssFile, String(process.resourceUsage().maxRSS)));
}
