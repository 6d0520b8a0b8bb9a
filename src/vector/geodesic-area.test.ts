import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { polygonArea } from './area-planar.ts';
import { crsRef } from './crs.ts';
import { densifyRingToLonLat, ellipsoidalArea, geodesicRingArea, GRS80, scenePixelAreaM2 } from './geodesic-area.ts';

const hasGdal = spawnSync('ogr2ogr', ['--version']).status === 0;
const work = mkdtempSync(path.join(tmpdir(), 'lw-geodesic-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Closed-form area of the ellipsoid band λ1..λ2 × φ1..φ2 (Snyder's authalic q): A = Δλ·a²/2·[q(φ2) − q(φ1)]. */
function authalicCellArea(lon1: number, lon2: number, lat1: number, lat2: number): number {
  const { a, f } = GRS80;
  const e2 = f * (2 - f);
  const e = Math.sqrt(e2);
  const q = (deg: number): number => {
    const s = Math.sin((deg * Math.PI) / 180);
    return (1 - e2) * (s / (1 - e2 * s * s) - (1 / (2 * e)) * Math.log((1 - e * s) / (1 + e * s)));
  };
  return (((lon2 - lon1) * Math.PI) / 180) * (a * a / 2) * (q(lat2) - q(lat1));
}

const rect = (x0: number, y0: number, x1: number, y1: number): Float64Array => Float64Array.of(x0, y0, x1, y0, x1, y1, x0, y1, x0, y0);

describe('ellipsoidalArea', () => {
  it('1°×1° cell at 30°N (CGCS2000) equals the authalic closed form within 0.01 %', () => {
    const expected = authalicCellArea(120, 121, 30, 31);
    const got = ellipsoidalArea([rect(120, 30, 121, 31)], crsRef(4490)).areaM2;
    expect(Math.abs(got - expected) / expected).toBeLessThan(1e-4);
    // densified along the parallels the agreement is far tighter than the brief asks
    expect(Math.abs(got - expected) / expected).toBeLessThan(1e-7);
  });

  it('needs the densification: four geodesic corners alone miss the parallel edges', () => {
    // each parallel edge is off by ~0.06 % of the cell; top and bottom mostly cancel in a rectangle
    const expected = authalicCellArea(120, 121, 30, 31);
    const coarse = ellipsoidalArea([rect(120, 30, 121, 31)], crsRef(4490), 1e9).areaM2;
    const dense = ellipsoidalArea([rect(120, 30, 121, 31)], crsRef(4490)).areaM2;
    expect(Math.abs(coarse - expected)).toBeGreaterThan(20 * Math.abs(dense - expected));
  });

  it('subtracts holes', () => {
    const ext = rect(120, 30, 121, 31);
    const hole = Float64Array.of(120.25, 30.25, 120.25, 30.75, 120.75, 30.75, 120.75, 30.25, 120.25, 30.25);
    const got = ellipsoidalArea([ext, hole], crsRef(4490)).areaM2;
    const expected = authalicCellArea(120, 121, 30, 31) - authalicCellArea(120.25, 120.75, 30.25, 30.75);
    expect(Math.abs(got - expected) / expected).toBeLessThan(1e-7);
  });

  // TM point scale factor k ≈ 1 + x²/(2ρν) + x⁴/(24ρ²ν²) (x from the central meridian); area scale is k²
  function tmAreaScale(xM: number, latDeg: number): number {
    const { a, f } = GRS80;
    const e2 = f * (2 - f);
    const s = Math.sin((latDeg * Math.PI) / 180);
    const w = 1 - e2 * s * s;
    const rhoNu = (a * a * (1 - e2)) / (w * w);
    const k = 1 + (xM * xM) / (2 * rhoNu) + xM ** 4 / (24 * rhoNu * rhoNu);
    return k * k;
  }

  for (const [label, x0] of [
    ['at the central meridian', 499_500],
    ['150 km east of it', 650_000],
  ] as const) {
    it(`EPSG:4549 1 km square ${label}: planar / k² within 0.01 %`, () => {
      const ring = rect(x0, 3_320_000, x0 + 1000, 3_321_000);
      const planar = polygonArea([ring]);
      expect(planar).toBe(1e6);
      const got = ellipsoidalArea([ring], crsRef(4549)).areaM2;
      const expected = planar / tmAreaScale(x0 + 500 - 500_000, 30.0);
      expect(Math.abs(got - expected) / expected).toBeLessThan(1e-4);
    });
  }

  it.skipIf(!hasGdal)('EPSG:4549 squares agree with ogr2ogr -segmentize + spatialite ST_Area(geometry, 1) within 0.01 %', () => {
    const squares = [rect(499_500, 3_320_000, 500_500, 3_321_000), rect(650_000, 3_320_000, 651_000, 3_321_000)];
    const csv = path.join(work, 'sq.csv');
    writeFileSync(csv, `WKT,n\n${squares.map((r, i) => `"POLYGON((${Array.from({ length: 5 }, (_, k) => `${r[2 * k]} ${r[2 * k + 1]}`).join(',')}))",${i}`).join('\n')}\n`);
    const ll = path.join(work, 'sq.geojson');
    const conv = spawnSync('ogr2ogr', ['-f', 'GeoJSON', '-s_srs', 'EPSG:4549', '-t_srs', 'EPSG:4490', '-segmentize', '50', ll, csv]);
    expect(conv.status, conv.stderr.toString()).toBe(0);
    const q = spawnSync('ogrinfo', ['-q', '-dialect', 'sqlite', '-sql', 'SELECT n, ST_Area(geometry, 1) AS a FROM sq', ll]);
    expect(q.status, q.stderr.toString()).toBe(0);
    const areas = [...q.stdout.toString().matchAll(/a \(Real\) = ([\d.eE+-]+)/g)].map((m) => Number(m[1]));
    expect(areas).toHaveLength(2);
    squares.forEach((ring, i) => {
      const got = ellipsoidalArea([ring], crsRef(4549)).areaM2;
      expect(Math.abs(got - areas[i]) / areas[i]).toBeLessThan(1e-4);
    });
    expect(readFileSync(ll, 'utf8')).toContain('Polygon');
  });

  it('CEA is equal-area: the ellipsoidal area of a New Guinea pixel block equals its planar area', () => {
    const cea = { epsg: null, proj4: '+proj=cea +lat_ts=5.5 +lon_0=140.8 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs' };
    const ring = rect(-93276.1, -729756.5 - 3000, -93276.1 + 3000, -729756.5);
    const got = ellipsoidalArea([ring], cea).areaM2;
    expect(Math.abs(got - 9e6) / 9e6).toBeLessThan(1e-6);
  });
});

describe('geodesicRingArea', () => {
  it('is signed: counter-clockwise positive', () => {
    const ccw = geodesicRingArea(rect(120, 30, 120.01, 30.01)).areaM2;
    const cw = geodesicRingArea(Float64Array.of(120, 30, 120, 30.01, 120.01, 30.01, 120.01, 30, 120, 30)).areaM2;
    expect(ccw).toBeGreaterThan(0);
    expect(cw).toBeCloseTo(-ccw, 3);
  });
});

describe('densifyRingToLonLat', () => {
  it('cuts long edges and keeps short ones, output closed', () => {
    const ident = (x: number, y: number): [number, number] => [x, y];
    const d = densifyRingToLonLat(rect(0, 0, 250, 50), ident, 100);
    // edges 250 → 3 pieces, 50 → 1 piece: 3+1+3+1 = 8 points + closing
    expect(d.length / 2).toBe(9);
    expect([d[0], d[1]]).toEqual([d[16], d[17]]);
    expect(Array.from(d.subarray(0, 8))).toEqual([0, 0, 250 / 3, 0, 500 / 3, 0, 250, 0]);
  });

  it('measures geographic edges in metres: 0.01° of latitude (~1.1 km) at 100 m → 12 pieces', () => {
    const d = densifyRingToLonLat(Float64Array.of(120, 30, 120, 30.01, 119.9999, 30.01), null, 100);
    expect(d.length / 2).toBe(12 + 1 + 12 + 1);
  });
});

describe('scenePixelAreaM2', () => {
  it('is |det| of the geotransform for a projected CRS that keeps areas', () => {
    expect(scenePixelAreaM2([500000, 30, 0, 3600000, 0, -30], crsRef(4549), 400)).toBe(900);
  });

  it('is m² on the ellipsoid for a geographic grid (not deg²) and for Web Mercator (not inflated)', () => {
    // ~30 m pixels at 32.5°N, from gdalwarp of the Taizhou pair
    const geo = scenePixelAreaM2([119.84, 0.000297073, 0, 32.545, 0, -0.000297073], crsRef(4490), 374);
    expect(geo).toBeGreaterThan(900);
    expect(geo).toBeLessThan(940);
    const merc = scenePixelAreaM2([13_340_000, 35.59, 0, 3_830_000, 0, -35.59], crsRef(3857), 412);
    expect(merc).toBeGreaterThan(890);
    expect(merc).toBeLessThan(910);
  });
});
