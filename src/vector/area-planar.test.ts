import { describe, expect, it } from 'vitest';
import { polygonArea, polygonCentroid, polygonPerimeter, ringSignedArea, ringsBbox } from './area-planar.ts';

const square = (x: number, y: number, s: number, ccw = true): Float64Array =>
  ccw ? Float64Array.of(x, y, x + s, y, x + s, y + s, x, y + s, x, y) : Float64Array.of(x, y, x, y + s, x + s, y + s, x + s, y, x, y);

describe('ringSignedArea', () => {
  it('is positive counter-clockwise and negative clockwise, closed or not', () => {
    expect(ringSignedArea(square(0, 0, 2))).toBe(4);
    expect(ringSignedArea(square(0, 0, 2, false))).toBe(-4);
    expect(ringSignedArea(Float64Array.of(0, 0, 2, 0, 2, 2, 0, 2))).toBe(4);
  });

  it('stays exact at GK easting with zone prefix (4e7 m)', () => {
    // 30 m pixels far from the origin: naive shoelace loses digits to x·y products of ~1e14
    const r = square(40_500_000.5, 3_320_000.25, 30);
    expect(ringSignedArea(r)).toBe(900);
  });
});

describe('polygonArea', () => {
  it('subtracts holes whatever their orientation', () => {
    const ext = square(0, 0, 10);
    expect(polygonArea([ext, square(2, 2, 3, false)])).toBe(91);
    expect(polygonArea([ext, square(2, 2, 3, true), square(6, 6, 2)])).toBe(87);
  });
});

describe('polygonPerimeter', () => {
  it('includes hole rings', () => {
    expect(polygonPerimeter([square(0, 0, 10), square(2, 2, 3, false)])).toBe(52);
  });
});

describe('polygonCentroid', () => {
  it('is the area centroid with holes', () => {
    const c = polygonCentroid([square(0, 0, 10), square(6, 6, 2, false)]);
    // (100·(5,5) − 4·(7,7)) / 96
    expect(c[0]).toBeCloseTo((500 - 28) / 96, 12);
    expect(c[1]).toBeCloseTo((500 - 28) / 96, 12);
  });

  it('is independent of the exterior orientation', () => {
    const a = polygonCentroid([Float64Array.of(0, 0, 4, 0, 4, 2, 0, 2, 0, 0)]);
    const b = polygonCentroid([Float64Array.of(0, 0, 0, 2, 4, 2, 4, 0, 0, 0)]);
    expect(a).toEqual([2, 1]);
    expect(b).toEqual([2, 1]);
  });
});

describe('ringsBbox', () => {
  it('covers every ring', () => {
    expect(ringsBbox([square(1, 2, 3), square(1.5, 2.5, 1)])).toEqual([1, 2, 4, 5]);
  });
});
