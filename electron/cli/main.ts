import { makePool } from '../pool/calibration-pool';
const p = makePool();
console.log(await p.run(41, { name: 'hello' }));
await p.destroy();
