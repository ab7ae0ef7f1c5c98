import { Piscina } from 'piscina';
import workerPath from './worker?modulePath';
export function makePool() { return new Piscina({ filename: workerPath }); }
