import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromFile } from 'geotiff';
import proj4 from 'proj4';
import { afterAll, describe, expect, it } from 'vitest';
import { crsFromGeoKeys, GEOKEY_IDS, type GeoKeys } from './crs-from-geokeys.ts';
import { VectorError } from './vector-error.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = path.resolve(repoRoot, '../shared/data');
const hasGdal = spawnSync('gdalinfo', ['--version']).status === 0;

async function geoKeysOf(file: string): Promise<GeoKeys> {
  const tiff = await fromFile(file);
  const image = await tiff.getImage();
  return image.getGeoKeys() as GeoKeys;
}

/** Max distance (m) between two proj4 definitions' projections of a lon/lat grid around (lon, lat). */
function maxDiff(defA: string, defB: string, lon: number, lat: number): number {
  const a = proj4('EPSG:4326', defA);
  const b = proj4('EPSG:4326', defB);
  let worst = 0;
  for (let i = -2; i <= 2; i++) {
    for (let j = -2; j <= 2; j++) {
      const p = [lon + i, lat + j];
      const [xa, ya] = a.forward(p);
      const [xb, yb] = b.forward(p);
      worst = Math.max(worst, Math.hypot(xa - xb, ya - yb));
    }
  }
  return worst;
}

describe.skipIf(!existsSync(dataDir))('crsFromGeoKeys on shared data', () => {
  it('New Guinea land cover: user-defined CEA → +proj=cea +lat_ts=5.5 +lon_0=140.8 +ellps=WGS84', async () => {
    const keys = await geoKeysOf(path.join(dataDir, 'real/newguinea_landcover/landcover_2001.tif'));
    const crs = crsFromGeoKeys(keys);
    expect(crs.epsg).toBeNull();
    expect(crs.geographic).toBe(false);
    expect(crs.proj4).toBe('+proj=cea +lat_ts=5.5 +lon_0=140.8 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs');
    // proj4js projects cea to NaN unless +x_0/+y_0 are explicit (which is why we always write them)
    expect(maxDiff(crs.proj4, '+proj=cea +lat_ts=5.5 +lon_0=140.8 +x_0=0 +y_0=0 +ellps=WGS84 +units=m', 141, -6)).toBeLessThan(1e-6);
  });

  it('Taizhou: EPSG:32651 wins over building from keys', async () => {
    const crs = crsFromGeoKeys(await geoKeysOf(path.join(dataDir, 'real/taizhou/taizhou_2000.tif')));
    expect(crs).toEqual({ epsg: 32651, proj4: '+proj=utm +zone=51 +datum=WGS84 +units=m +no_defs', geographic: false });
  });

  it('rgbsmall: geographic EPSG:4326', async () => {
    const crs = crsFromGeoKeys(await geoKeysOf(path.join(dataDir, 'gdal-autotest/tiff/rgbsmall.tif')));
    expect(crs.epsg).toBe(4326);
    expect(crs.geographic).toBe(true);
  });
});

describe('crsFromGeoKeys on key records', () => {
  it('reads id-keyed records (RasterGeo.geoKeys) like name-keyed ones', () => {
    const byId: GeoKeys = {
      [GEOKEY_IDS.GTModelTypeGeoKey]: 1,
      [GEOKEY_IDS.ProjectedCSTypeGeoKey]: 32767,
      [GEOKEY_IDS.ProjCoordTransGeoKey]: 1,
      [GEOKEY_IDS.GeogEllipsoidGeoKey]: 1024,
      [GEOKEY_IDS.ProjNatOriginLongGeoKey]: 117,
      [GEOKEY_IDS.ProjScaleAtNatOriginGeoKey]: 1,
      [GEOKEY_IDS.ProjFalseEastingGeoKey]: 500000,
      [GEOKEY_IDS.ProjLinearUnitsGeoKey]: 9001,
    };
    expect(crsFromGeoKeys(byId).proj4).toBe('+proj=tmerc +lat_0=0 +lon_0=117 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs');
  });

  it('converts false easting from feet to metres and keeps the unit', () => {
    const crs = crsFromGeoKeys({
      GTModelTypeGeoKey: 1,
      ProjCoordTransGeoKey: 1,
      GeographicTypeGeoKey: 4326,
      ProjNatOriginLongGeoKey: -120,
      ProjFalseEastingGeoKey: 1000,
      ProjLinearUnitsGeoKey: 9002,
    });
    expect(crs.proj4).toBe('+proj=tmerc +lat_0=0 +lon_0=-120 +k=1 +x_0=304.8 +y_0=0 +ellps=WGS84 +units=ft +no_defs');
  });

  it('builds user-defined geographic CRSs from the axes', () => {
    const crs = crsFromGeoKeys({ GTModelTypeGeoKey: 2, GeographicTypeGeoKey: 32767, GeogSemiMajorAxisGeoKey: 6378245, GeogInvFlatteningGeoKey: 298.3 });
    expect(crs).toEqual({ epsg: null, proj4: '+proj=longlat +ellps=krass +no_defs', geographic: true });
  });

  it('rejects an unsupported projection with E_VECTOR_CRS naming the file', () => {
    const run = () => crsFromGeoKeys({ GTModelTypeGeoKey: 1, ProjCoordTransGeoKey: 3, GeographicTypeGeoKey: 4326 }, 'x.tif');
    expect(run).toThrow(VectorError);
    expect(run).toThrow(/x\.tif: ProjCoordTransGeoKey 3/);
  });

  it('rejects projected keys without any projection or EPSG code', () => {
    expect(() => crsFromGeoKeys({ GTModelTypeGeoKey: 1, ProjectedCSTypeGeoKey: 32767 })).toThrow(/ProjCoordTransGeoKey/);
  });
});

// GDAL writes the GeoKeys for each method; we read them back and compare projections with the source string
describe.skipIf(!hasGdal || !existsSync(dataDir))('crsFromGeoKeys against GeoTIFFs written by GDAL', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'lw-geokeys-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const cases: Array<[string, string, number, number]> = [
    ['tmerc-cgcs2000', '+proj=tmerc +lat_0=0 +lon_0=117 +k=1 +x_0=39500000 +y_0=0 +ellps=GRS80 +units=m +no_defs', 117, 30],
    ['tmerc-scale', '+proj=tmerc +lat_0=10 +lon_0=105 +k=0.9996 +x_0=500000 +y_0=-100 +ellps=krass +units=m +no_defs', 105, 20],
    ['cea', '+proj=cea +lat_ts=30 +lon_0=110 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs', 110, 20],
    ['aea', '+proj=aea +lat_0=0 +lon_0=105 +lat_1=25 +lat_2=47 +x_0=0 +y_0=0 +ellps=krass +units=m +no_defs', 105, 35],
    ['lcc2', '+proj=lcc +lat_0=20 +lon_0=105 +lat_1=25 +lat_2=47 +x_0=100 +y_0=200 +ellps=GRS80 +units=m +no_defs', 105, 35],
    ['lcc1', '+proj=lcc +lat_1=30 +lat_0=30 +lon_0=105 +k_0=0.999 +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs', 105, 30],
    ['merc-a', '+proj=merc +lon_0=100 +k=0.99 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs', 100, 10],
    ['merc-b', '+proj=merc +lat_ts=20 +lon_0=100 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs', 100, 10],
    ['tmerc-ft', '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=152400 +y_0=0 +ellps=GRS80 +units=ft +no_defs', 120, 30],
  ];
  for (const [name, def, lon, lat] of cases) {
    it(`${name}: ${def}`, async () => {
      const out = path.join(work, `${name}.tif`);
      const r = spawnSync('gdal_translate', ['-q', '-a_srs', def, path.join(dataDir, 'gdal-autotest/tiff/byte.tif'), out]);
      expect(r.status, r.stderr.toString()).toBe(0);
      const crs = crsFromGeoKeys(await geoKeysOf(out), out);
      expect(crs.epsg).toBeNull();
      expect(maxDiff(crs.proj4, def, lon, lat)).toBeLessThan(1e-6);
    });
  }
});

// h18: older Chinese survey CRSs (Xian 1980, Beijing 1954 GK zones) and World Mercator, as GDAL writes them
// (an EPSG code only, no parameters): the definition must be GDAL's own
describe.skipIf(!hasGdal)('EPSG codes GDAL writes without parameters', () => {
  const codes = [2327, 2337, 2338, 2348, 2349, 2369, 2385, 2390, 2401, 2421, 2436, 2442, 21413, 21423, 21453, 21463, 4610, 4214, 3395];
  it.each(codes)('EPSG:%i equals gdalsrsinfo -o proj4', (code) => {
    const gdalDef = spawnSync('gdalsrsinfo', ['-o', 'proj4', `EPSG:${code}`], { encoding: 'utf8' }).stdout.trim().replace(/'/g, '');
    const ours = crsFromGeoKeys({ GTModelTypeGeoKey: code === 4610 || code === 4214 ? 2 : 1, [code === 4610 || code === 4214 ? 'GeographicTypeGeoKey' : 'ProjectedCSTypeGeoKey']: code });
    expect(ours.epsg).toBe(code);
    expect(new Set(ours.proj4.split(/\s+/))).toEqual(new Set(gdalDef.split(/\s+/)));
  });

  it('an EPSG code we do not know says how to fix the file', () => {
    expect(() => crsFromGeoKeys({ GTModelTypeGeoKey: 1, ProjectedCSTypeGeoKey: 6933 }, 'ease.tif')).toThrow(
      /ease\.tif: EPSG:6933 is not a supported projected CRS.*gdal_translate -a_srs "\$\(gdalsrsinfo -o proj4 EPSG:6933\)"/,
    );
  });
});
