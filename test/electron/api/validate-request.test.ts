import { describe, expect, it } from 'vitest';
import { API_METHODS, ApiError, type ApiMethod } from '../../../shared/contract';
import { isApiMethod, MAX_ID_LENGTH, MAX_PATH_LENGTH, validateRequest } from '../../../electron/api/validate-request';
import { REQUEST_LIMITS } from '../../../shared/request-limits';

const longPath = `/${'a'.repeat(MAX_PATH_LENGTH)}`;
const longId = 'f'.repeat(MAX_ID_LENGTH + 1);

/** [method, argument, the checked argument it must come back as] */
const GOOD: readonly [ApiMethod, unknown, unknown][] = [
  ['openNight', { path: '/data/2026-03-01' }, { path: '/data/2026-03-01' }],
  ['openNight', { path: '/data/2026-03-01/', utcOffsetHours: 5.75 }, { path: '/data/2026-03-01', utcOffsetHours: 5.75 }],
  ['openNight', { path: '/data/x/../2026-03-01' }, { path: '/data/2026-03-01' }],
  ['openNight', { path: '/data', utcOffsetHours: -12 }, { path: '/data', utcOffsetHours: -12 }],
  ['openNight', { path: '/data', utcOffsetHours: undefined }, { path: '/data' }],
  ['openDemoNight', {}, {}],
  ['openDemoNight', { size: 64, lights: 2000 }, { size: 64, lights: 2000 }],
  ['openDemoNight', { size: 16, lights: 1 }, { size: 16, lights: 1 }],
  // 128 frames of 4096² 16-bit pixels: 4 GiB exactly, the most a demo may take.
  ['openDemoNight', { size: 4096, lights: 83 }, { size: 4096, lights: 83 }],
  ['setFrameOverride', { frameId: 'Lights/L_0001.fits', type: 'flat' }, { frameId: 'Lights/L_0001.fits', type: 'flat' }],
  ['setFrameOverride', { frameId: 'x.fits', type: null, excluded: true }, { frameId: 'x.fits', type: null, excluded: true }],
  ['setFrameOverride', { frameId: 'x.fits', type: 'unknown' }, { frameId: 'x.fits', type: 'unknown' }],
  ['setFrameOverride', { frameId: 'DarkFlats/df_001.fits', type: 'darkflat' }, { frameId: 'DarkFlats/df_001.fits', type: 'darkflat' }],
  ['buildMasters', {}, {}],
  ['buildMasters', { combine: 'sigma-clip', memoryMB: 2048, workers: 2 }, { combine: 'sigma-clip', memoryMB: 2048, workers: 2 }],
  ['calibrate', { outputDir: '/data/out', combine: 'median' }, { outputDir: '/data/out', combine: 'median' }],
  ['calibrate', { redo: true }, { redo: true }],
  ['runDestination', {}, {}],
  ['runDestination', { combine: 'sigma-clip', outputDir: '/data/out/' }, { combine: 'sigma-clip', outputDir: '/data/out' }],
  ['cancelRun', undefined, undefined],
  ['startWatch', {}, {}],
  ['startWatch', { outputDir: '/data/out/', workers: 2, combine: 'median' }, { outputDir: '/data/out', workers: 2, combine: 'median' }],
  ['stopWatch', undefined, undefined],
  ['getPreview', { source: { kind: 'raw', frameId: 'a.fits' } }, { source: { kind: 'raw', frameId: 'a.fits' } }],
  ['getPreview', { source: { kind: 'master', masterId: 'bias_1x1' }, maxSize: 2048 }, { source: { kind: 'master', masterId: 'bias_1x1' }, maxSize: 2048 }],
  ['getHeader', { source: { kind: 'calibrated', frameId: 'a.fits' } }, { source: { kind: 'calibrated', frameId: 'a.fits' } }],
  ['getPixels', { source: { kind: 'master', masterId: 'bias' }, x: 0, y: 1024, width: 512, height: 1 }, { source: { kind: 'master', masterId: 'bias' }, x: 0, y: 1024, width: 512, height: 1 }],
  ['getSnapshot', undefined, undefined],
  ['chooseFolder', undefined, undefined],
  ['listFolder', {}, {}],
  ['listFolder', { path: '/data' }, { path: '/data' }],
  ['revealOutput', undefined, undefined],
  ['listLibrary', undefined, undefined],
  ['saveMastersToLibrary', undefined, undefined],
  ['addToLibrary', { path: '/data/darks-2026-09' }, { path: '/data/darks-2026-09' }],
  ['calibrate', { rejectRules: 'fwhm>4.5, stars<50%' }, { rejectRules: 'fwhm>4.5, stars<50%' }],
  ['setFrameVerdict', { frameId: 'Lights/a.fits', verdict: 'keep' }, { frameId: 'Lights/a.fits', verdict: 'keep' }],
  ['setFrameVerdict', { frameId: 'Lights/a.fits', verdict: null }, { frameId: 'Lights/a.fits', verdict: null }],
  ['setRejectionRules', { rules: 'fwhm>median+3mad,ecc>0.6' }, { rules: 'fwhm>median+3mad,ecc>0.6' }],
  ['setRejectionRules', { rules: null }, { rules: null }],
];

/** [method, argument, a fragment the error message must contain] */
const BAD: readonly [ApiMethod, unknown, string][] = [
  ['openNight', undefined, 'must be an object'],
  ['openNight', null, 'must be an object'],
  ['openNight', [], 'must be an object'],
  ['openNight', '/data', 'must be an object'],
  ['openNight', {}, 'path is required'],
  ['openNight', { path: 'data/night' }, 'absolute path'],
  ['openNight', { path: './night' }, 'absolute path'],
  ['openNight', { path: '' }, 'must not be empty'],
  ['openNight', { path: '/data/\0/etc' }, 'NUL'],
  ['openNight', { path: longPath }, `limit is ${MAX_PATH_LENGTH}`],
  ['openNight', { path: 42 }, 'must be a string'],
  ['openNight', { path: '/data', utcOffsetHours: NaN }, 'finite number'],
  ['openNight', { path: '/data', utcOffsetHours: Infinity }, 'finite number'],
  ['openNight', { path: '/data', utcOffsetHours: 15 }, 'between -12 and 14'],
  ['openNight', { path: '/data', utcOffsetHours: '2' }, 'finite number'],
  ['openNight', { path: '/data', extra: 1 }, 'unknown key "extra"'],
  // JSON.parse makes "__proto__" an own key, as a WebSocket request would.
  ['openNight', JSON.parse('{"path":"/data","__proto__":{"polluted":true}}'), 'unknown key "__proto__"'],
  ['openDemoNight', undefined, 'must be an object'],
  ['openDemoNight', { size: 15 }, 'between 16 and 8192'],
  ['openDemoNight', { size: 8193 }, 'between 16 and 8192'],
  // Each in range, but together they would fill a disk: 8192² × 2045 frames × 2 bytes is 256 GiB.
  ['openDemoNight', { size: 8192, lights: 2000 }, 'the demo night would take 256 GiB (2045 frames of 8192×8192 16-bit pixels), more than the 4 GiB'],
  ['openDemoNight', { size: 8192 }, 'would take 8.63 GiB (69 frames of 8192×8192'],
  ['openDemoNight', { size: 4096, lights: 84 }, 'would take 4.03 GiB (129 frames of 4096×4096'],
  ['openDemoNight', { size: 2048, lights: 2000 }, 'choose a smaller size or fewer lights'],
  ['openDemoNight', { size: 100.5 }, 'whole number'],
  ['openDemoNight', { lights: 0 }, 'between 1 and 2000'],
  ['openDemoNight', { lights: 2001 }, 'between 1 and 2000'],
  ['openDemoNight', { lights: -Infinity }, 'finite number'],
  ['openDemoNight', { seed: 1 }, 'unknown key'],
  ['setFrameOverride', { type: 'flat' }, 'frameId is required'],
  ['setFrameOverride', { frameId: '' }, 'must not be empty'],
  ['setFrameOverride', { frameId: longId }, `limit is ${MAX_ID_LENGTH}`],
  ['setFrameOverride', { frameId: 'a\0b' }, 'NUL'],
  ['setFrameOverride', { frameId: 'a', type: 'science' }, "one of 'bias'"],
  ['setFrameOverride', { frameId: 'a', excluded: 'yes' }, 'true or false'],
  ['buildMasters', { combine: 'mean' }, "one of 'median', 'sigma-clip'"],
  ['buildMasters', { workers: 0 }, 'between 1 and'],
  ['buildMasters', { workers: 257 }, 'between 1 and 256'],
  ['buildMasters', { workers: 1.5 }, 'whole number'],
  ['buildMasters', { memoryMB: NaN }, 'finite number'],
  ['buildMasters', { memoryMB: 1e12 }, 'between 16 and'],
  ['calibrate', { outputDir: 'out' }, 'absolute path'],
  ['calibrate', { outputDir: '/out\0' }, 'NUL'],
  ['calibrate', { outputDir: '/out', dryRun: true }, 'unknown key'],
  ['calibrate', { redo: 'yes' }, 'redo must be true or false'],
  ['runDestination', { outputDir: 'out' }, 'absolute path'],
  ['runDestination', { workers: 2 }, 'unknown key'],
  ['cancelRun', {}, 'takes no argument'],
  ['startWatch', { outputDir: 'out' }, 'absolute path'],
  ['startWatch', { redo: true }, 'unknown key'],
  ['stopWatch', {}, 'takes no argument'],
  ['cancelRun', null, 'takes no argument'],
  ['getSnapshot', 'now', 'takes no argument'],
  ['chooseFolder', { title: 'x' }, 'takes no argument'],
  ['revealOutput', 1, 'takes no argument'],
  ['listLibrary', {}, 'takes no argument'],
  ['saveMastersToLibrary', 1, 'takes no argument'],
  ['addToLibrary', {}, 'path is required'],
  ['addToLibrary', { path: 'darks' }, 'absolute'],
  ['getPreview', {}, 'source is required'],
  ['getPixels', { source: { kind: 'raw', frameId: 'a' }, x: 0, y: 0, width: 513, height: 1 }, 'width must be between 1 and 512'],
  ['getPixels', { source: { kind: 'raw', frameId: 'a' }, x: 0, y: -1, width: 1, height: 1 }, 'y must be between 0 and 1048575'],
  ['getPreview', { source: null }, 'source must be an object'],
  ['getPreview', { source: { kind: 'thumbnail', frameId: 'a' } }, "source.kind must be one of 'raw', 'calibrated', 'master'"],
  ['getPreview', { source: { kind: 'raw' } }, 'source.frameId is required'],
  ['getPreview', { source: { kind: 'raw', masterId: 'm' } }, 'unknown key "source.masterId"'],
  ['getPreview', { source: { kind: 'master', frameId: 'a' } }, 'unknown key "source.frameId"'],
  ['getPreview', { source: { kind: 'raw', frameId: 'a', path: '/etc/passwd' } }, 'unknown key "source.path"'],
  ['getPreview', { source: { kind: 'raw', frameId: '' } }, 'must not be empty'],
  ['getPreview', { source: { kind: 'raw', frameId: 'a' }, maxSize: 4096 }, 'between 64 and 2048'],
  ['getPreview', { source: { kind: 'raw', frameId: 'a' }, maxSize: 63 }, 'between 64 and 2048'],
  ['getHeader', { source: { kind: 'master', masterId: 7 } }, 'must be a string'],
  ['getHeader', { source: { kind: 'raw', frameId: 'a' }, maxSize: 100 }, 'unknown key'],
  ['listFolder', undefined, 'must be an object'],
  ['listFolder', { path: 'relative/dir' }, 'absolute path'],
  ['listFolder', { path: '/x'.repeat(3000) }, 'limit is'],
  ['calibrate', { rejectRules: 'fwhm>4.5,stras<50%' }, "rejectRules: rule 2 'stras<50%': unknown figure 'stras'"],
  ['calibrate', { rejectRules: '' }, 'must not be empty'],
  ['setFrameVerdict', { frameId: 'a.fits' }, 'verdict is required'],
  ['setFrameVerdict', { frameId: 'a.fits', verdict: 'maybe' }, "one of 'keep', 'reject'"],
  ['setFrameVerdict', { verdict: 'keep' }, 'frameId is required'],
  ['setRejectionRules', {}, 'rules is required'],
  ['setRejectionRules', { rules: 'fwhm>>4' }, "rules: rule 1 'fwhm>>4'"],
  ['setRejectionRules', { rules: 'x'.repeat(3000) }, 'limit is 2000'],
];

function errorOf(method: ApiMethod, arg: unknown): ApiError {
  try {
    validateRequest(method, arg);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error(`${method} accepted ${String(arg)}`);
}

describe('validateRequest', () => {
  it.each(GOOD)('%s accepts %j', (method, arg, expected) => {
    expect(validateRequest(method, arg)).toStrictEqual(expected);
  });

  it.each(BAD)('%s refuses %j', (method, arg, fragment) => {
    const error = errorOf(method, arg);
    expect(error.code).toBe('bad-request');
    expect(error.message.startsWith(`${method}: `)).toBe(true);
    expect(error.message).toContain(fragment);
  });

  it('has good and bad cases for every method', () => {
    for (const method of API_METHODS) {
      expect(GOOD.some(([m]) => m === method), `good case for ${method}`).toBe(true);
      expect(BAD.some(([m]) => m === method), `bad case for ${method}`).toBe(true);
    }
  });

  it('returns a fresh object, not the sender’s', () => {
    const arg = { source: { kind: 'raw', frameId: 'a.fits' } };
    const checked = validateRequest('getHeader', arg);
    expect(checked).not.toBe(arg);
    expect(checked.source).not.toBe(arg.source);
  });

  it('refuses objects with a prototype other than Object’s', () => {
    class Sneaky {
      path = '/data';
    }
    expect(errorOf('openNight', new Sneaky()).message).toContain('must be an object');
  });

  it('keeps a huge string out of its message', () => {
    const error = errorOf('openNight', { path: 'x'.repeat(1_000_000) });
    expect(error.message.length).toBeLessThan(200);
  });

  it('shows NUL and control characters escaped in messages', () => {
    expect(errorOf('openNight', { path: 'rel\0ative' }).message).toContain('NUL');
    expect(errorOf('listFolder', { path: 'a\u0000b' }).message).not.toContain('\0');
  });

  it('refuses unknown method names', () => {
    expect(() => validateRequest('deleteEverything' as ApiMethod, undefined)).toThrow(/unknown method "deleteEverything"/);
  });
});

describe('the limits table (shared/request-limits.ts) is what the validation applies', () => {
  /** A request carrying `value` in the field a limit bounds. */
  const carriers = {
    workers: (value: number) => ['buildMasters', { workers: value }],
    memoryMB: (value: number) => ['calibrate', { memoryMB: value }],
    previewSize: (value: number) => ['getPreview', { source: { kind: 'raw', frameId: 'a' }, maxSize: value }],
    utcOffsetHours: (value: number) => ['openNight', { path: '/data', utcOffsetHours: value }],
    demoLights: (value: number) => ['openDemoNight', { size: 16, lights: value }],
    demoSize: (value: number) => ['openDemoNight', { size: value, lights: 1 }],
  } as const satisfies Partial<Record<keyof typeof REQUEST_LIMITS, (value: number) => readonly [ApiMethod, unknown]>>;

  it.each(Object.entries(carriers))('%s: its min and max pass, one past either is refused', (name, carry) => {
    const { min, max } = REQUEST_LIMITS[name as keyof typeof carriers];
    const [method, atMin] = carry(min);
    expect(() => validateRequest(method, atMin)).not.toThrow();
    // The demo's largest frames pass the size check and meet the byte limit instead.
    if (name !== 'demoSize') expect(() => validateRequest(method, carry(max)[1])).not.toThrow();
    for (const outside of [min - 1, max + 1]) {
      expect(errorOf(method, carry(outside)[1]).message).toContain(`between ${min} and ${max}`);
    }
  });
});

describe('isApiMethod', () => {
  it('knows exactly the API methods', () => {
    for (const method of API_METHODS) expect(isApiMethod(method)).toBe(true);
    for (const name of ['constructor', '__proto__', 'toString', 'dispose', 'onEvent', '', 'openNight ', 42, null, undefined]) {
      expect(isApiMethod(name)).toBe(false);
    }
  });
});
