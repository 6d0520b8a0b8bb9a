import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TilePool } from '../../src/pool/tile-pool.ts';
import type { TaskMap } from '../../src/pool/messages.ts';
import { readWindow, type PixelArray } from '../../src/raster/index.ts';
import {
  bandStats,
  cvaMagnitude,
  histogram,
  magnitudeHistogramSpecFromStats,
  normalizationFromStats,
  otsuThreshold,
  validMask,
} from '../../src/kernels/index.ts';
import { params, runJob, sample, tmp } from '../helpers/run-job.ts';
import type { DetectSummary } from '../../src/jobs/index.ts';

const SIZE = 1024;
const whole = { x: 0, y: 0, width: SIZE, height: SIZE };
const pool = new TilePool<TaskMap>({ workers: 2 });
afterAll(() => pool.destroy());
const hasGdal = (() => {
  try {
    execFileSync('gdal_polygonize.py', ['--help'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('detect against whole-array references on the generated sample', () => {
  let dir: string;
  let sdir: string;
  let spectral: DetectSummary;
  let combined: DetectSummary;
  beforeAll(async () => {
    sdir = (await sample(SIZE, 1)).dir;
    dir = tmp('ref');
    const base = { epochA: join(sdir, 'epoch-a.tif'), epochB: join(sdir, 'epoch-b.tif') };
    const a = await runJob(params({ ...base, outDir: join(dir, 'spectral'), tileSizePx: 256 }), pool, 'spectral');
    spectral = a.summary;
    await a.store.close();
    const b = await runJob(
      params({ ...base, outDir: join(dir, 'combined'), tileSizePx: 384, mode: 'combined', landuseA: join(sdir, 'landuse-a.tif'), landuseB: join(sdir, 'landuse-b.tif'), mmuM2: 0, openRadiusPx: 0, closeRadiusPx: 0 }),
      pool,
      'combined',
    );
    combined = b.summary;
    await b.store.close();
    const c = await runJob(params({ ...base, outDir: join(dir, 'spectral-nommu'), tileSizePx: 300, mmuM2: 0 }), pool, 'nommu');
    await c.store.close();
  });

  it('global Otsu equals Otsu computed on the whole raster in one array', async () => {
    const a = await readWindow(join(sdir, 'epoch-a.tif'), whole);
    const b = await readWindow(join(sdir, 'epoch-b.tif'), whole);
    const n = SIZE * SIZE;
    const valid = validMask(a, b, 0, 0, n);
    const statsA = bandStats(a, valid, n);
    const statsB = bandStats(b, valid, n);
    const norm = normalizationFromStats(statsA, statsB);
    const mag = cvaMagnitude(a, b, [0, 1, 2, 3], norm, valid, n);
    // exact stats saw every pixel: the histogram spans the observed range (band min/max), not the type's
    const spec = magnitudeHistogramSpecFromStats(statsA, statsB, [0, 1, 2, 3], norm);
    const reference = otsuThreshold(histogram(mag, valid, n, spec), spec);
    expect(spectral.threshold?.method).toBe('otsu');
    expect(spectral.threshold?.value).toBe(reference);
    expect(spectral.normalization?.gain).toEqual([...norm.gain]);
  });

  it('finds the planted changes: pixel F1 ≥ 0.85 against truth.tif', async () => {
    const [pred] = await readWindow(join(dir, 'spectral', 'change.tif'), whole);
    const [truth] = await readWindow(join(sdir, 'truth.tif'), whole);
    const f = f1(pred, truth);
    expect(f.f1).toBeGreaterThanOrEqual(0.85);
  });

  it('transition matrix equals an independent whole-array count', async () => {
    const [la] = await readWindow(join(sdir, 'landuse-a.tif'), whole);
    const [lb] = await readWindow(join(sdir, 'landuse-b.tif'), whole);
    const counts = new Map<string, number>();
    for (let i = 0; i < la.length; i++) {
      if (la[i] === 255 || lb[i] === 255) continue;
      const k = `${la[i]}>${lb[i]}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const ours = new Map((combined.transitions ?? []).map((r) => [`${r.from}>${r.to}`, r.pixels]));
    expect(ours).toEqual(counts);
    for (const r of combined.transitions ?? []) expect(r.areaM2).toBe(r.pixels * 4);
  });

  it('planted cropland → construction area matches the ground truth', async () => {
    const manifest = JSON.parse(readFileSync(join(sdir, 'manifest.json'), 'utf8')) as { changes: Array<{ code: number; pixels: number }> };
    const truthPx = manifest.changes.filter((c) => c.code === 20).reduce((s, c) => s + c.pixels, 0);
    const ours = (combined.transitions ?? []).filter((r) => r.from === 1 && [5, 6, 7, 8, 9, 10, 20].includes(r.to)).reduce((s, r) => s + r.pixels, 0);
    expect(truthPx).toBeGreaterThan(0);
    // the land-use maps carry the planted change exactly; nodata strips may hide a few pixels
    expect(Math.abs(ours - truthPx) / truthPx).toBeLessThan(0.02);
  });

  it.skipIf(!hasGdal)('polygons equal whole-raster gdal_polygonize of the change raster: count and areas per code', async () => {
    const out = join(dir, 'gdal.geojson');
    const tif = join(dir, 'spectral-nommu', 'change.tif');
    // mask: changed pixels only (0 = no change and 255 = nodata are not patches)
    const mask = join(dir, 'mask.tif');
    execFileSync('gdal_calc.py', ['-A', tif, '--outfile', mask, '--calc', '(A>0)*(A<255)', '--type', 'Byte', '--NoDataValue', '0', '--quiet'], { stdio: 'ignore' });
    execFileSync('gdal_polygonize.py', ['-q', tif, '-mask', mask, '-f', 'GeoJSON', out, 'p', 'code'], { stdio: 'ignore' });
    const gdal = JSON.parse(readFileSync(out, 'utf8')) as { features: Array<{ properties: { code: number }; geometry: { coordinates: number[][][] } }> };
    const ours = JSON.parse(readFileSync(join(dir, 'spectral-nommu', 'patches.geojson'), 'utf8')) as { features: Array<{ properties: { code: number; pixel_count: number } }> };
    const key = (code: number, px: number) => `${code}:${px}`;
    const gdalSet = gdal.features.map((f) => key(f.properties.code, ringsAreaPx(f.geometry.coordinates))).sort();
    const oursSet = ours.features.map((f) => key(f.properties.code, f.properties.pixel_count)).sort();
    expect(gdal.features.length).toBeGreaterThan(20);
    expect(oursSet).toEqual(gdalSet);
  });
});

function ringsAreaPx(rings: number[][][]): number {
  let a = 0;
  rings.forEach((ring, i) => {
    let s = 0;
    for (let k = 0; k + 1 < ring.length; k++) s += ring[k][0] * ring[k + 1][1] - ring[k + 1][0] * ring[k][1];
    a += (i === 0 ? 1 : -1) * Math.abs(s / 2);
  });
  return Math.round(a / 4); // 2 m pixels
}

function f1(pred: PixelArray, truth: PixelArray) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < pred.length; i++) {
    if (truth[i] === 255 || pred[i] === 255) continue;
    const p = pred[i] !== 0;
    const t = truth[i] !== 0;
    if (p && t) tp++;
    else if (p) fp++;
    else if (t) fn++;
  }
  const precision = tp / (tp + fp);
  const recall = tp / (tp + fn);
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall) };
}
