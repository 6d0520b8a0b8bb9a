import { describe, expect, it } from 'vitest';
import { labelTile } from '../kernels/label-tile.ts';
import { tileInputFromRaster, type ClassRaster } from '../kernels/label-tile-input.ts';
import { mulberry32 } from '../util/prng.ts';
import { polygonizeRaster } from './polygon-tiled.ts';
import { ringArea2, ringProblem } from './polygon-ring.ts';
import { createStitcher, type StitchedPolygon } from './stitch-tiles.ts';

/** Seeded raster: nValues classes, optional invalid pixels, optional smoothing for larger blobs with holes. */
function randomRaster(seed: number, width: number, height: number, nValues: number, invalidShare: number, blobby: boolean): ClassRaster {
  const rnd = mulberry32(seed);
  const values = new Int32Array(width * height);
  const valid = new Uint8Array(width * height);
  const cell = blobby ? 3 : 1;
  const gw = Math.ceil(width / cell) + 1;
  const coarse = new Int32Array(gw * (Math.ceil(height / cell) + 1));
  for (let i = 0; i < coarse.length; i++) coarse[i] = Math.floor(rnd() * nValues);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const jitter = blobby && rnd() < 0.15;
      values[i] = jitter ? Math.floor(rnd() * nValues) : coarse[Math.floor(y / cell) * gw + Math.floor(x / cell)];
      valid[i] = rnd() < invalidShare ? 0 : 1;
    }
  }
  return { values, valid, width, height };
}

/** Independent oracle: flood-fill components (value, size, bbox, first pixel), in scan order of first pixel. */
function floodComponents(r: ClassRaster, conn: 4 | 8): string[] {
  const { width: w, height: h } = r;
  const seen = new Uint8Array(w * h);
  const out: string[] = [];
  const stack: number[] = [];
  for (let s = 0; s < w * h; s++) {
    if (r.valid[s] === 0 || seen[s] === 1) continue;
    const v = r.values[s];
    let n = 0;
    let minX = w;
    let maxX = -1;
    let maxY = -1;
    seen[s] = 1;
    stack.push(s);
    while (stack.length > 0) {
      const p = stack.pop()!;
      const x = p % w;
      const y = (p - x) / w;
      n++;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          if ((dx === 0 && dy === 0) || (conn === 4 && dx !== 0 && dy !== 0)) continue;
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
          const q = ny * w + nx;
          if (seen[q] === 0 && r.valid[q] === 1 && r.values[q] === v) {
            seen[q] = 1;
            stack.push(q);
          }
        }
      }
    }
    out.push(`${v};${n};${minX},${Math.floor(s / w)},${maxX},${maxY};${s % w}`);
  }
  return out;
}

function summary(polys: StitchedPolygon[]): string[] {
  return polys.map((p) => `${p.value};${p.pixelCount};${p.bbox.join(',')};${p.firstCol}`);
}

function exact(polys: StitchedPolygon[]): string {
  return polys.map((p) => `${p.value};${p.pixelCount};${p.weightSum};${p.bbox};${p.rings.map((r) => r.join(',')).join('|')}`).join('\n');
}

function shuffled(n: number, seed: number): number[] {
  const rnd = mulberry32(seed);
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

const CASES = Array.from({ length: 24 }, (_, k) => ({
  seed: 1000 + k,
  width: 5 + ((k * 7) % 29),
  height: 4 + ((k * 11) % 31),
  nValues: 2 + (k % 3),
  invalidShare: k % 4 === 0 ? 0 : 0.1,
  blobby: k % 2 === 1,
  connectivity: (k % 5 < 3 ? 4 : 8) as 4 | 8,
}));

describe('createStitcher', () => {
  it.each(CASES)('gives the same polygons for every tile size and arrival order (seed $seed, $connectivity-conn)', (c) => {
    const r = randomRaster(c.seed, c.width, c.height, c.nValues, c.invalidShare, c.blobby);
    const whole = polygonizeRaster(r, { connectivity: c.connectivity });
    const ref = exact(whole);
    for (const ts of [1, 2, 3, 5, 8, 13]) {
      expect(exact(polygonizeRaster(r, { connectivity: c.connectivity, tileSizePx: ts })), `tile ${ts}`).toBe(ref);
      const n = Math.ceil(c.width / ts) * Math.ceil(c.height / ts);
      const order = shuffled(n, c.seed + ts);
      expect(exact(polygonizeRaster(r, { connectivity: c.connectivity, tileSizePx: ts, order })), `tile ${ts} shuffled`).toBe(ref);
    }
  });

  it.each(CASES)('finds the flood-fill components with valid, oriented rings (seed $seed)', (c) => {
    const r = randomRaster(c.seed, c.width, c.height, c.nValues, c.invalidShare, c.blobby);
    const polys = polygonizeRaster(r, { connectivity: c.connectivity, tileSizePx: 4 });
    expect(summary(polys)).toEqual(floodComponents(r, c.connectivity));
    for (const p of polys) {
      const [ext, ...holes] = p.rings;
      expect(ringArea2(ext)).toBeGreaterThan(0);
      // exteriors start at the top-left corner of the first pixel
      expect([ext[0], ext[1]]).toEqual([p.firstCol, p.firstRow]);
      // 8-connected exteriors may touch themselves at diagonal pinches (as GDAL's do); holes never
      expect(ringProblem(ext, { allowPinch: c.connectivity === 8 })).toBeNull();
      let area2 = ringArea2(ext);
      for (const hole of holes) {
        expect(ringArea2(hole)).toBeLessThan(0);
        expect(ringProblem(hole)).toBeNull();
        area2 += ringArea2(hole);
      }
      expect(area2 / 2).toBe(p.pixelCount);
    }
  });

  it('keeps holes that touch each other at one vertex as separate rings across tile seams', () => {
    // polygonize_in_3.grd: the two 0 holes touch at vertex (2,2), which is a seam corner with 2×2 tiles
    const r: ClassRaster = {
      values: Int32Array.from([1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1]),
      valid: new Uint8Array(16).fill(1), width: 4, height: 4,
    };
    for (const ts of [1, 2, 3, 4]) {
      const polys = polygonizeRaster(r, { tileSizePx: ts });
      expect(polys.map((p) => [p.value, p.rings.length])).toEqual([[1, 3], [0, 1], [0, 1]]);
      expect(Array.from(polys[0].rings[1])).toEqual([1, 1, 1, 2, 2, 2, 2, 1, 1, 1]);
      expect(Array.from(polys[0].rings[2])).toEqual([2, 2, 2, 3, 3, 3, 3, 2, 2, 2]);
    }
  });

  it('separates 4-connected diagonal pixels and joins them with 8-connectivity', () => {
    const r: ClassRaster = { values: Int32Array.from([1, 0, 0, 1]), valid: Uint8Array.from([1, 0, 0, 1]), width: 2, height: 2 };
    expect(polygonizeRaster(r, { tileSizePx: 1 }).length).toBe(2);
    const eight = polygonizeRaster(r, { tileSizePx: 1, connectivity: 8 });
    expect(eight.length).toBe(1);
    expect(Array.from(eight[0].rings[0])).toEqual([0, 0, 1, 0, 1, 1, 2, 1, 2, 2, 1, 2, 1, 1, 0, 1, 0, 0]);
  });

  it('sums weights across tiles', () => {
    const r = randomRaster(7, 12, 9, 2, 0, true);
    r.weights = Float32Array.from({ length: 12 * 9 }, (_, i) => (i % 7) * 0.5);
    const whole = polygonizeRaster(r);
    const tiled = polygonizeRaster(r, { tileSizePx: 4 });
    expect(tiled.map((p) => p.weightSum)).toEqual(whole.map((p) => p.weightSum));
    expect(whole.reduce((a, p) => a + p.weightSum, 0)).toBe(r.weights.reduce((a, v) => a + v, 0));
  });

  it('returns nothing for a raster without valid pixels', () => {
    const r: ClassRaster = { values: new Int32Array(6), valid: new Uint8Array(6), width: 3, height: 2 };
    expect(polygonizeRaster(r, { tileSizePx: 2 })).toEqual([]);
  });

  it('reports missing, duplicate and mismatched tiles', () => {
    const r = randomRaster(3, 4, 4, 2, 0, false);
    const tile = (x: number, y: number) => labelTile(tileInputFromRaster(r, x, y, 2, 2), { x0: x, y0: y });
    const s = createStitcher({ connectivity: 4, rasterWidth: 4, rasterHeight: 4 });
    s.addTile({ x: 0, y: 0, width: 2, height: 2 }, tile(0, 0));
    expect(() => s.addTile({ x: 0, y: 0, width: 2, height: 2 }, tile(0, 0))).toThrowError(/added twice/);
    expect(() => s.addTile({ x: 2, y: 0, width: 2, height: 2 }, tile(2, 2))).toThrowError(/does not match/);
    expect(() => s.finish()).toThrowError(expect.objectContaining({ code: 'E_VECTOR_STITCH' }));
    const s8 = createStitcher({ connectivity: 8, rasterWidth: 4, rasterHeight: 4 });
    expect(() => s8.addTile({ x: 0, y: 0, width: 2, height: 2 }, tile(0, 0))).toThrowError(/4-connected/);
  });
});
