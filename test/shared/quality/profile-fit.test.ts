import { describe, expect, it } from 'vitest';
import { fitMoffatGauss, moffatGauss } from '../../../shared/quality/profile-fit';

describe('the Moffat–Gaussian profile', () => {
  it('is the Gaussian in the limit u → 0 and passes half its peak at r = FWHM/2 for any β', () => {
    expect(moffatGauss(1.3, 2, 3, 0, 0.5)).toBeCloseTo(0.5 + 2 * Math.exp(-Math.LN2 * (2.6 / 3) ** 2), 12);
    expect(moffatGauss(1.3, 2, 3, 1e-7, 0)).toBeCloseTo(moffatGauss(1.3, 2, 3, 0, 0), 6);
    for (const u of [0, 0.1, 0.4, 1]) expect(moffatGauss(1.5, 1, 3, u, 0)).toBeCloseTo(0.5, 12);
  });

  it('is a Moffat of β = 1/u: (1 + r²/α²)^−β with α = F / (2√(2^(1/β) − 1))', () => {
    const beta = 2.5;
    const alpha = 4 / (2 * Math.sqrt(2 ** (1 / beta) - 1));
    for (const r of [0, 1, 2.5, 7]) expect(moffatGauss(r, 1, 4, 1 / beta, 0)).toBeCloseTo((1 + (r / alpha) ** 2) ** -beta, 12);
  });

  it.each([[0, 'Gaussian'], [0.4, 'β = 2.5'], [0.25, 'β = 4']])('the fit recovers A, F, u and B of exact rings (u = %s, %s) from a distant start', (u) => {
    const rs = Array.from({ length: 40 }, (_, i) => 0.05 + i * 0.3);
    const vs = rs.map((r) => moffatGauss(r, 800, 3.7, u as number, 12));
    const ns = rs.map((r) => Math.max(1, Math.round(2 * Math.PI * r)));
    const fit = fitMoffatGauss(rs, vs, ns, [500, 2.5, 0.25, 0])!;
    expect(fit[0]).toBeCloseTo(800, 1);
    expect(fit[1]).toBeCloseTo(3.7, 3);
    expect(fit[2]).toBeCloseTo(u as number, 2);
    expect(fit[3]).toBeCloseTo(12, 1);
  });
});
