import { describe, expect, it } from 'vitest';
import { stepWithinFilter } from '../../../shared/run/step-within-filter';

const ids = ['L1', 'R1', 'L2', 'R2', 'R3', 'L3', 'X1'];
const filterOf = (id: string) => (id.startsWith('X') ? null : id[0]);

describe('stepWithinFilter', () => {
  it('skips the lights of other filters, both ways', () => {
    expect(stepWithinFilter(ids, filterOf, 'L1', 1)).toBe('L2');
    expect(stepWithinFilter(ids, filterOf, 'L2', 1)).toBe('L3');
    expect(stepWithinFilter(ids, filterOf, 'L3', -1)).toBe('L2');
    expect(stepWithinFilter(ids, filterOf, 'R1', 2)).toBe('R3');
  });
  it('stops at the ends, and for an id not listed', () => {
    expect(stepWithinFilter(ids, filterOf, 'L3', 1)).toBeNull();
    expect(stepWithinFilter(ids, filterOf, 'L1', -1)).toBeNull();
    expect(stepWithinFilter(ids, filterOf, 'X1', -1)).toBeNull();
    expect(stepWithinFilter(ids, filterOf, 'nope', 1)).toBeNull();
  });
});
