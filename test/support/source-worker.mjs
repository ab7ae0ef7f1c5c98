// The pool's worker module, run from the TypeScript sources (tests only). The built app
// hands piscina the compiled worker chunk instead (electron-vite's `?modulePath`).
import { tsImport } from 'tsx/esm/api';

const worker = await tsImport('../../electron/pool/worker.ts', import.meta.url);
export default worker.default;
