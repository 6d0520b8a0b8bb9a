/**
 * Imagery the product has never seen (brief h18): variants of the real Taizhou pair made with GDAL — other
 * CRSs, encodings and grids — run through the detect job and checked against GDAL as the oracle.
 * Inputs are a 96×96 crop of /work/shared/data/real/taizhou, built into a temp dir; skipped without GDAL.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TilePool } from '../../src/pool/tile-pool.ts';
import type { TaskMap } from '../../src/pool/messages.ts';
import type { DetectParams } from '../../src/jobs/job-types.ts';
import type { DetectSummary } from '../../src/jobs/index.ts';
import { params, runJob, tmp } from '../helpers/run-job.ts';
import { guessMode } from '../../src/jobs/index.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const dataDir = path.resolve(repoRoot, '../shared/data');
const taizhou = path.join(dataDir, 'real/taizhou');
const hasGdal = spawnSync('gdalinfo', ['--version']).status === 0;
const work = tmp('unseen');
const pool = new TilePool<TaskMap>({ workers: 2 });
afterAll(async () => {
  await pool.destroy();
  rmSync(work, { recursive: true, force: true });
});

const SIZE = 96;
const A = path.join(work, 'a.tif');
const B = path.join(work, 'b.tif');

function gdal(tool: string, args: string[]): string {
  return execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Both epochs through the same GDAL command: `<tool> <args…> in out`. */
function variant(name: string, tool: string, args: string[]): { a: string; b: string } {
  const out = { a: path.join(work, `${name}-a.tif`), b: path.join(work, `${name}-b.tif`) };
  gdal(tool, [...args, A, out.a]);
  gdal(tool, [...args, B, out.b]);
  return out;
}

let seq = 0;
async function detect(a: string, b: string, over: Partial<DetectParams> = {}): Promise<{ summary: DetectSummary; out: string }> {
  const out = path.join(work, `run-${++seq}`);
  const { summary, store } = await runJob(params({ epochA: a, epochB: b, outDir: out, tileSizePx: 64, ...over }), pool, `unseen-${seq}`);
  await store.close();
  return { summary, out };
}

function ogrFeatureCount(file: string): number {
  const info = gdal('ogrinfo', ['-so', '-al', file]);
  return Number(/Feature Count: (\d+)/.exec(info)?.[1] ?? NaN);
}

describe.skipIf(!existsSync(dataDir) || !hasGdal)('detect on imagery variants made with GDAL', () => {
  beforeAll(() => {
    gdal('gdal_translate', ['-q', '-srcwin', '150', '150', String(SIZE), String(SIZE), path.join(taizhou, 'taizhou_2000.tif'), A]);
    gdal('gdal_translate', ['-q', '-srcwin', '150', '150', String(SIZE), String(SIZE), path.join(taizhou, 'taizhou_2003.tif'), B]);
  });

  it('identical epochs: no change, and every output still opens (empty FlatGeobuf, GeoJSON, CSV)', async () => {
    const { summary, out } = await detect(A, A);
    expect(summary.pixels.changed).toBe(0);
    expect(summary.patches.count).toBe(0);
    for (const f of ['patches.fgb', 'patches.geojson', 'patches.csv']) expect(ogrFeatureCount(path.join(out, f))).toBe(0);
    expect(gdal('ogrinfo', ['-so', '-al', path.join(out, 'patches.fgb')])).toMatch(/UTM zone 51N/);
    expect(JSON.parse(readFileSync(path.join(out, 'patches.geojson'), 'utf8')).features).toEqual([]);
  });

  /** Sum of ellipsoidal areas of gdal_polygonize(change.tif, values ≠ 0), measured by OGR in an equal-area CRS. */
  function gdalChangeAreaM2(out: string): { polygons: number; areaM2: number } {
    const gpkg = path.join(out, 'gdal-polygons.gpkg');
    gdal('gdal_polygonize.py', ['-q', path.join(out, 'change.tif'), '-f', 'GPKG', gpkg, 'p', 'DN']);
    const sql = 'SELECT COUNT(*) AS n, SUM(ST_Area(geom)) AS a FROM p WHERE DN <> 0';
    const eq = path.join(out, 'gdal-cea.gpkg');
    gdal('ogr2ogr', ['-f', 'GPKG', '-t_srs', '+proj=cea +lon_0=120 +ellps=GRS80 +units=m +no_defs', eq, gpkg]);
    const info = gdal('ogrinfo', ['-q', '-dialect', 'SQLite', '-sql', sql, eq]);
    return { polygons: Number(/n \(Integer\) = (\d+)/.exec(info)?.[1]), areaM2: Number(/a \(Real\) = ([\d.eE+-]+)/.exec(info)?.[1]) };
  }

  it.each([
    ['EPSG:3857', 'web mercator: planar areas are inflated by 1/cos²φ'],
    ['EPSG:4490', 'geographic CGCS2000: the grid is in degrees'],
    ['+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs', 'no EPSG code: change.tif must keep the GeoKeys'],
  ])('%s (%s): areas and pixel area are ellipsoidal m², equal to GDAL polygons in an equal-area CRS', async (srs) => {
    const v = variant(`warp-${srs.replace(/\W+/g, '')}`, 'gdalwarp', ['-q', '-t_srs', srs, '-dstnodata', '0', '-r', 'near']);
    const { summary, out } = await detect(v.a, v.b, { mmuM2: 0 });
    const proj = (f: string) => gdal('gdalsrsinfo', ['-o', 'proj4', f]).trim();
    expect(proj(path.join(out, 'change.tif'))).toBe(proj(v.a));
    const ref = gdalChangeAreaM2(out);
    expect(summary.patches.count).toBe(ref.polygons);
    expect(summary.patches.count).toBeGreaterThan(20);
    expect(Math.abs(summary.patches.areaM2 / ref.areaM2 - 1)).toBeLessThan(1e-4);
    // a Landsat pixel is 900 m² on the ground whatever the grid it was warped to
    expect(summary.grid.pixelAreaM2).toBeGreaterThan(850);
    expect(summary.grid.pixelAreaM2).toBeLessThan(950);
  });

  it('gdalwarp -dstalpha: the alpha band is a mask, not a 7th spectral band (same result as -dstnodata 0)', async () => {
    const alpha = variant('alpha', 'gdalwarp', ['-q', '-t_srs', 'EPSG:4549', '-dstalpha', '-r', 'near']);
    const nodata = variant('nodata0', 'gdalwarp', ['-q', '-t_srs', 'EPSG:4549', '-dstnodata', '0', '-r', 'near']);
    const x = await detect(alpha.a, alpha.b);
    const y = await detect(nodata.a, nodata.b);
    expect(x.summary.pixels).toEqual(y.summary.pixels);
    expect(x.summary.threshold).toEqual(y.summary.threshold);
    expect(x.summary.patches.count).toBe(y.summary.patches.count);
    // the 6 Landsat bands keep their roles, so change types are not all "other"
    expect(Object.keys(x.summary.pixels.byCode).length).toBeGreaterThan(1);
  });

  it('GDAL internal mask: masked-out pixels are nodata (same result as cropping them away)', async () => {
    const half = SIZE / 2;
    const six = ['-b', '1', '-b', '2', '-b', '3', '-b', '4', '-b', '5', '-b', '6'];
    const masked = (src: string, name: string): string => {
      // band 7 = 255 everywhere, then the left half of every band is zeroed; band 7 becomes the internal mask
      const stack = path.join(work, `${name}-stack.tif`);
      const zeros = path.join(work, `${name}-zeros.tif`);
      const out = path.join(work, `${name}-masked.tif`);
      gdal('gdal_translate', ['-q', ...six, '-b', '1', '-scale_7', '0', '255', '255', '255', src, stack]);
      gdal('gdal_translate', ['-q', '-scale', '0', '255', '0', '0', '-srcwin', '0', '0', String(half), String(SIZE), stack, zeros]);
      gdal('gdalwarp', ['-q', zeros, stack]);
      gdal('gdal_translate', ['-q', ...six, '-mask', '7', '--config', 'GDAL_TIFF_INTERNAL_MASK', 'YES', '-co', 'TILED=YES', '-co', 'BLOCKXSIZE=32', '-co', 'BLOCKYSIZE=32', '-co', 'COMPRESS=DEFLATE', stack, out]);
      return out;
    };
    const crop = variant('right-half', 'gdal_translate', ['-q', '-srcwin', String(half), '0', String(half), String(SIZE)]);
    const x = await detect(masked(A, 'ma'), masked(B, 'mb'));
    const y = await detect(crop.a, crop.b);
    expect(x.summary.pixels.valid).toBe(half * SIZE);
    expect(x.summary.pixels).toEqual(y.summary.pixels);
    expect(x.summary.threshold).toEqual(y.summary.threshold);
    expect(x.summary.patches.areaM2).toBe(y.summary.patches.areaM2);
  });

  it('1-band panchromatic: taken for imagery, CVA over the one band; patches = gdal_polygonize of change.tif', async () => {
    const pan = variant('pan', 'gdal_translate', ['-q', '-b', '4']);
    const guess = await guessMode(pan.a);
    expect(guess).toMatchObject({ mode: 'spectral', reason: expect.stringContaining('single-band imagery') });
    const { summary, out } = await detect(pan.a, pan.b, { mode: guess.mode, mmuM2: 0 });
    expect(summary.pixels.changed).toBeGreaterThan(0);
    expect(Object.keys(summary.pixels.byCode)).toEqual(['9']); // no band roles: every change is "other"
    expect(summary.patches.count).toBe(gdalChangeAreaM2(out).polygons);
  });

  it('band order other than the default (R,G,B first): --band-roles gives the same change types; 3-band RGB warns that there is no NIR', async () => {
    const base = await detect(A, B, { mmuM2: 0 });
    const rgbFirst = variant('rgb-first', 'gdal_translate', ['-q', '-b', '3', '-b', '2', '-b', '1', '-b', '4', '-b', '5', '-b', '6']);
    // same CVA order as the original (bands 3,2,1 of the new file are 1,2,3 of the old), roles told explicitly
    const told = await detect(rgbFirst.a, rgbFirst.b, { mmuM2: 0, bands: [2, 1, 0, 3, 4, 5], bandRoles: { red: 0, green: 1, blue: 2, nir: 3, swir1: 4, swir2: 5 } });
    expect(told.summary.pixels).toEqual(base.summary.pixels);
    expect(told.summary.warnings).toEqual([]);
    const rgb = variant('rgb', 'gdal_translate', ['-q', '-b', '3', '-b', '2', '-b', '1']);
    const noNir = await detect(rgb.a, rgb.b, { mmuM2: 0 });
    expect(Object.keys(noNir.summary.pixels.byCode)).toEqual(['9']);
    expect(noNir.summary.warnings).toEqual([expect.stringMatching(/no NIR band among its 3 band\(s\).*--band-roles/)]);
    await expect(detect(rgb.a, rgb.b, { bandRoles: { nir: 3 } })).rejects.toMatchObject({ code: 'E_JOB_INPUT', message: expect.stringContaining('band 4 (1-based) does not exist') });
  });
});
