import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/util/prng.ts';
import { gdalSieve, hasGdalSieve, tiledSieve } from './sieve-oracle.ts';

const NODATA = 255;

/**
 * A seeded code raster: blocky regions of a few values (0 = no change included), salt-and-pepper pixels and
 * small clumps (ties, chains of small polygons), and nodata rectangles and specks.
 */
function randomRaster(width: number, height: number, seed: number, kinds: number): { values: Int32Array; valid: Uint8Array } {
  const rnd = mulberry32(seed);
  const values = new Int32Array(width * height);
  const block = 6 + Math.floor(rnd() * 10);
  const bw = Math.ceil(width / block);
  const blocks = Array.from({ length: bw * Math.ceil(height / block) }, () => (rnd() < 0.5 ? 0 : 1 + Math.floor(rnd() * kinds)));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = blocks[Math.floor(y / block) * bw + Math.floor(x / block)];
      const u = rnd();
      if (u < 0.18) v = Math.floor(rnd() * (kinds + 1));
      values[y * width + x] = v * 10000 + (v > 0 && rnd() < 0.1 ? 102 : 0);
    }
  }
  for (let k = 0; k < 4; k++) {
    const x0 = Math.floor(rnd() * width);
    const y0 = Math.floor(rnd() * height);
    const w = 1 + Math.floor(rnd() * 20);
    const h = 1 + Math.floor(rnd() * 20);
    for (let y = y0; y < Math.min(height, y0 + h); y++) for (let x = x0; x < Math.min(width, x0 + w); x++) values[y * width + x] = NODATA;
  }
  for (let i = 0; i < width * height; i++) if (rnd() < 0.01) values[i] = NODATA;
  const valid = new Uint8Array(width * height);
  for (let i = 0; i < valid.length; i++) valid[i] = values[i] === NODATA ? 0 : 1;
  return { values, valid };
}

function diffCount(a: Int32Array, b: Int32Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
}

describe.skipIf(!hasGdalSieve())('tiled sieve = gdal_sieve.py (GDAL 3.6.2) on seeded random rasters', () => {
  const W = 200;
  const H = 150;
  const cases: Array<{ seed: number; conn: 4 | 8; t: number; kinds: number }> = [
    { seed: 1, conn: 4, t: 10, kinds: 3 },
    { seed: 2, conn: 8, t: 10, kinds: 3 },
    { seed: 3, conn: 4, t: 40, kinds: 2 },
    { seed: 4, conn: 8, t: 25, kinds: 4 },
    { seed: 5, conn: 4, t: 3, kinds: 1 },
    { seed: 6, conn: 8, t: 120, kinds: 2 },
  ];
  for (const c of cases) {
    it(`seed ${c.seed}, -${c.conn}, -st ${c.t}: pixel for pixel at tile sizes 7, 64, 77 and whole`, () => {
      const { values, valid } = randomRaster(W, H, c.seed, c.kinds);
      const gdal = gdalSieve(values, W, H, NODATA, c.t, c.conn);
      expect(diffCount(gdal, values)).toBeGreaterThan(100); // the sieve did something
      for (const tile of [7, 64, 77, 256]) {
        const { out, decision } = tiledSieve(values, valid, W, H, tile, c.t, c.conn);
        expect(decision.merged).toBeGreaterThan(0);
        expect(diffCount(out, gdal), `tile ${tile}`).toBe(0);
      }
    });
  }
});
