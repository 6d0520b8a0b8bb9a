import { describe, expect, it } from 'vitest';
import { canonicalRing, ringArea2, ringProblem } from './polygon-ring.ts';

describe('canonicalRing', () => {
  it('drops collinear vertices and starts at the smallest (y, x) vertex', () => {
    // clockwise square 0..2 with extra collinear vertices, starting mid-edge
    const src = Int32Array.from([2, 1, 2, 2, 1, 2, 0, 2, 0, 0, 1, 0, 2, 0]);
    const { ring, area2 } = canonicalRing(src, 0, 7);
    expect(Array.from(ring)).toEqual([0, 0, 2, 0, 2, 2, 0, 2, 0, 0]);
    expect(area2).toBe(8);
  });

  it('gives holes (anticlockwise on screen) a negative area', () => {
    const { ring, area2 } = canonicalRing(Int32Array.from([1, 1, 1, 2, 2, 2, 2, 1]), 0, 4);
    expect(Array.from(ring)).toEqual([1, 1, 1, 2, 2, 2, 2, 1, 1, 1]);
    expect(area2).toBe(-2);
    expect(ringArea2(ring)).toBe(-2);
  });
});

describe('ringProblem', () => {
  it('accepts a simple ring', () => {
    expect(ringProblem(Int32Array.from([0, 0, 2, 0, 2, 1, 0, 1, 0, 0]))).toBeNull();
  });

  it('rejects open, diagonal and collinear rings', () => {
    expect(ringProblem(Int32Array.from([0, 0, 2, 0, 2, 1, 0, 1, 0, 1]))).toMatch(/not closed|repeated/);
    expect(ringProblem(Int32Array.from([0, 0, 2, 0, 2, 1, 1, 2, 0, 0]))).toMatch(/axis-aligned/);
    expect(ringProblem(Int32Array.from([0, 0, 1, 0, 2, 0, 2, 1, 0, 1, 0, 0]))).toMatch(/collinear/);
  });

  it('rejects a ring touching itself at a vertex unless pinches are allowed', () => {
    // two unit squares joined at (1,1): the 8-connected figure of eight
    const eight = Int32Array.from([1, 0, 1, 1, 2, 1, 2, 2, 1, 2, 1, 1, 0, 1, 0, 0, 1, 0]);
    expect(ringProblem(eight)).toMatch(/touches itself at 1,1/);
    expect(ringProblem(eight, { allowPinch: true })).toBeNull();
  });

  it('rejects a ring running through one of its own edges even with pinches allowed', () => {
    // corner (2,0) lies inside the segment (0,0)-(4,0) visited earlier
    const t = Int32Array.from([0, 0, 4, 0, 4, 2, 2, 2, 2, 0, 1, 0, 1, 1, 0, 1, 0, 0]);
    expect(ringProblem(t, { allowPinch: true })).toMatch(/touches itself/);
  });
});
