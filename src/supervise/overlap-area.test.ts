import * as turf from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../util/prng.ts';
import { polygonArea } from '../vector/area-planar.ts';
import { overlapArea, planarPolygon } from './overlap-area.ts';

const rect = (x0: number, y0: number, x1: number, y1: number): number[] => [x0, y0, x1, y0, x1, y1, x0, y1];
const poly = (...rings: number[][]) => planarPolygon(rings);

function both(a: number[][], b: number[][]): number {
  const pa = planarPolygon(a);
  const pb = planarPolygon(b);
  const ab = overlapArea(pa, pb);
  // symmetric by construction of the boundary split; check it holds
  expect(overlapArea(pb, pa)).toBeCloseTo(ab, 9);
  return ab;
}

/** Star-shaped random ring around (cx, cy). */
function star(rng: () => number, cx: number, cy: number, r: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    const rr = r * (0.4 + 0.6 * rng());
    out.push(cx + rr * Math.cos(a), cy + rr * Math.sin(a));
  }
  return out;
}

function turfOverlap(a: number[][], b: number[][]): number {
  const close = (r: number[]) => {
    const pts: number[][] = [];
    for (let i = 0; i < r.length; i += 2) pts.push([r[i], r[i + 1]]);
    pts.push([r[0], r[1]]);
    return pts;
  };
  const out = turf.intersect(turf.featureCollection([turf.polygon(a.map(close)), turf.polygon(b.map(close))]));
  if (!out) return 0;
  const g = out.geometry;
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  let sum = 0;
  for (const p of polys) sum += polygonArea(p.map((ring) => Float64Array.from(ring.flat())));
  return sum;
}

describe('overlapArea', () => {
  it('measures two crossing squares', () => {
    expect(both([rect(0, 0, 2, 2)], [rect(1, 1, 3, 3)])).toBe(1);
  });

  it('gives the smaller polygon when one contains the other', () => {
    expect(both([rect(0, 0, 10, 10)], [rect(2, 3, 4, 7)])).toBe(8);
  });

  it('is 0 for disjoint and for edge-touching squares', () => {
    expect(both([rect(0, 0, 1, 1)], [rect(5, 5, 6, 6)])).toBe(0);
    expect(both([rect(0, 0, 2, 2)], [rect(2, 0, 4, 2)])).toBe(0);
    expect(both([rect(0, 0, 2, 2)], [rect(2, 2, 4, 4)])).toBe(0);
  });

  it('counts shared boundary once: identical squares, and a strip along three edges', () => {
    expect(both([rect(0, 0, 2, 2)], [rect(0, 0, 2, 2)])).toBe(4);
    expect(both([rect(0, 0, 2, 2)], [rect(0, 0, 1, 2)])).toBe(2);
    expect(both([rect(0, 0, 4, 4)], [rect(1, 0, 3, 4)])).toBe(8);
  });

  it('subtracts holes, including a hole that touches the other polygon', () => {
    const donut = [rect(0, 0, 10, 10), rect(2, 2, 8, 8)];
    expect(both(donut, [rect(0, 0, 10, 5)])).toBe(50 - 18);
    expect(both(donut, [rect(3, 3, 7, 7)])).toBe(0);
    expect(both(donut, [rect(2, 2, 8, 8)])).toBe(0);
    expect(both(donut, [rect(1, 1, 9, 9)])).toBe(64 - 36);
    expect(both(donut, [rect(0, 0, 10, 10), rect(1, 1, 9, 9)])).toBe(100 - 64);
  });

  it('handles a vertex lying on the other polygon\'s edge (diamond in a square)', () => {
    const diamond = [0, 1, 1, 0, 2, 1, 1, 2];
    expect(both([diamond], [rect(0, 0, 2, 2)])).toBe(2);
    expect(both([diamond], [rect(0, 0, 2, 1)])).toBe(1);
    expect(both([diamond], [rect(1, 0, 3, 3)])).toBe(1);
  });

  it('ignores ring orientation and a repeated closing vertex', () => {
    const cw = [0, 0, 0, 2, 2, 2, 2, 0, 0, 0];
    expect(both([cw], [rect(1, 1, 3, 3)])).toBe(1);
  });

  it('keeps precision at Gauss–Krüger coordinates with a zone prefix', () => {
    const x = 40_480_000;
    const y = 3_470_000;
    expect(both([rect(x, y, x + 2, y + 2)], [rect(x + 1, y + 1, x + 3, y + 3)])).toBe(1);
    expect(both([rect(x, y, x + 0.5, y + 0.25)], [rect(x, y, x + 0.5, y + 0.25)])).toBe(0.125);
  });

  it('matches polygon clipping (turf/polyclip) on 300 random star polygons', () => {
    const rng = mulberry32(7);
    let checked = 0;
    for (let k = 0; k < 300; k++) {
      const a = [star(rng, 0, 0, 10, 3 + Math.floor(rng() * 30))];
      const bx = 8 * (rng() - 0.5);
      const by = 8 * (rng() - 0.5);
      const nb = 3 + Math.floor(rng() * 30);
      const b = [star(rng, bx, by, 10, nb)];
      // a hole around b's centre, inside the exterior (≥ 8 vertices at radius ≥ 4 keep every edge > 3 away)
      if (nb >= 8 && rng() < 0.4) b.push(star(rng, bx, by, 3, 5 + Math.floor(rng() * 6)));
      const want = turfOverlap(a, b);
      const got = overlapArea(planarPolygon(a), planarPolygon(b));
      expect(Math.abs(got - want)).toBeLessThan(1e-9 * Math.max(1, want));
      checked++;
    }
    expect(checked).toBe(300);
  });

  it('returns 0 for an empty polygon', () => {
    expect(overlapArea(poly(), poly(rect(0, 0, 1, 1)))).toBe(0);
  });
});
