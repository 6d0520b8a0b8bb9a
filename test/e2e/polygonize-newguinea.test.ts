/**
 * Real raster: the New Guinea change mask (1024², nodata 255) against GDAL 3.6.2's DN=1 goldens, and the
 * DESIGN invariant that tile size (64, 256, 512, 777, whole) does not change a single byte of the output.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { fromFile } from 'geotiff';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClassRaster } from '../../src/kernels/label-tile-input.ts';
import { polygonizeRaster } from '../../src/vector/polygon-tiled.ts';
import { canonicalSet, exactText } from './polygonize-oracle.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = path.resolve(repoRoot, '../shared/data');
const site = path.join(dataDir, 'real/newguinea_landcover');

interface GoldenFeature {
  properties: { DN: number };
  geometry: { type: string; coordinates: number[][][] };
}

function readGolden(conn: 4 | 8): GoldenFeature[] {
  const text = gunzipSync(readFileSync(path.join(site, `golden/change_polygons_dn1_${conn}conn_gdal362.geojson.gz`))).toString('utf8');
  const doc: unknown = JSON.parse(text);
  if (typeof doc !== 'object' || doc === null || !Array.isArray((doc as { features?: unknown }).features)) {
    throw new Error('golden: not a FeatureCollection');
  }
  const features = (doc as { features: GoldenFeature[] }).features;
  for (const f of features) if (f.geometry.type !== 'Polygon') throw new Error(`golden: unexpected ${f.geometry.type}`);
  return features;
}

describe.skipIf(!existsSync(dataDir))('polygonize the New Guinea change mask', () => {
  let raster: ClassRaster;
  let gt: [number, number, number, number];

  beforeAll(async () => {
    const tiff = await fromFile(path.join(site, 'change_mask_2001_2015.tif'));
    const img = await tiff.getImage();
    const band = (await img.readRasters({ samples: [0] }))[0];
    if (typeof band === 'number') throw new Error('unexpected raster shape');
    const values = Int32Array.from(band as ArrayLike<number>);
    const valid = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i++) valid[i] = values[i] === 255 ? 0 : 1;
    raster = { values, valid, width: img.getWidth(), height: img.getHeight() };
    const [ox, oy] = img.getOrigin();
    const [rx, ry] = img.getResolution();
    gt = [ox, oy, rx, ry];
  });

  it.each([
    { conn: 4 as const, polygons: 4679, holes: 174 },
    { conn: 8 as const, polygons: 3737, holes: 235 },
  ])('matches GDAL 3.6.2 for DN=1, $conn-connected, and is tile-size invariant', ({ conn, polygons, holes }) => {
    const whole = polygonizeRaster(raster, { connectivity: conn });
    const dn1 = whole.filter((p) => p.value === 1);
    expect(dn1.length).toBe(polygons);
    expect(dn1.reduce((a, p) => a + p.rings.length - 1, 0)).toBe(holes);

    const [ox, oy, rx, ry] = gt;
    const gdal = readGolden(conn).map((f) => ({
      value: f.properties.DN,
      rings: f.geometry.coordinates.map((ring) => ring.flatMap(([x, y]) => [Math.round((x - ox) / rx), Math.round((y - oy) / ry)])),
    }));
    expect(gdal.length).toBe(polygons);
    expect(canonicalSet(dn1)).toEqual(canonicalSet(gdal));

    const ref = exactText(whole);
    for (const ts of [64, 256, 512, 777]) {
      expect(exactText(polygonizeRaster(raster, { connectivity: conn, tileSizePx: ts })) === ref, `tile ${ts}`).toBe(true);
    }
  });
});
