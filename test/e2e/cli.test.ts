import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tmp } from '../helpers/run-job.ts';

const root = new URL('../..', import.meta.url).pathname;
const bin = join(root, 'bin', 'landwatch.mjs');

function landwatch(args: string[], cwd?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('landwatch CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = tmp('cli');
    const r = landwatch(['sample', '--out', join(dir, 'demo'), '--size', '512', '--seed', '3', '--json']);
    expect(r.code, r.stderr).toBe(0);
  });

  it('runs every --help example (on sample data)', () => {
    for (const cmd of ['info', 'sample', 'detect', 'jobs', 'serve']) {
      const help = landwatch([cmd, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Examples:');
    }
    // the examples of detect and info, run for real on the small sample
    const detect = landwatch(['detect', 'demo/epoch-a.tif', 'demo/epoch-b.tif', '--out', 'demo/run'], dir);
    expect(detect.code, detect.stderr).toBe(0);
    expect(detect.stdout).toContain('outputs:');
    const lu = landwatch(['detect', 'demo/landuse-a.tif', 'demo/landuse-b.tif', '--out', 'demo/lu', '--mmu', '200'], dir);
    expect(lu.code, lu.stderr).toBe(0);
    expect(lu.stdout).toContain('landuse mode');
    const info = landwatch(['info', 'demo/landuse-a.tif', '--json'], dir);
    expect(info.code).toBe(0);
  });

  it('info --json gives the documented keys', () => {
    const r = landwatch(['info', join(dir, 'demo', 'epoch-a.tif'), '--json']);
    const info = JSON.parse(r.stdout) as Record<string, unknown>;
    for (const k of ['width', 'height', 'bands', 'epsg', 'geotransform']) expect(info).toHaveProperty(k);
    expect(info.epsg).toBe(4549);
    expect((info.bands as unknown[]).length).toBe(4);
  });

  it('detect --json prints one JSON document on stdout and writes every output', () => {
    const out = join(dir, 'run-json');
    const r = landwatch(['detect', join(dir, 'demo', 'epoch-a.tif'), join(dir, 'demo', 'epoch-b.tif'), '--out', out, '--json', '--tile-size', '200']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { patches: { count: number }; files: Record<string, string> };
    for (const f of ['change.tif', 'patches.geojson', 'patches.parquet', 'patches.csv', 'patches.fgb', 'summary.json']) expect(existsSync(join(out, f))).toBe(true);
    const ogr = spawnSync('ogrinfo', ['-so', '-al', join(out, 'patches.fgb')], { encoding: 'utf8' });
    if (ogr.status !== null && !ogr.error) {
      expect(ogr.stdout).toContain(`Feature Count: ${summary.patches.count}`);
      expect(ogr.stdout).toMatch(/Geometry: Polygon/);
      expect(ogr.stdout).toContain('CGCS2000 / 3-degree Gauss-Kruger CM 120E');
    }
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).patches.count).toBe(summary.patches.count);
  });

  it('detect --native-crs also writes the patches in the raster CRS, as gdal_polygonize would', () => {
    const out = join(dir, 'run-native');
    const r = landwatch(['detect', join(dir, 'demo', 'epoch-a.tif'), join(dir, 'demo', 'epoch-b.tif'), '--out', out, '--json', '--native-crs', '--mmu', '100']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { patches: { count: number }; files: Record<string, string>; grid: { geoTransform: number[] } };
    expect(summary.files.geojsonNative).toBe(join(out, 'patches-native.geojson'));
    const native = JSON.parse(readFileSync(join(out, 'patches-native.geojson'), 'utf8')) as {
      crs: { properties: { name: string } };
      features: Array<{ id: string; geometry: { coordinates: number[][][] } }>;
    };
    const lonlat = JSON.parse(readFileSync(join(out, 'patches.geojson'), 'utf8')) as { crs?: unknown; features: Array<{ id: string }> };
    expect(native.crs.properties.name).toBe('urn:ogc:def:crs:EPSG::4549');
    expect(lonlat.crs).toBeUndefined();
    expect(native.features.map((f) => f.id)).toEqual(lonlat.features.map((f) => f.id));
    expect(native.features.length).toBe(summary.patches.count);
    // native vertices are pixel corners of the raster grid
    const [x0, dx, , y0, , dy] = summary.grid.geoTransform;
    for (const [x, y] of native.features[0].geometry.coordinates[0]) {
      expect(Math.abs((x - x0) / dx - Math.round((x - x0) / dx))).toBeLessThan(1e-6);
      expect(Math.abs((y - y0) / dy - Math.round((y - y0) / dy))).toBeLessThan(1e-6);
    }
    const ogr = spawnSync('ogrinfo', ['-so', '-al', join(out, 'patches-native.geojson')], { encoding: 'utf8' });
    if (ogr.status !== null && !ogr.error) {
      expect(ogr.status, ogr.stderr).toBe(0);
      expect(ogr.stdout).toContain(`Feature Count: ${summary.patches.count}`);
      expect(ogr.stdout).toContain('CGCS2000 / 3-degree Gauss-Kruger CM 120E');
    }
  });

  it('a bad input gives one stderr line with a code and the file name, exit 1', () => {
    const bad = join(dir, 'not-a-tiff.tif');
    writeFileSync(bad, 'hello, I am not a TIFF');
    const r = landwatch(['detect', bad, join(dir, 'demo', 'epoch-b.tif'), '--out', join(dir, 'bad'), '--mode', 'spectral']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^landwatch: E_RASTER_NOT_TIFF .*not-a-tiff\.tif/);
  });

  it('epochs on different grids are refused, naming each difference', () => {
    const r = landwatch(['detect', join(dir, 'demo', 'epoch-a.tif'), root + '../shared/data/real/taizhou/taizhou_2003.tif', '--out', join(dir, 'bad2')]);
    if (!existsSync(root + '../shared/data')) return;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/E_RASTER_ALIGN/);
    expect(r.stderr).toMatch(/size 400×400 ≠ 512×512/);
  });

  it('bad usage exits 2', () => {
    expect(landwatch(['detect', 'a.tif']).code).toBe(2);
    const r = landwatch(['detect', join(dir, 'demo', 'epoch-a.tif'), join(dir, 'demo', 'epoch-b.tif'), '--out', join(dir, 'x'), '--connectivity', '6']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/E_CLI_USAGE --connectivity must be one of 4, 8/);
  });

  it('jobs list/show read the job database without a server', () => {
    const db = join(dir, 'demo', 'run', 'landwatch.duckdb');
    const list = landwatch(['jobs', 'list', '--db', db, '--json']);
    expect(list.code, list.stderr).toBe(0);
    const jobs = JSON.parse(list.stdout) as { total: number; jobs: Array<{ id: string; status: string }> };
    expect(jobs.total).toBe(1);
    expect(jobs.jobs[0].status).toBe('successful');
    const show = landwatch(['jobs', 'show', jobs.jobs[0].id, '--db', db]);
    expect(show.stdout).toContain('successful');
  });

  it('re-running a finished detect recomputes nothing and reports the same summary', () => {
    const before = readFileSync(join(dir, 'demo', 'run', 'summary.json'), 'utf8');
    const again = landwatch(['detect', 'demo/epoch-a.tif', 'demo/epoch-b.tif', '--out', 'demo/run', '--json'], dir);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/already finished/);
    expect(JSON.parse(again.stdout)).toEqual(JSON.parse(before));
    expect(readFileSync(join(dir, 'demo', 'run', 'summary.json'), 'utf8')).toBe(before);
  });
});
