import { describe, expect, it } from 'vitest';
import { legendEntry } from '../kernels/index.ts';
import { TRANSITION_LUT, transitionCode } from './transition-code.ts';

describe('transitionCode', () => {
  it('maps the planted transitions to their legend categories', () => {
    expect(transitionCode(1, 7)).toBe(20);
    expect(transitionCode(1, 10)).toBe(20);
    expect(transitionCode(3, 6)).toBe(21);
    expect(transitionCode(4, 7)).toBe(21);
    expect(transitionCode(3, 12)).toBe(22);
    // the kernels count filling water to build as 27 (other land → construction), not 23
    expect(transitionCode(11, 6)).toBe(27);
    expect(transitionCode(11, 20)).toBe(27);
    expect(transitionCode(11, 1)).toBe(23);
    expect(transitionCode(12, 6)).toBe(27);
    expect(transitionCode(5, 5)).toBe(0);
    expect(transitionCode(255, 1)).toBe(255);
    expect(transitionCode(1, 255)).toBe(255);
  });

  it('agrees with its lookup table and always names a legend entry', () => {
    for (const a of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 20, 255]) {
      for (const b of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 20, 255]) {
        const code = transitionCode(a, b);
        expect(TRANSITION_LUT[(a << 8) | b]).toBe(code);
        expect(legendEntry(code)).toBeDefined();
      }
    }
  });
});
