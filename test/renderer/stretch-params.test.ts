import { describe, expect, it } from 'vitest';
import type { ImageStats } from '../../shared/contract';
import { seededManual, stretchParams, type StretchSettings } from '../../renderer/preview/stretch-params';

const stats: ImageStats = { mean: 300, median: 250, sigma: 20, min: 100, max: 1100, nanCount: 0, hotPixels: null };
const limits = { zscale: { z1: 200, z2: 400 }, autoStretch: { shadows: 0.1, midtones: 0.05, highlights: 0.9 } };
const settings = (patch: Partial<StretchSettings>): StretchSettings => ({ method: 'zscale', curve: 'linear', manual: {}, ...patch });

describe('stretchParams', () => {
  it('zscale uses z1 and z2 with the chosen curve', () => {
    expect(stretchParams(settings({ curve: 'asinh' }), { stats, limits }, 'raw')).toEqual({ lo: 200, hi: 400, mode: 'asinh' });
  });

  it('auto-stretch turns the STF fractions of [min, max] into ADU and keeps the midtones balance', () => {
    // range 1000: shadows 0.1 → 100 + 100 = 200; highlights 0.9 → 100 + 900 = 1000.
    expect(stretchParams(settings({ method: 'auto' }), { stats, limits }, 'raw')).toEqual({ lo: 200, hi: 1000, mode: 'linear', midtones: 0.05 });
  });

  it('manual limits start from zscale, then use the values typed', () => {
    expect(stretchParams(settings({ method: 'manual' }), { stats, limits }, 'raw')).toEqual({ lo: 200, hi: 400, mode: 'linear' });
    expect(stretchParams(settings({ method: 'manual', manual: { raw: { lo: 150, hi: 900 } }, curve: 'log' }), { stats, limits }, 'raw')).toEqual({ lo: 150, hi: 900, mode: 'log' });
  });

  it('manual limits are per pane: the raw frame\'s (bias ~1300 ADU) do not black out the calibrated one (sky ~300)', () => {
    const raw = { stats, limits: { ...limits, zscale: { z1: 1250.123456, z2: 1400 } } };
    const calibrated = { stats, limits: { ...limits, zscale: { z1: 280, z2: 330 } } };
    const manual = seededManual(settings({ method: 'manual' }), [{ pane: 'raw', image: raw }, { pane: 'calibrated', image: calibrated }, { pane: 'master', image: null }]);
    expect(manual).toEqual({ raw: { lo: 1250.1, hi: 1400 }, calibrated: { lo: 280, hi: 330 } });
    const chosen = settings({ method: 'manual', manual: { ...manual, raw: { lo: 1200, hi: 2000 } } });
    expect(stretchParams(chosen, raw, 'raw')).toEqual({ lo: 1200, hi: 2000, mode: 'linear' });
    expect(stretchParams(chosen, calibrated, 'calibrated')).toEqual({ lo: 280, hi: 330, mode: 'linear' });
    // a pane already set keeps its limits when the others are seeded
    expect(seededManual(chosen, [{ pane: 'raw', image: calibrated }]).raw).toEqual({ lo: 1200, hi: 2000 });
  });

  it('a constant image (z1 = z2 = 500 ADU) gets a window a millionth wide rather than none', () => {
    const flat = { stats, limits: { ...limits, zscale: { z1: 500, z2: 500 } } };
    expect(stretchParams(settings({}), flat, 'raw')).toEqual({ lo: 500, hi: 500.0005, mode: 'linear' });
  });

  it('auto-stretch without finite extremes falls back to zscale', () => {
    expect(stretchParams(settings({ method: 'auto' }), { stats: { ...stats, min: NaN }, limits }, 'raw')).toEqual({ lo: 200, hi: 400, mode: 'linear' });
  });
});
