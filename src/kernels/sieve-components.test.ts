import { describe, expect, it } from 'vitest';
import { decodeSieveComponents, encodeSieveComponents, sieveComponents } from './sieve-components.ts';

const N = -1; // nodata in the literals below

function grid(rows: number[][]) {
  const h = rows.length;
  const w = rows[0].length;
  const values = new Int32Array(w * h);
  const valid = new Uint8Array(w * h);
  rows.flat().forEach((v, i) => {
    values[i] = v < 0 ? 0 : v;
    valid[i] = v < 0 ? 0 : 1;
  });
  return { values, valid, w, h };
}

describe('sieveComponents', () => {
  it('labels every valid pixel (value 0 included), skips nodata, and lists adjacency with GDAL scan keys', () => {
    const g = grid([
      [0, 0, 1],
      [0, N, 1],
      [2, 2, 1],
    ]);
    const labels = new Int32Array(9);
    const s = sieveComponents(g.values, g.valid, g.w, g.h, { x0: 0, y0: 0, rasterWidth: 3, connectivity: 4 }, labels);
    expect(s.count).toBe(3);
    expect(Array.from(s.values)).toEqual([0, 1, 2]);
    expect(Array.from(s.sizes)).toEqual([3, 3, 2]);
    expect(Array.from(labels)).toEqual([0, 0, 1, 0, -1, 1, 2, 2, 1]);
    // 0–1 first met at (2,0) "left" (k=3): key (0·3+2)·4+3 = 11; 0–2 at (0,2) "up": (2·3+0)·4+0 = 24; 1–2 at (2,2) "left": 35
    const pairs = Array.from(s.pairA, (a, i) => [a, s.pairB[i], s.pairKeys[i]]);
    expect(pairs).toEqual([[0, 1, 11], [0, 2, 24], [1, 2, 35]]);
    expect(Array.from(s.border)).toEqual([0, 0, 1, 2, 2, 1, 0, 0, 2, 1, 1, 1]);
  });

  it('8-connectivity joins diagonal pixels and adds diagonal adjacency (up-left k=1, up-right k=2)', () => {
    const g = grid([
      [1, 0],
      [0, 1],
    ]);
    const s4 = sieveComponents(g.values, g.valid, 2, 2, { x0: 10, y0: 5, rasterWidth: 100, connectivity: 4 });
    expect(s4.count).toBe(4); // two 1s and two 0s, all separate
    const s8 = sieveComponents(g.values, g.valid, 2, 2, { x0: 10, y0: 5, rasterWidth: 100, connectivity: 8 });
    expect(s8.count).toBe(2);
    // global keys: pixel (11,5) compares left with (10,5): ((5·100+11)·4+3)
    expect(Array.from(s8.pairKeys)).toEqual([(5 * 100 + 11) * 4 + 3]);
  });

  it('round-trips through its one-buffer encoding', () => {
    const g = grid([[1, 2, N], [3, 3, 2]]);
    const s = sieveComponents(g.values, g.valid, 3, 2, { x0: 4, y0: 7, rasterWidth: 50, connectivity: 8 });
    const d = decodeSieveComponents(encodeSieveComponents(s).subarray(0));
    expect(d).toEqual(s);
    expect(() => decodeSieveComponents(new Uint8Array(40))).toThrowError(expect.objectContaining({ code: 'E_KERNEL_INPUT' }));
  });
});
