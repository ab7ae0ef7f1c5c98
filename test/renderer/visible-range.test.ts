import { describe, expect, it } from 'vitest';
import { visibleRange } from '../../renderer/run/visible-range';

// Rows of 30 px in a 300 px viewport show 10 rows; overscan adds rows either side.
describe('visibleRange', () => {
  const base = { rowHeight: 30, viewportHeight: 300, rowCount: 1000, overscan: 5 };

  it.each([
    // scrollTop, expected [first, end): reason
    [0, 0, 15, 'top: rows 0-9 visible, 5 below; nothing above row 0'],
    [30, 0, 16, 'one row down: rows 1-10 visible, first clamps at 0'],
    [1000, 28, 49, 'rows 33 (1000/30 = 33.3) to 43 (1300/30 = 43.3 → 44) visible, ±5'],
    [29_700, 985, 1000, 'bottom: last visible row 999, end clamps at the count'],
    [-40, 0, 15, 'elastic overscroll above the top counts as 0'],
  ])('scrollTop %i → [%i, %i): %s', (scrollTop, first, end) => {
    expect(visibleRange({ ...base, scrollTop })).toEqual({ first, end });
  });

  it('renders nothing for an empty list or a zero row height', () => {
    expect(visibleRange({ ...base, rowCount: 0, scrollTop: 0 })).toEqual({ first: 0, end: 0 });
    expect(visibleRange({ ...base, rowHeight: 0, scrollTop: 0 })).toEqual({ first: 0, end: 0 });
  });

  it('a list shorter than the viewport renders all its rows', () => {
    expect(visibleRange({ ...base, rowCount: 4, scrollTop: 0 })).toEqual({ first: 0, end: 4 });
  });

  it('a scroll position past the end (the list just shrank) still shows the last rows', () => {
    expect(visibleRange({ ...base, rowCount: 20, scrollTop: 3000 })).toEqual({ first: 14, end: 20 });
  });

  it('a viewport not measured yet (height 0) still renders the first row and the overscan', () => {
    expect(visibleRange({ ...base, viewportHeight: 0, scrollTop: 0 })).toEqual({ first: 0, end: 6 });
  });
});
