/** Shared pieces for the store tests: a night from the fake, a client whose answers a test sets. */
import type { AppSnapshot, MasterView, NightcalApi, NightView } from '../../shared/contract';
import { fakeFrames, nightView } from '../support/fake-night';

/** A synthetic night with `lights` lights (7 masters: bias, darks 300 s and 180 s, flats LRGB). */
export function testNight(lights = 20, root = '/nights/test'): NightView {
  return nightView(root, fakeFrames(root, lights), 0.5);
}

/** A finished master view for a spec of the night. */
export function builtMaster(night: NightView, id: string, method: MasterView['method'] = 'median'): MasterView {
  const spec = night.plan.masters.find((m) => m.id === id)!;
  return {
    spec,
    status: 'done',
    path: `/out/${id}.fits`,
    stats: { mean: 500, median: 500, sigma: 3, min: 480, max: 900, nanCount: 0, hotPixels: null },
    histogram: { lo: 480, hi: 520, counts: [1, 2, 3] },
    seconds: 1.5,
    method,
    kernels: { 'wasm-simd': 4, javascript: 0 },
    error: null,
  };
}

/** An API whose every method fails unless the test replaces it. */
export function stubApi(overrides: Partial<NightcalApi> = {}): NightcalApi {
  const fail = (name: string) => () => Promise.reject(new Error(`${name} not expected in this test`));
  return {
    openNight: fail('openNight'),
    openDemoNight: fail('openDemoNight'),
    setFrameOverride: fail('setFrameOverride'),
    buildMasters: fail('buildMasters'),
    calibrate: fail('calibrate'),
    cancelRun: fail('cancelRun'),
    startWatch: fail('startWatch'),
    stopWatch: fail('stopWatch'),
    getPreview: fail('getPreview'),
    getHeader: fail('getHeader'),
    getPixels: fail('getPixels'),
    getSnapshot: fail('getSnapshot'),
    chooseFolder: fail('chooseFolder'),
    listFolder: fail('listFolder'),
    runDestination: fail('runDestination'),
    listLibrary: fail('listLibrary'),
    addToLibrary: fail('addToLibrary'),
    saveMastersToLibrary: fail('saveMastersToLibrary'),
    revealOutput: fail('revealOutput'),
    setFrameVerdict: fail('setFrameVerdict'),
    setRejectionRules: fail('setRejectionRules'),
    ...overrides,
  };
}

/** A snapshot with a night and nothing else. */
export function snapshotOf(night: NightView | null, extra: Partial<AppSnapshot> = {}): AppSnapshot {
  return { version: '0.1.0', night, masters: [], run: null, watch: null, recentNights: [], host: { kind: 'browser', canChooseFolder: false, canReveal: false }, ...extra };
}
