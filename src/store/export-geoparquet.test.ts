import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { polygonArea } from '../vector/area-planar.ts';
import { crsRef } from '../vector/crs.ts';
import { buildPatchRecord, type PatchRecord } from '../vector/patch-record.ts';
import { decodeWkb } from '../vector/wkb.ts';
import { writeGeoParquet } from './export-geoparquet.ts';

const hasGdal = spawnSync('gdalsrsinfo', ['--version']).status === 0;
// GDAL 3.6.2 (Debian bookworm) has no (Geo)Parquet driver; when a newer GDAL has one, it checks too
const formats = spawnSync('ogrinfo', ['--formats']);
const gdalParquet = formats.status === 0 && /Parquet/i.test(formats.stdout.toString());
const work = mkdtempSync(path.join(tmpdir(), 'lw-geoparquet-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function patches(): PatchRecord[] {
  const crs = crsRef(4549);
  const ctx = { jobId: 'pq', geoTransform: [500_000, 10, 0, 3_320_000, 0, -10] as [number, number, number, number, number, number], crs };
  return [
    buildPatchRecord(
      { code: 20, value: 105, fromClass: 1, toClass: 5, pixelRings: [Int32Array.of(0, 0, 50, 0, 50, 40, 0, 40, 0, 0), Int32Array.of(10, 10, 10, 20, 20, 20, 20, 10, 10, 10)], properties: { tile: '0,0' } },
      ctx,
    ),
    buildPatchRecord({ code: 1, value: 2, pixelRings: [Int32Array.of(60, 0, 63, 0, 63, 1, 61, 1, 61, 3, 60, 3, 60, 0)], meanMagnitude: 42.5 }, ctx),
    buildPatchRecord({ code: 5, value: 7, pixelRings: [Int32Array.of(100, 100, 200, 100, 200, 200, 100, 200, 100, 100)] }, ctx),
  ];
}

async function* stream(records: PatchRecord[]): AsyncGenerator<PatchRecord> {
  for (const r of records) yield r;
}

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    const reader = await conn.runAndReadAll(sql);
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

describe('writeGeoParquet', () => {
  const file = path.join(work, 'patches.parquet');
  const recs = patches();

  it('writes every row with WKB geometry and bbox columns', async () => {
    const { rows } = await writeGeoParquet(file, stream(recs), { epsg: 4549 });
    expect(rows).toBe(3);
    expect(existsSync(`${file}.tmp`)).toBe(false);
    const got = await query(`SELECT id, code, value, from_class, pixel_count, area_m2, mean_magnitude, xmin, ymin, xmax, ymax, properties, geometry FROM read_parquet('${file}') ORDER BY code`);
    expect(got).toHaveLength(3);
    const byId = new Map(recs.map((r) => [r.id, r]));
    for (const row of got) {
      const rec = byId.get(row.id as string);
      expect(rec).toBeDefined();
      if (rec === undefined) continue;
      expect(row.area_m2).toBe(rec.areaM2);
      expect(Number(row.pixel_count)).toBe(rec.pixelCount);
      expect([row.xmin, row.ymin, row.xmax, row.ymax]).toEqual(rec.bbox);
      const polys = decodeWkb(row.geometry as Uint8Array);
      expect(polys).toHaveLength(1);
      expect(polygonArea(polys[0])).toBe(rec.areaM2);
    }
    expect(got[0].mean_magnitude).toBe(42.5);
    expect(got[1].from_class).toBeNull();
    expect(got[2].properties).toBe('{"tile":"0,0"}');
  });

  it('carries GeoParquet geo metadata: version, primary column, WKB Polygon, PROJJSON EPSG:4549, bbox', async () => {
    const kv = await query(`SELECT decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata('${file}')`);
    const geoRow = kv.find((r) => r.key === 'geo');
    expect(geoRow).toBeDefined();
    const geo = JSON.parse(String(geoRow?.value));
    expect(geo.version).toBe('1.1.0');
    expect(geo.primary_column).toBe('geometry');
    const col = geo.columns.geometry;
    expect(col.encoding).toBe('WKB');
    expect(col.geometry_types).toEqual(['Polygon']);
    expect(col.crs.id).toEqual({ authority: 'EPSG', code: 4549 });
    expect(col.bbox).toEqual([500_000, 3_318_000, 502_000, 3_320_000]);
    if (hasGdal) {
      const a = spawnSync('gdalsrsinfo', ['-o', 'proj4', JSON.stringify(col.crs)]).stdout.toString().trim();
      const b = spawnSync('gdalsrsinfo', ['-o', 'proj4', 'EPSG:4549']).stdout.toString().trim();
      expect(a).toBe(b);
    }
  });

  it.skipIf(!gdalParquet)('opens in ogrinfo as 3 Polygons in EPSG:4549', () => {
    const r = spawnSync('ogrinfo', ['-so', '-al', file]);
    expect(r.status).toBe(0);
    expect(r.stdout.toString()).toMatch(/Feature Count: 3/);
    expect(r.stdout.toString()).toMatch(/ID\["EPSG",4549\]\]\s*Data axis/);
  });

  it('writes crs null (unknown) rather than omitting it when no PROJJSON can be built', async () => {
    const robin = { epsg: null, proj4: '+proj=robin +lon_0=0 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs' };
    const rec = buildPatchRecord({ code: 1, value: 1, pixelRings: [Int32Array.of(0, 0, 1, 0, 1, 1, 0, 1, 0, 0)] }, { jobId: 'r', geoTransform: [0, 1000, 0, 0, 0, -1000], crs: robin });
    const f = path.join(work, 'robin.parquet');
    await writeGeoParquet(f, [rec]);
    const kv = await query(`SELECT decode(value) AS value FROM parquet_kv_metadata('${f}') WHERE decode(key) = 'geo'`);
    const geo = JSON.parse(String(kv[0].value));
    expect(geo.columns.geometry).toHaveProperty('crs', null);
  });

  it('leaves no file behind when the source fails', async () => {
    const f = path.join(work, 'broken.parquet');
    async function* failing(): AsyncGenerator<PatchRecord> {
      yield recs[0];
      throw new Error('stitcher died');
    }
    await expect(writeGeoParquet(f, failing(), { epsg: 4549 })).rejects.toThrow(/stitcher died/);
    expect(existsSync(f)).toBe(false);
    expect(existsSync(`${f}.tmp`)).toBe(false);
  });
});
