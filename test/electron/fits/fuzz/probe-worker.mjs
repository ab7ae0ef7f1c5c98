// The fuzz test's reader process: reads each file it is sent and answers with the outcome and
// its memory. A process of its own, so that the test can stop it when a case hangs (a
// synchronous loop cannot be timed out from inside) and can report a case that aborts it
// (a native assertion takes the whole process down, not only a thread).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { tsImport } from 'tsx/esm/api';

const { probeFile } = await tsImport('./read-probe.ts', import.meta.url);
// A collection on demand, so memory is compared after garbage is gone, not before.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

process.on('message', async ({ id, path, collect }) => {
  const report = await probeFile(path);
  if (collect) {
    gc();
    gc();
  }
  const memory = process.memoryUsage();
  process.send({ id, report, heapUsed: memory.heapUsed, arrayBuffers: memory.arrayBuffers });
});
process.send({ ready: true });
