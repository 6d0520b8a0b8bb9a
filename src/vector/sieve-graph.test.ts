import { describe, expect, it } from 'vitest';
import { sieveComponents } from '../kernels/sieve-components.ts';
import { decideSieve } from './sieve-decide.ts';
import { SieveGraph } from './sieve-graph.ts';

const N = -1; // nodata

/** Sieves a literal raster through per-tile components + the global graph; nodata stays N. */
function sieve(rows: number[][], thresholdPx: number, connectivity: 4 | 8, tileSizePx = 2): number[][] {
  const h = rows.length;
  const w = rows[0].length;
  const graph = new SieveGraph({ connectivity, rasterWidth: w, rasterHeight: h, tileSizePx });
  const tiles: Array<{ x: number; y: number; tw: number; th: number; v: Int32Array; m: Uint8Array }> = [];
  for (let y = 0; y < h; y += tileSizePx) {
    for (let x = 0; x < w; x += tileSizePx) {
      const tw = Math.min(tileSizePx, w - x);
      const th = Math.min(tileSizePx, h - y);
      const v = new Int32Array(tw * th);
      const m = new Uint8Array(tw * th);
      for (let r = 0; r < th; r++) {
        for (let c = 0; c < tw; c++) {
          const val = rows[y + r][x + c];
          v[r * tw + c] = val < 0 ? 0 : val;
          m[r * tw + c] = val < 0 ? 0 : 1;
        }
      }
      tiles.push({ x, y, tw, th, v, m });
    }
  }
  for (const t of [...tiles].reverse()) {
    graph.addTile({ x: t.x, y: t.y, width: t.tw, height: t.th }, sieveComponents(t.v, t.m, t.tw, t.th, { x0: t.x, y0: t.y, rasterWidth: w, connectivity }));
  }
  graph.decide(thresholdPx);
  const out = rows.map((r) => [...r]);
  for (const t of tiles) {
    const labels = new Int32Array(t.tw * t.th);
    const s = sieveComponents(t.v, t.m, t.tw, t.th, { x0: t.x, y0: t.y, rasterWidth: w, connectivity }, labels);
    const fin = graph.finalValues({ x: t.x, y: t.y, width: t.tw, height: t.th }, s.count);
    labels.forEach((l, i) => {
      if (l >= 0) out[t.y + Math.floor(i / t.tw)][t.x + (i % t.tw)] = fin[l];
    });
  }
  return out;
}

describe('SieveGraph + decideSieve on small rasters (gdal_sieve semantics)', () => {
  it('fills a small no-change hole with the patch value, across tile seams', () => {
    const r = [
      [5, 5, 5, 5],
      [5, 0, 0, 5],
      [5, 5, 5, 5],
      [0, 0, 0, 0],
    ];
    expect(sieve(r, 3, 4)).toEqual([
      [5, 5, 5, 5],
      [5, 5, 5, 5],
      [5, 5, 5, 5],
      [0, 0, 0, 0],
    ]);
  });

  it('a small change patch whose largest neighbour is the background disappears', () => {
    const r = [
      [0, 0, 0, 0, 0],
      [0, 7, 7, 0, 0],
      [0, 0, 0, 0, 0],
    ];
    expect(sieve(r, 3, 4).flat().every((v) => v === 0)).toBe(true);
  });

  it('a small patch of one type next to a bigger patch of another type takes that type', () => {
    const r = [
      [3, 3, 3, 0, 0, 0],
      [3, 3, 9, 0, 0, 0],
      [3, 3, 3, 0, 0, 0],
    ];
    // 9 touches 3 (8 px) and 0 (9 px): the largest neighbour is 0 …
    expect(sieve(r, 2, 4)[1][2]).toBe(0);
    // … unless the background is split off by nodata
    const r2 = [
      [3, 3, 3, N, 0, 0],
      [3, 3, 9, N, 0, 0],
      [3, 3, 3, N, 0, 0],
    ];
    expect(sieve(r2, 2, 4)[1][2]).toBe(3);
  });

  it('follows a chain of small polygons to the first one at or above the threshold', () => {
    // 1 (1 px) → largest neighbour 2 (2 px, small) → largest neighbour 3 (6 px): 1 and 2 both become 3
    const r = [
      [1, 2, 2, 3, 3, 3],
      [N, N, N, 3, 3, 3],
    ];
    expect(sieve(r, 3, 4)[0]).toEqual([3, 3, 3, 3, 3, 3]);
  });

  it('leaves isolated small polygons and cycles of equally small ones alone', () => {
    expect(sieve([[4, N, 6]], 5, 4)).toEqual([[4, N, 6]]);
    // 1 and 2 (1 px each) are each other's largest neighbour: a cycle, nothing ≥ T is reachable
    expect(sieve([[1, 2]], 5, 4)).toEqual([[1, 2]]);
  });

  it('breaks ties between equally large neighbours by GDAL scan order (first compared wins)', () => {
    // the single 9 touches 1 (above, 3 px) and 2 (left, 3 px); "up" is compared before "left"
    const r = [
      [0, 1, 1, 1],
      [2, 9, N, N],
      [2, N, N, N],
      [2, N, N, N],
    ];
    expect(sieve(r, 2, 4)[1][1]).toBe(1);
    // mirrored: 2 to the left is met first (row 1 "left") when 1 is only below
    const r2 = [
      [N, N, N, N],
      [2, 9, N, N],
      [2, 1, 1, 1],
      [2, N, N, N],
    ];
    expect(sieve(r2, 2, 4)[1][1]).toBe(2);
  });

  it('4- vs 8-connectivity: diagonal pixels are one polygon (and neighbours) only with 8', () => {
    const r = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
    expect(sieve(r, 2, 4)).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(sieve(r, 2, 8)).toEqual(r); // the diagonal line is one 3-px polygon ≥ 2
  });
});

describe('decideSieve on hand-made graphs', () => {
  const graph = (sizes: number[], values: number[], edges: Array<[number, number, number]>) => ({
    sizes, values, nodeCount: sizes.length,
    edgeA: edges.map((e) => e[0]), edgeB: edges.map((e) => e[1]), edgeKeys: edges.map((e) => e[2]), edgeCount: edges.length,
  });

  it('picks the largest neighbour, ties by the smallest key whatever the edge order', () => {
    const g = graph([1, 5, 5, 4], [10, 20, 30, 40], [[0, 3, 1], [0, 2, 9], [0, 1, 7], [0, 2, 3]]);
    const d = decideSieve(g, 2);
    expect(d.finalValues[0]).toBe(30); // 2 has key 3 < 7
    expect(d).toMatchObject({ small: 1, merged: 1, mergedNonZero: 1, isolated: 0, unmergeable: 0 });
  });

  it('walks chains, memoises them, and reports cycles as unmergeable', () => {
    // 0 → 1 → 2 (big); 3 ↔ 4 cycle
    const g = graph([1, 2, 10, 1, 1], [1, 2, 3, 4, 0], [[0, 1, 0], [1, 2, 1], [3, 4, 2]]);
    const d = decideSieve(g, 3);
    expect(Array.from(d.finalValues)).toEqual([3, 3, 3, 4, 0]);
    expect(d).toMatchObject({ small: 4, merged: 2, unmergeable: 2, mergedNonZero: 2 });
  });

  it('T = 0 changes nothing', () => {
    const d = decideSieve(graph([1, 1], [1, 2], [[0, 1, 0]]), 0);
    expect(Array.from(d.finalValues)).toEqual([1, 2]);
  });
});
