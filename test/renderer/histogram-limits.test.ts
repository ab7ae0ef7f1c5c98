import { describe, expect, it } from 'vitest';
import { limitMarks } from '../../renderer/masters/HistogramPlot';

describe('the viewer histogram marks the stretch limits', () => {
  const histogram = { lo: 100, hi: 1100, counts: [5, 50, 500, 50, 5] };

  it('a dashed line at the black and at the white point, the axis the pixels\' range (2 % padded)', () => {
    const marks = limitMarks(histogram, { lo: 280, hi: 330 });
    expect(marks.shapes).toEqual([{ x0: 280, x1: 280 }, { x0: 330, x1: 330 }]);
    expect(marks.range).toEqual([80, 1120]);
  });

  it('a manual limit beyond the pixels widens the axis to show it', () => {
    const marks = limitMarks(histogram, { lo: -400, hi: 5000 });
    expect(marks.range[0]).toBeLessThan(-400);
    expect(marks.range[1]).toBeGreaterThan(5000);
  });
});
