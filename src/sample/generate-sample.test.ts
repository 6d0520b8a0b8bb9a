import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromFile } from 'geotiff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildScene } from './build-scene.ts';
import { generateSample } from './generate-sample.ts';
import { ringSignedArea } from './polygon-geometry.ts';
import { renderTile } from './render-tile.ts';
import type { SampleManifest, SampleResult } from './sample-types.ts';

const SIZE = 512;
const SEED = 5;
const hasGdal = spawnSync('gdalinfo', ['--version']).status === 0;

let root = '';
let first: SampleResult;
let second: SampleResult;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'landwatch-sample-'));
  first = await generateSample({ outDir: join(root, 'a'), size: SIZE, seed: SEED, tileSize: 256 });
  second = await generateSample({ outDir: join(root, 'b'), size: SIZE, seed: SEED, tileSize: 256 });
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

async function readBands(path: string): Promise<{ bands: ArrayLike<number>[]; image: Awaited<ReturnType<Awaited<ReturnType<typeof fromFile>>['getImage']>> }> {
  const tiff = await fromFile(path);
  const image = await tiff.getImage();
  const rasters = await image.readRasters();
  const bands: ArrayLike<number>[] = [];
  for (let b = 0; b < rasters.length; b++) bands.push(rasters[b] as ArrayLike<number>);
  return { bands, image };
}

type Position = [number, number];
interface Fc {
  type: string;
  crs?: unknown;
  features: Array<{ type: string; properties: Record<string, unknown>; geometry: { type: string; coordinates: Position[][] } }>;
}
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

describe('generateSample', () => {
  it('writes byte-identical files for the same seed and size', () => {
    expect(Object.keys(first.files).sort()).toEqual(Object.keys(second.files).sort());
    for (const name of Object.keys(first.files)) expect(sha(first.files[name]), name).toBe(sha(second.files[name]));
    expect(first.changes).toBe(first.manifest.changes.length);
  });

  it('writes rasters that read back as renderTile renders them', async () => {
    const scene = buildScene(SEED, SIZE);
    const tile = renderTile(scene, { x: 0, y: 0, width: SIZE, height: SIZE });
    const expected: Record<string, ArrayLike<number>[]> = {
      epochA: tile.imageA,
      epochB: tile.imageB,
      landuseA: [tile.landuseA],
      landuseB: [tile.landuseB],
      truth: [tile.truth],
    };
    for (const [name, want] of Object.entries(expected)) {
      const { bands, image } = await readBands(first.files[name]);
      expect(image.getWidth()).toBe(SIZE);
      expect(image.getTileWidth()).toBe(256);
      expect(image.getGeoKeys()?.ProjectedCSTypeGeoKey).toBe(4549);
      expect(image.getOrigin()).toEqual([480000, 3470000, 0]);
      expect(image.getResolution()).toEqual([2, -2, 0]);
      expect(image.getGDALNoData()).toBe(name.startsWith('epoch') ? 0 : 255);
      expect(bands.length).toBe(want.length);
      bands.forEach((band, b) => {
        let diff = 0;
        for (let i = 0; i < band.length; i++) if (band[i] !== want[b][i]) diff++;
        expect(diff, `${name} band ${b + 1}`).toBe(0);
      });
    }
  });

  it('writes truth.geojson and a manifest that agree with truth.tif', async () => {
    const manifest = readJson(first.files.manifest) as SampleManifest;
    const truth = readJson(first.files.truthGeojson) as Fc;
    expect(manifest.seed).toBe(SEED);
    expect(manifest.epsg).toBe(4549);
    expect(truth.features.length).toBe(manifest.changes.length);
    const { bands } = await readBands(first.files.truth);
    const perCode = new Map<number, number>();
    for (let i = 0; i < bands[0].length; i++) {
      const v = bands[0][i];
      if (v !== 0 && v !== 255) perCode.set(v, (perCode.get(v) ?? 0) + 1);
    }
    const expectedPerCode = new Map<number, number>();
    truth.features.forEach((f, k) => {
      const m = manifest.changes[k];
      expect(f.properties.id).toBe(m.id);
      for (const key of ['from', 'to', 'code', 'kind', 'area_m2', 'legal', 'expected_rules'] as const) expect(f.properties[key]).toEqual(m[key]);
      expect(Math.abs(m.pixels * 4 - m.area_m2) / m.area_m2).toBeLessThan(0.15);
      expectedPerCode.set(m.code, (expectedPerCode.get(m.code) ?? 0) + m.pixels);
    });
    expect(perCode).toEqual(expectedPerCode);
  });

  it('writes RFC 7946 polygons in lon/lat near 120°E 31°N for truth and every layer', () => {
    const names = ['truthGeojson', 'basicFarmland', 'ecologicalRedline', 'growthBoundary', 'landApprovals', 'landSupply'];
    for (const name of names) {
      const fc = readJson(first.files[name]) as Fc;
      expect(fc.type).toBe('FeatureCollection');
      expect(fc.crs).toBeUndefined();
      if (name !== 'landSupply') expect(fc.features.length, name).toBeGreaterThan(0);
      for (const f of fc.features) {
        expect(f.type).toBe('Feature');
        expect(f.geometry.type).toBe('Polygon');
        f.geometry.coordinates.forEach((ring, k) => {
          expect(ring.length).toBeGreaterThanOrEqual(4);
          expect(ring[0]).toEqual(ring[ring.length - 1]);
          for (const [lon, lat] of ring) {
            expect(lon).toBeGreaterThan(119.7);
            expect(lon).toBeLessThan(119.9);
            expect(lat).toBeGreaterThan(31.2);
            expect(lat).toBeLessThan(31.4);
          }
          const flat = ring.slice(0, -1).flat();
          expect(ringSignedArea(flat) > 0, `${name} ring ${k} winding`).toBe(k === 0);
        });
      }
    }
    const approvals = readJson(first.files.landApprovals) as Fc;
    for (const f of approvals.features) {
      expect(typeof f.properties.approval_id).toBe('string');
      expect(typeof f.properties.approved_area_m2).toBe('number');
      expect(typeof f.properties.year).toBe('number');
      expect(typeof f.properties.purpose).toBe('string');
    }
  });

  it.skipIf(!hasGdal)('is read by GDAL as the same grid and features (oracle)', () => {
    const info = JSON.parse(spawnSync('gdalinfo', ['-json', first.files.epochB], { encoding: 'utf8' }).stdout) as {
      size: number[];
      bands: Array<{ type: string; noDataValue: number }>;
      coordinateSystem: { wkt: string };
      geoTransform: number[];
    };
    expect(info.size).toEqual([SIZE, SIZE]);
    expect(info.bands.map((b) => b.type)).toEqual(['UInt16', 'UInt16', 'UInt16', 'UInt16']);
    expect(info.bands[0].noDataValue).toBe(0);
    expect(info.coordinateSystem.wkt).toContain('ID["EPSG",4549]');
    expect(info.geoTransform).toEqual([480000, 2, 0, 3470000, 0, -2]);
    const ogr = spawnSync('ogrinfo', ['-ro', '-so', '-al', first.files.truthGeojson], { encoding: 'utf8' }).stdout;
    expect(ogr).toContain(`Feature Count: ${first.changes}`);
  });
});
