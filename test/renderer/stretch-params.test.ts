import { describe, expect, it } from 'vitest';
import type { ImageStats } from '../../shared/contract';
import { stretchParams, type StretchSettings } from '../../renderer/preview/stretch-params';

const stats: ImageStats = { mean: 300, median: 250, sigma: 20, min: 100, max: 1100, nanCount: 0, hotPixels: null };
const limits = { zscale: { z1: 200, z2: 400 }, autoStretch: { shadows: 0.1, midtones: 0.05, highlights: 0.9 } };
const settings = (patch: Partial<StretchSettings>): StretchSettings => ({ method: 'zscale', curve: 'linear', manualLo: null, manualHi: null, ...patch });

describe('stretchParams', () => {
  it('zscale uses z1 and z2 with the chosen curve', () => {
    expect(stretchParams(settings({ curve: 'asinh' }), { stats, limits })).toEqual({ lo: 200, hi: 400, mode: 'asinh' });
  });

  it('auto-stretch turns the STF fractions of [min, max] into ADU and keeps the midtones balance', () => {
    // range 1000: shadows 0.1 → 100 + 100 = 200; highlights 0.9 → 100 + 900 = 1000.
    expect(stretchParams(settings({ method: 'auto' }), { stats, limits })).toEqual({ lo: 200, hi: 1000, mode: 'linear', midtones: 0.05 });
  });

  it('manual limits start from zscale, then use the values typed', () => {
    expect(stretchParams(settings({ method: 'manual' }), { stats, limits })).toEqual({ lo: 200, hi: 400, mode: 'linear' });
    expect(stretchParams(settings({ method: 'manual', manualLo: 150, manualHi: 900, curve: 'log' }), { stats, limits })).toEqual({ lo: 150, hi: 900, mode: 'log' });
  });

  it('a constant image (z1 = z2 = 500 ADU) gets a window a millionth wide rather than none', () => {
    const flat = { stats, limits: { ...limits, zscale: { z1: 500, z2: 500 } } };
    expect(stretchParams(settings({}), flat)).toEqual({ lo: 500, hi: 500.0005, mode: 'linear' });
  });

  it('auto-stretch without finite extremes falls back to zscale', () => {
    expect(stretchParams(settings({ method: 'auto' }), { stats: { ...stats, min: NaN }, limits })).toEqual({ lo: 200, hi: 400, mode: 'linear' });
  });
});
