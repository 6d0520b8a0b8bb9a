/**
 * The real oracle: 50 seeded random rasters (3×3 … 40×40, 2–4 values, with and without nodata / user mask,
 * 4- and 8-connected) polygonized by GDAL (GDALPolygonize through python3-gdal, as gdal_polygonize.py does)
 * and by us, whole and tiled in a shuffled arrival order. Polygon sets must be identical after canonicalising
 * rings: same count per value, same exterior and holes, same vertices once collinear points are dropped.
 */
import { describe, expect, it } from 'vitest';
import type { ClassRaster } from '../../src/kernels/label-tile-input.ts';
import { mulberry32 } from '../../src/util/prng.ts';
import { polygonizeRaster } from '../../src/vector/polygon-tiled.ts';
import { canonicalSet, gdalPolygonize, hasGdal, type OracleCase } from './polygonize-oracle.ts';

const SEED = 20240601;
const N = 50;

function makeCase(k: number): OracleCase {
  const rnd = mulberry32(SEED + k);
  const width = 3 + Math.floor(rnd() * 38);
  const height = 3 + Math.floor(rnd() * 38);
  const nValues = 2 + Math.floor(rnd() * 3);
  const cell = rnd() < 0.5 ? 1 : 2 + Math.floor(rnd() * 3); // > 1: blobs, larger polygons with holes
  const gw = Math.ceil(width / cell);
  const coarse = Array.from({ length: gw * Math.ceil(height / cell) }, () => Math.floor(rnd() * nValues));
  const values: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      values.push(rnd() < 0.1 ? Math.floor(rnd() * nValues) : coarse[Math.floor(y / cell) * gw + Math.floor(x / cell)]);
    }
  }
  const mode = k % 3; // 0: -nomask, 1: nodata = 0 (band mask), 2: user mask
  const mask = mode === 2 ? values.map(() => (rnd() < 0.2 ? 0 : 1)) : null;
  return { width, height, values, nodata: mode === 1 ? 0 : null, mask, nomask: mode === 0, connectivity: k % 2 === 0 ? 4 : 8 };
}

function toRaster(c: OracleCase): ClassRaster {
  const values = Int32Array.from(c.values);
  const valid = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    valid[i] = c.mask !== null ? c.mask[i] : c.nodata !== null && values[i] === c.nodata ? 0 : 1;
  }
  return { values, valid, width: c.width, height: c.height };
}

function shuffledOrder(n: number, seed: number): number[] {
  const rnd = mulberry32(seed);
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

describe.skipIf(!hasGdal())('polygonize vs gdal_polygonize on random rasters', () => {
  const cases = Array.from({ length: N }, (_, k) => makeCase(k));
  let gdal: ReturnType<typeof gdalPolygonize> = [];

  it('runs GDAL once for all cases', () => {
    gdal = gdalPolygonize(cases);
    expect(gdal.length).toBe(N);
  });

  it.each(cases.map((c, k) => ({ k, c, label: `${c.width}×${c.height} ${c.connectivity}-conn ${c.mask ? 'mask' : c.nodata !== null ? 'nodata' : 'nomask'}` })))(
    'case $k: $label',
    ({ k, c }) => {
      const raster = toRaster(c);
      const expected = canonicalSet(gdal[k]);
      const whole = polygonizeRaster(raster, { connectivity: c.connectivity });
      expect(canonicalSet(whole)).toEqual(expected);
      const ts = 1 + (k % 9);
      const n = Math.ceil(c.width / ts) * Math.ceil(c.height / ts);
      const tiled = polygonizeRaster(raster, { connectivity: c.connectivity, tileSizePx: ts, order: shuffledOrder(n, k) });
      expect(canonicalSet(tiled)).toEqual(expected);
    },
  );
});
