/**
 * GDAL autotest polygonize fixtures against GDAL 3.6.2's recorded output (shared/data/gdal-autotest/
 * expected.json): counts, areas, holes and — where recorded — every geometry after canonicalising rings.
 * Needs no GDAL at run time: the .grd files are read here, the check_area GeoTIFF through geotiff.js.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromFile } from 'geotiff';
import { describe, expect, it } from 'vitest';
import type { ClassRaster } from '../../src/kernels/label-tile-input.ts';
import { polygonizeRaster } from '../../src/vector/polygon-tiled.ts';
import { canonicalSet, exactText, parseAaigrid } from './polygonize-oracle.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = path.resolve(repoRoot, '../shared/data');
const autotest = path.join(dataDir, 'gdal-autotest');

interface ExpectedCase {
  command: string;
  input: string;
  polygon_count: number;
  sum_area: number;
  holes_total: number;
  per_dn: Record<string, { count: number; area: number }>;
  features?: Array<{ DN: number; area: number; rings: number; wkt: string }>;
}

function parseExpected(text: string): Record<string, ExpectedCase> {
  const doc: unknown = JSON.parse(text);
  if (typeof doc !== 'object' || doc === null || !('cases' in doc)) throw new Error('expected.json: no cases');
  return (doc as { cases: Record<string, ExpectedCase> }).cases;
}

/** WKT POLYGON ((x y,…),(…)) → rings of [x, y, …] */
function parseWktPolygon(wkt: string): number[][] {
  const body = /^POLYGON\s*\(\((.*)\)\)\s*$/.exec(wkt);
  if (body === null) throw new Error(`not a POLYGON: ${wkt.slice(0, 40)}`);
  return body[1].split(/\)\s*,\s*\(/).map((ring) => ring.split(',').flatMap((pt) => pt.trim().split(/\s+/).map(Number)));
}

interface Grid {
  raster: ClassRaster;
  /** geo x of column 0 edge, geo y of row 0 edge, cell size x, cell size y (negative for north-up) */
  gt: [number, number, number, number];
}

function readGrd(name: string, opts: { nomask: boolean; maskFile?: string }): Grid {
  const g = parseAaigrid(readFileSync(path.join(autotest, name), 'utf8'));
  const valid = new Uint8Array(g.width * g.height);
  const mask = opts.maskFile === undefined ? null : parseAaigrid(readFileSync(path.join(autotest, opts.maskFile), 'utf8')).values;
  for (let i = 0; i < valid.length; i++) {
    if (mask !== null) valid[i] = mask[i] !== 0 ? 1 : 0;
    else valid[i] = opts.nomask || g.nodata === null || g.values[i] !== g.nodata ? 1 : 0;
  }
  return {
    raster: { values: g.values, valid, width: g.width, height: g.height },
    gt: [g.xll, g.yll + g.height * g.cellsize, g.cellsize, -g.cellsize],
  };
}

async function readCheckArea(): Promise<Grid> {
  const tiff = await fromFile(path.join(autotest, 'polygonize_check_area.tif'));
  const img = await tiff.getImage();
  const band = (await img.readRasters({ samples: [0] }))[0];
  if (typeof band === 'number') throw new Error('unexpected raster shape');
  const nodata = img.getGDALNoData();
  const values = Int32Array.from(band as ArrayLike<number>);
  const valid = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) valid[i] = values[i] === nodata ? 0 : 1;
  const [ox, oy] = img.getOrigin();
  const [rx, ry] = img.getResolution();
  return { raster: { values, valid, width: img.getWidth(), height: img.getHeight() }, gt: [ox, oy, rx, ry] };
}

const cases = existsSync(autotest) ? parseExpected(readFileSync(path.join(autotest, 'expected.json'), 'utf8')) : {};

describe.skipIf(!existsSync(dataDir))('polygonize vs GDAL 3.6.2 autotest expectations', () => {
  it.each(Object.keys(cases))('%s', async (name) => {
    const c = cases[name];
    const connectivity = / -8 /.test(c.command) ? 8 : 4;
    const maskFile = /-mask (\S+)/.exec(c.command)?.[1];
    const grid = c.input.endsWith('.tif')
      ? await readCheckArea()
      : readGrd(c.input, { nomask: c.command.includes('-nomask'), maskFile });
    const [, , sx, sy] = grid.gt;
    const cellArea = Math.abs(sx * sy);

    const polys = polygonizeRaster(grid.raster, { connectivity });
    expect(polys.length).toBe(c.polygon_count);
    expect(polys.reduce((a, p) => a + p.rings.length - 1, 0)).toBe(c.holes_total);
    const sumArea = polys.reduce((a, p) => a + p.pixelCount, 0) * cellArea;
    expect(Math.abs(sumArea - c.sum_area)).toBeLessThan(1e-6 * c.sum_area);

    const perDn = new Map<number, { count: number; px: number }>();
    for (const p of polys) {
      const e = perDn.get(p.value) ?? { count: 0, px: 0 };
      e.count++;
      e.px += p.pixelCount;
      perDn.set(p.value, e);
    }
    expect(perDn.size).toBe(Object.keys(c.per_dn).length);
    for (const [dn, exp] of Object.entries(c.per_dn)) {
      const got = perDn.get(Number(dn));
      expect(got?.count, `DN ${dn} count`).toBe(exp.count);
      expect(Math.abs((got?.px ?? 0) * cellArea - exp.area), `DN ${dn} area`).toBeLessThan(1e-6 * Math.max(1, exp.area));
    }

    if (c.features !== undefined) {
      // GDAL geometries back to pixel-vertex coordinates, then compare canonical polygon sets
      const [ox, oy] = grid.gt;
      const gdal = c.features.map((f) => ({
        value: f.DN,
        rings: parseWktPolygon(f.wkt).map((ring) => ring.map((v, i) => Math.round(i % 2 === 0 ? (v - ox) / sx : (v - oy) / sy))),
      }));
      expect(canonicalSet(polys)).toEqual(canonicalSet(gdal));
    }

    // seam-free: the same output whatever the tile size
    const ref = exactText(polys);
    const sizes = grid.raster.width > 100 ? [64, 100] : [1, 2, 3];
    for (const ts of sizes) expect(exactText(polygonizeRaster(grid.raster, { connectivity, tileSizePx: ts })), `tile ${ts}`).toBe(ref);
  });
});
