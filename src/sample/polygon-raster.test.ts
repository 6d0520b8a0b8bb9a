import { describe, expect, it } from 'vitest';
import { makePolygon, polygonArea, relation } from './polygon-geometry.ts';
import { countPixels, fillPolygon } from './polygon-raster.ts';
import { blob, courtyard, rectangle } from './shapes.ts';
import { mulberry32 } from '../util/prng.ts';

describe('fillPolygon', () => {
  it('fills the pixels whose centre is inside (half-open edges)', () => {
    const poly = makePolygon([[2, 1, 5, 1, 5, 3, 2, 3]]);
    const win = { x: 0, y: 0, width: 8, height: 5 };
    const out = new Uint8Array(40);
    expect(fillPolygon(poly, win, out, 7)).toBe(6);
    const rows = Array.from({ length: 5 }, (_, r) => Array.from(out.subarray(r * 8, r * 8 + 8)).join(''));
    expect(rows).toEqual(['00000000', '00777000', '00777000', '00000000', '00000000']);
  });

  it('leaves a courtyard hole empty', () => {
    const poly = courtyard(10, 10, 12, 12, 4, 4, 0, 0, 0);
    expect(countPixels(poly)).toBe(144 - 16);
    expect(polygonArea(poly.rings)).toBeCloseTo(128, 9);
  });

  it('gives a window exactly the pixels it has in a whole render', () => {
    const poly = blob(40.3, 37.9, 25, 13, 0.4, mulberry32(5), 1.3, 0.7);
    const whole = new Uint8Array(80 * 80);
    fillPolygon(poly, { x: 0, y: 0, width: 80, height: 80 }, whole, 1);
    const win = { x: 23, y: 31, width: 29, height: 17 };
    const part = new Uint8Array(win.width * win.height);
    fillPolygon(poly, win, part, 1);
    for (let r = 0; r < win.height; r++) {
      for (let c = 0; c < win.width; c++) expect(part[r * win.width + c]).toBe(whole[(r + win.y) * 80 + c + win.x]);
    }
  });

  it('counts about the polygon area for a rotated rectangle', () => {
    const poly = rectangle(50.2, 50.7, 40, 23, 0.3);
    const n = countPixels(poly);
    expect(Math.abs(n - 40 * 23)).toBeLessThan(2 * (40 + 23) * 0.5);
  });
});

describe('relation', () => {
  const zone = makePolygon([[0, 0, 100, 0, 100, 100, 0, 100]]);
  it('is inside only with the margin kept', () => {
    expect(relation(rectangle(50, 50, 20, 20, 0), zone, 10)).toBe('inside');
    expect(relation(rectangle(15, 50, 20, 20, 0), zone, 10)).toBe('overlap');
    expect(relation(rectangle(130, 50, 20, 20, 0), zone, 10)).toBe('outside');
    expect(relation(rectangle(50, 50, 300, 300, 0), zone, 10)).toBe('overlap');
  });
});
