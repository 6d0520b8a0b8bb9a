import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ringSignedArea } from './area-planar.ts';
import { crsRef } from './crs.ts';
import { geojson as fgb } from 'flatgeobuf';
import { writeCsv } from './export-csv.ts';
import { writeFlatGeobuf } from './export-flatgeobuf.ts';
import { geoJsonGeometry, writeGeoJson } from './export-geojson.ts';
import { buildPatchRecord, type PatchRecord } from './patch-record.ts';

const hasOgr = spawnSync('ogrinfo', ['--version']).status === 0;
const work = mkdtempSync(path.join(tmpdir(), 'lw-export-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Three patches in EPSG:4549 (10 m pixels near 120E, 30N), one with a hole, one 150 km off the CM. */
function patches(): PatchRecord[] {
  const crs = crsRef(4549);
  const ctx = (x0: number) => ({ jobId: 'export-test', geoTransform: [x0, 10, 0, 3_320_000, 0, -10] as [number, number, number, number, number, number], crs });
  return [
    buildPatchRecord(
      { code: 20, value: 105, fromClass: 1, toClass: 5, pixelRings: [Int32Array.of(0, 0, 50, 0, 50, 40, 0, 40, 0, 0), Int32Array.of(10, 10, 10, 20, 20, 20, 20, 10, 10, 10)], properties: { note: 'has, "comma" and quotes', flag: true } },
      ctx(499_000),
    ),
    buildPatchRecord({ code: 1, value: 2, pixelRings: [Int32Array.of(0, 0, 3, 0, 3, 1, 1, 1, 1, 3, 0, 3, 0, 0)], meanMagnitude: 42.5, properties: { note: 'L', flag: false } }, ctx(499_500)),
    buildPatchRecord({ code: 5, value: 7, pixelRings: [Int32Array.of(0, 0, 100, 0, 100, 100, 0, 100, 0, 0)], properties: { note: null, flag: null } }, ctx(650_000)),
  ];
}

async function* stream(records: PatchRecord[]): AsyncGenerator<PatchRecord> {
  for (const r of records) yield r;
}

function ogr(args: string[]): string {
  const r = spawnSync('ogrinfo', args);
  expect(r.status, r.stderr.toString()).toBe(0);
  expect(r.stderr.toString()).not.toMatch(/ERROR/);
  return r.stdout.toString();
}

/** id → number from `ogrinfo -sql` output of `SELECT id, <expr> AS a`. */
function areasById(out: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const block of out.split('OGRFeature(').slice(1)) {
    const id = /id \(String\) = (\w+)/.exec(block)?.[1];
    const a = /a \(Real\) = ([\d.eE+-]+)/.exec(block)?.[1];
    if (id !== undefined && a !== undefined) m.set(id, Number(a));
  }
  return m;
}

describe('writeGeoJson', () => {
  it('writes RFC 7946 lon/lat: CCW exteriors, CW holes, 1e-9° rounding, no crs member', async () => {
    const file = path.join(work, 'lonlat.geojson');
    await writeGeoJson(file, stream(patches()));
    const fc = JSON.parse(readFileSync(file, 'utf8'));
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.crs).toBeUndefined();
    expect(fc.features).toHaveLength(3);
    const [f0] = fc.features;
    expect(f0.properties).toMatchObject({ code: 20, value: 105, from_class: 1, to_class: 5, pixel_count: 1900, area_m2: 190000, note: 'has, "comma" and quotes', flag: true });
    const rings: number[][][] = f0.geometry.coordinates;
    expect(ringSignedArea(Float64Array.from(rings[0].flat()))).toBeGreaterThan(0);
    expect(ringSignedArea(Float64Array.from(rings[1].flat()))).toBeLessThan(0);
    for (const [x, y] of rings[0]) {
      expect(Math.round(x * 1e9) / 1e9).toBe(x);
      expect(Math.round(y * 1e9) / 1e9).toBe(y);
      expect(x).toBeGreaterThan(119.9);
      expect(x).toBeLessThan(120.1);
    }
    expect(existsSync(`${file}.tmp`)).toBe(false);
  });

  it.skipIf(!hasOgr)('opens in ogrinfo as 3 Polygons in EPSG:4326 whose ellipsoidal areas equal ours', async () => {
    const recs = patches();
    const file = path.join(work, 'areas.geojson');
    await writeGeoJson(file, recs);
    const info = ogr(['-so', '-al', file]);
    expect(info).toMatch(/Feature Count: 3/);
    expect(info).toMatch(/Geometry: Polygon/);
    expect(info).toMatch(/ID\["EPSG",4326\]\]\s*Data axis/);
    const areas = areasById(ogr(['-q', '-dialect', 'sqlite', '-sql', 'SELECT id, ST_Area(geometry, 1) AS a FROM areas', file]));
    expect(areas.size).toBe(3);
    for (const r of recs) expect(Math.abs((areas.get(r.id) ?? 0) - r.areaEllipsoidM2) / r.areaEllipsoidM2).toBeLessThan(1e-6);
  });

  it.skipIf(!hasOgr)('with nativeCrs writes native coordinates and a crs member GDAL reads as EPSG:4549', async () => {
    const recs = patches();
    const file = path.join(work, 'native.geojson');
    await writeGeoJson(file, recs, { nativeCrs: { epsg: 4549 } });
    const fc = JSON.parse(readFileSync(file, 'utf8'));
    expect(fc.crs).toEqual({ type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4549' } });
    const info = ogr(['-so', '-al', file]);
    expect(info).toMatch(/Feature Count: 3/);
    expect(info).toMatch(/ID\["EPSG",4549\]\]\s*Data axis/);
    const areas = areasById(ogr(['-q', '-sql', 'SELECT id, OGR_GEOM_AREA AS a FROM native', file]));
    for (const r of recs) expect(areas.get(r.id)).toBeCloseTo(r.areaM2, 6);
  });

  it('refuses records in another CRS than nativeCrs and leaves no file behind', async () => {
    const file = path.join(work, 'wrong.geojson');
    await expect(writeGeoJson(file, patches(), { nativeCrs: { epsg: 4490 } })).rejects.toThrow(/not EPSG:4490/);
    expect(existsSync(file)).toBe(false);
    expect(existsSync(`${file}.tmp`)).toBe(false);
  });

  it('never leaves a half-written file under the final name when the source fails', async () => {
    const file = path.join(work, 'broken.geojson');
    async function* failing(): AsyncGenerator<PatchRecord> {
      yield patches()[0];
      throw new Error('stitcher died');
    }
    await expect(writeGeoJson(file, failing())).rejects.toThrow('stitcher died');
    expect(existsSync(file)).toBe(false);
    expect(existsSync(`${file}.tmp`)).toBe(false);
  });
});

describe('writeCsv', () => {
  it('writes RFC 4180: header, CRLF, quoted WKT and quoted quotes', async () => {
    const file = path.join(work, 'patches.csv');
    await writeCsv(file, stream(patches()));
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('WKT,id,code,value,from_class,to_class,pixel_count,area_m2,area_ellipsoid_m2,perimeter_m,mean_magnitude,note,flag');
    expect(lines).toHaveLength(5); // header + 3 rows + trailing empty
    expect(lines[1]).toMatch(/^"POLYGON \(\(499000 3320000, /);
    expect(lines[1]).toContain('"has, ""comma"" and quotes",true');
    expect(lines[2]).toMatch(/,42\.5,L,false$/);
    expect(lines[3]).toMatch(/,,$/);
  });

  it.skipIf(!hasOgr)('opens in ogrinfo with 3 features whose planar areas equal ours', async () => {
    const recs = patches();
    const file = path.join(work, 'check2.csv');
    await writeCsv(file, recs);
    const info = ogr(['-so', '-al', file]);
    expect(info).toMatch(/Feature Count: 3/);
    const areas = areasById(ogr(['-q', '-sql', 'SELECT id, OGR_GEOM_AREA AS a FROM check2', file]));
    expect(areas.size).toBe(3);
    for (const r of recs) expect(areas.get(r.id)).toBeCloseTo(r.areaM2, 6);
    const note = ogr(['-q', '-sql', "SELECT note FROM check2 WHERE code = '20'", file]);
    expect(note).toContain('has, "comma" and quotes');
  });
});

describe('geoJsonGeometry', () => {
  it('is the same geometry text the GeoJSON writer puts in each feature', async () => {
    const recs = patches();
    const file = path.join(work, 'geom.geojson');
    await writeGeoJson(file, recs);
    const fc = JSON.parse(readFileSync(file, 'utf8'));
    expect(JSON.parse(geoJsonGeometry(recs[0]))).toEqual(fc.features[0].geometry);
    expect(JSON.parse(geoJsonGeometry(recs[0], true)).coordinates[0][0]).toEqual([recs[0].rings[0][0], recs[0].rings[0][1]]);
  });
});

describe('writeFlatGeobuf', () => {
  it('writes the patches in the native CRS, readable by flatgeobuf', async () => {
    const file = path.join(work, 'three.fgb');
    await writeFlatGeobuf(file, patches());
    const read: unknown[] = [];
    for await (const f of fgb.deserialize(readFileSync(file))) read.push(f);
    expect(read).toHaveLength(3);
  });

  it('writes a valid empty file, in the job CRS, when there are no patches (identical epochs)', async () => {
    const file = path.join(work, 'empty.fgb');
    await writeFlatGeobuf(file, [], crsRef(4549));
    const read: unknown[] = [];
    for await (const f of fgb.deserialize(readFileSync(file))) read.push(f);
    expect(read).toHaveLength(0);
    if (hasOgr) {
      const info = ogr(['-so', '-al', file]);
      expect(info).toMatch(/Feature Count: 0/);
      expect(info).toMatch(/CGCS2000 \/ 3-degree Gauss-Kruger CM 120E/);
      expect(info).toMatch(/area_ellipsoid_m2: Real/);
    }
  });
});
