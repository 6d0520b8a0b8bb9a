import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreDb } from '../../src/store/store-db.ts';
import type { PatchRow } from '../../src/store/patch-row.ts';
import { ensureSample, cacheRoot } from './sample-cache.ts';
import { runOursDetect } from './ours-detect.ts';

export interface ApiDataset {
  /** DuckDB file written by `landwatch detect` (read-only here: copy it before serving) */
  db: string;
  jobId: string;
  patches: number;
  /** size of the DuckDB file, bytes */
  dbBytes: number;
  /** wall time of the detect run that made it, ms (0 when cached) */
  detectMs: number;
  detectPeakRssKb: number | null;
  generated: boolean;
}

/**
 * A job with many real patches: `landwatch detect` on the seeded N² sample with a low fixed CVA threshold
 * (noise pixels become changes), no morphology and `--mmu 0`, so every speck is a patch — 2048², threshold
 * 100 gives ≈ 257k patches (15 % of pixels changed). At threshold 40, 75 % change, the noise percolates and one
 * patch spans the scene with 27 MB of GeoJSON, in every page. Cached in <cache>/api/detect-<N>-<seed>-t<threshold>/.
 */
export async function ensureApiDataset(size: number, seed: number, threshold: number, workers: number | null, cache: string | null, log: (s: string) => void): Promise<ApiDataset> {
  const dir = join(cacheRoot(cache), 'api', `detect-${size}-${seed}-t${threshold}`);
  let detectMs = 0;
  let detectPeakRssKb: number | null = null;
  let generated = false;
  if (!existsSync(join(dir, 'summary.json'))) {
    const sample = await ensureSample(size, seed, cache, log);
    log(`running landwatch detect --threshold ${threshold} --mmu 0 on ${size}² into ${dir} (once)…`);
    const r = await runOursDetect(sample.epochA, sample.epochB, { workers, mmuM2: 0, openPx: 0, closePx: 0, threshold, keep: true });
    await mkdir(join(cacheRoot(cache), 'api'), { recursive: true });
    await rm(dir, { recursive: true, force: true });
    await rename(r.outDir, dir);
    detectMs = r.ms;
    detectPeakRssKb = r.maxRssKb;
    generated = true;
  }
  const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as { jobId: string; patches: { count: number } };
  const db = join(dir, 'landwatch.duckdb');
  const dbBytes = (await stat(db)).size;
  return { db, jobId: summary.jobId, patches: summary.patches.count, dbBytes, detectMs, detectPeakRssKb, generated };
}

/**
 * The first `n` patches of a job (by id) read back from its DuckDB file as the store's insert rows, WKB
 * included, so the insert benchmark writes real geometries and GeoJSON texts.
 */
export async function readPatchRows(dbPath: string, jobId: string, n: number): Promise<PatchRow[]> {
  const db = await StoreDb.open(dbPath);
  try {
    return await db.exclusive(async (s) => {
      const ps = await s.connection.prepare(
        `SELECT id, code, value, from_class, to_class, pixel_count, area_m2, area_ellipsoid_m2, perimeter_m,
                centroid_x, centroid_y, centroid_lon, centroid_lat, xmin, ymin, xmax, ymax,
                lon_min, lat_min, lon_max, lat_max, mean_magnitude, geometry_wkb, geojson, properties
         FROM patches WHERE job_id = $1 ORDER BY id LIMIT $2`,
      );
      ps.bindVarchar(1, jobId);
      ps.bindInteger(2, n);
      const rows = (await ps.runAndReadAll()).getRowObjectsJS();
      ps.destroySync();
      return rows.map((r): PatchRow => ({
        id: String(r.id),
        code: Number(r.code),
        value: Number(r.value),
        fromClass: r.from_class === null ? null : Number(r.from_class),
        toClass: r.to_class === null ? null : Number(r.to_class),
        pixelCount: Number(r.pixel_count),
        areaM2: Number(r.area_m2),
        areaEllipsoidM2: Number(r.area_ellipsoid_m2),
        perimeterM: Number(r.perimeter_m),
        centroid: [Number(r.centroid_x), Number(r.centroid_y)],
        centroidLonLat: [Number(r.centroid_lon), Number(r.centroid_lat)],
        bbox: [Number(r.xmin), Number(r.ymin), Number(r.xmax), Number(r.ymax)],
        bboxLonLat: [Number(r.lon_min), Number(r.lat_min), Number(r.lon_max), Number(r.lat_max)],
        meanMagnitude: r.mean_magnitude === null ? null : Number(r.mean_magnitude),
        wkb: r.geometry_wkb as Uint8Array,
        geojson: String(r.geojson),
        properties: r.properties === null ? null : (JSON.parse(String(r.properties)) as Record<string, unknown>),
      }));
    });
  } finally {
    await db.close();
  }
}
