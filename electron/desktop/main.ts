import { app } from 'electron';
import { makePool } from '../pool/calibration-pool';
app.whenReady().then(() => makePool());
