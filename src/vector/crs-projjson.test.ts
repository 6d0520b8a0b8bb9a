import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { crsName, crsRef, type CrsRef } from './crs.ts';
import { crsToProjJson } from './crs-projjson.ts';

const hasGdal = spawnSync('gdalsrsinfo', ['--version']).status === 0;

function gdalProj4(input: string): string {
  const r = spawnSync('gdalsrsinfo', ['-o', 'proj4', input]);
  expect(r.status, r.stderr.toString()).toBe(0);
  return r.stdout.toString().trim();
}

describe('crsToProjJson', () => {
  it('carries the EPSG id, name and GK axis order for EPSG:4549', () => {
    const j = crsToProjJson(crsRef(4549)) as Record<string, any>;
    expect(j.type).toBe('ProjectedCRS');
    expect(j.id).toEqual({ authority: 'EPSG', code: 4549 });
    expect(j.name).toBe('CGCS2000 / 3-degree Gauss-Kruger CM 120E');
    expect(j.base_crs.id).toEqual({ authority: 'EPSG', code: 4490 });
    expect(j.coordinate_system.axis[0].direction).toBe('north');
  });

  it('returns null for a projection it cannot describe', () => {
    expect(crsToProjJson({ epsg: null, proj4: '+proj=robin +lon_0=0 +ellps=WGS84 +units=m' })).toBeNull();
  });

  // GDAL/PROJ parses our PROJJSON back to the same proj4 definition as the EPSG code (or source string)
  const cases: Array<[CrsRef, string | null]> = [
    ...[4549, 4490, 4326, 32651, 32751, 4491, 4502, 4513, 26912, 26711, 3857].map((e): [CrsRef, string | null] => [crsRef(e), `EPSG:${e}`]),
    ...[
      '+proj=cea +lat_ts=5.5 +lon_0=140.8 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs',
      '+proj=aea +lat_0=0 +lon_0=105 +lat_1=25 +lat_2=47 +x_0=0 +y_0=0 +ellps=krass +units=m +no_defs',
      '+proj=lcc +lat_0=0 +lon_0=105 +lat_1=25 +lat_2=47 +x_0=1000 +y_0=0 +ellps=IAU76 +units=ft +no_defs',
      '+proj=lcc +lat_1=30 +lat_0=30 +lon_0=105 +k_0=0.999 +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs',
      '+proj=merc +lat_ts=20 +lon_0=100 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs',
      '+proj=merc +lon_0=100 +k=0.99 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs',
      '+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80 +units=m +no_defs',
      '+proj=tmerc +lat_0=0 +lon_0=117 +k=1 +x_0=500000 +y_0=0 +ellps=IAU76 +units=m +no_defs',
      '+proj=longlat +ellps=krass +no_defs',
    ].map((d): [CrsRef, string | null] => [{ epsg: null, proj4: d }, null]),
  ];
  for (const [crs, oracle] of cases) {
    it.skipIf(!hasGdal)(`round-trips through gdalsrsinfo: ${oracle ?? crs.proj4}`, () => {
      const json = crsToProjJson(crs);
      expect(json).not.toBeNull();
      const expected = oracle === null ? crs.proj4 : gdalProj4(oracle);
      expect(gdalProj4(JSON.stringify(json))).toBe(expected);
    });
  }
});

describe('crsName', () => {
  it('names the CGCS2000 and UTM families, null for unknown codes', () => {
    expect(crsName(4549)).toBe('CGCS2000 / 3-degree Gauss-Kruger CM 120E');
    expect(crsName(4513)).toBe('CGCS2000 / 3-degree Gauss-Kruger zone 25');
    expect(crsName(4491)).toBe('CGCS2000 / Gauss-Kruger zone 13');
    expect(crsName(32651)).toBe('WGS 84 / UTM zone 51N');
    expect(crsName(2000)).toBeNull();
  });

  it.skipIf(!hasGdal)('matches the EPSG database names GDAL reports', () => {
    for (const e of [4490, 4326, 3857, 4491, 4501, 4502, 4512, 4513, 4533, 4534, 4554, 32601, 32760, 26923, 26722]) {
      const r = spawnSync('gdalsrsinfo', ['-o', 'wkt2', `EPSG:${e}`]);
      const name = /^\w+\["([^"]+)"/m.exec(r.stdout.toString())?.[1];
      expect(crsName(e), `EPSG:${e}`).toBe(name);
    }
  });
});
