import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../util/prng.ts';
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

/**
 * Naive reference: flood fill in scan order (ids by first pixel), then every comparison of GDAL's scan
 * (up, up-left, up-right, left per pixel) as an event; a pair keeps its smallest key; pairs sorted by key.
 */
function reference(values: Int32Array, valid: Uint8Array, w: number, h: number, x0: number, y0: number, rw: number, conn: 4 | 8) {
  const labels = new Int32Array(w * h).fill(-1);
  const sizes: number[] = [];
  const vals: number[] = [];
  const nb = conn === 8 ? [[-1, -1], [0, -1], [1, -1], [-1, 0], [1, 0], [-1, 1], [0, 1], [1, 1]] : [[0, -1], [-1, 0], [1, 0], [0, 1]];
  for (let p = 0; p < w * h; p++) {
    if (!valid[p] || labels[p] >= 0) continue;
    const id = sizes.length;
    sizes.push(0);
    vals.push(values[p]);
    const stack = [p];
    labels[p] = id;
    while (stack.length) {
      const q = stack.pop() as number;
      sizes[id]++;
      const qx = q % w;
      const qy = (q - qx) / w;
      for (const [dx, dy] of nb) {
        const x = qx + dx;
        const y = qy + dy;
        if (x < 0 || y < 0 || x >= w || y >= h) continue;
        const r = y * w + x;
        if (valid[r] && labels[r] < 0 && values[r] === values[p]) {
          labels[r] = id;
          stack.push(r);
        }
      }
    }
  }
  const pairs = new Map<string, number>();
  const offs: [number, number, number][] = conn === 8 ? [[0, -1, 0], [-1, -1, 1], [1, -1, 2], [-1, 0, 3]] : [[0, -1, 0], [-1, 0, 3]];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const a = labels[y * w + x];
      if (a < 0) continue;
      for (const [dx, dy, k] of offs) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= w) continue;
        const b = labels[ny * w + nx];
        if (b < 0 || b === a) continue;
        const id = `${Math.min(a, b)},${Math.max(a, b)}`;
        const key = ((y0 + y) * rw + x0 + x) * 4 + k;
        if (!pairs.has(id) || key < (pairs.get(id) as number)) pairs.set(id, key);
      }
    }
  }
  const sorted = [...pairs].sort((p, q) => p[1] - q[1]).map(([id, key]) => [...id.split(',').map(Number), key]);
  return { labels: Array.from(labels), sizes, values: vals, pairs: sorted };
}

describe('sieveComponents', () => {
  it('equals a naive flood-fill reference on random rasters (values, nodata, 4/8, odd sizes)', () => {
    const rnd = mulberry32(11);
    for (let t = 0; t < 400; t++) {
      const w = 1 + Math.floor(rnd() * 24);
      const h = 1 + Math.floor(rnd() * 24);
      const nv = 1 + Math.floor(rnd() * 4);
      const pNodata = rnd() < 0.4 ? rnd() * 0.4 : 0;
      const pChange = rnd();
      const values = new Int32Array(w * h);
      const valid = new Uint8Array(w * h);
      for (let i = 0; i < w * h; i++) {
        valid[i] = rnd() < pNodata ? 0 : 1;
        values[i] = rnd() < pChange ? Math.floor(rnd() * nv) : 0;
      }
      const conn = t % 2 === 0 ? 4 : 8;
      const x0 = Math.floor(rnd() * 50);
      const y0 = Math.floor(rnd() * 50);
      const labels = new Int32Array(w * h);
      const s = sieveComponents(values, valid, w, h, { x0, y0, rasterWidth: 100, connectivity: conn }, labels);
      const ref = reference(values, valid, w, h, x0, y0, 100, conn);
      expect(Array.from(labels)).toEqual(ref.labels);
      expect(Array.from(s.sizes)).toEqual(ref.sizes);
      expect(Array.from(s.values)).toEqual(ref.values);
      expect(Array.from(s.pairA, (a, i) => [a, s.pairB[i], s.pairKeys[i]])).toEqual(ref.pairs);
    }
  });

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
