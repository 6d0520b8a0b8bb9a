import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { decodeWkb, encodeWkb, encodeWkbPolygon } from './wkb.ts';
import { formatNumber, toWkt } from './wkt.ts';

const hasOgr = spawnSync('ogrinfo', ['--version']).status === 0;

const ext = Float64Array.of(500000, 3320000, 500030, 3320000, 500030, 3320030, 500000, 3320030, 500000, 3320000);
const hole = Float64Array.of(500010, 3320010, 500010, 3320020, 500020, 3320020, 500020, 3320010, 500010, 3320010);
const other = Float64Array.of(0.5, 0.5, 1.5, 0.5, 1.5, 1.5); // open ring

function spatialite(sql: string): string {
  const r = spawnSync('ogrinfo', ['-q', ':memory:', '-dialect', 'sqlite', '-sql', sql]);
  expect(r.status, r.stderr.toString()).toBe(0);
  return r.stdout.toString();
}

describe('encodeWkb', () => {
  it('writes a little-endian Polygon with the expected layout', () => {
    const wkb = encodeWkbPolygon([ext, hole]);
    expect(wkb.length).toBe(9 + 2 * (4 + 5 * 16));
    const v = new DataView(wkb.buffer);
    expect(v.getUint8(0)).toBe(1);
    expect(v.getUint32(1, true)).toBe(3);
    expect(v.getUint32(5, true)).toBe(2);
    expect(v.getUint32(9, true)).toBe(5);
    expect(v.getFloat64(13, true)).toBe(500000);
  });

  it('round-trips Polygon and MultiPolygon, closing open rings', () => {
    expect(decodeWkb(encodeWkb([[ext, hole]]))).toEqual([[ext, hole]]);
    const multi = decodeWkb(encodeWkb([[ext, hole], [other]]));
    expect(multi).toHaveLength(2);
    expect(Array.from(multi[1][0])).toEqual([0.5, 0.5, 1.5, 0.5, 1.5, 1.5, 0.5, 0.5]);
  });

  it('rejects truncated input with E_VECTOR_GEOMETRY', () => {
    const wkb = encodeWkbPolygon([ext]);
    expect(() => decodeWkb(wkb.subarray(0, 40))).toThrow(/truncated ring/);
  });

  it.skipIf(!hasOgr)('is read by spatialite: valid, area with hole', () => {
    const hex = Buffer.from(encodeWkb([[ext, hole]])).toString('hex');
    const out = spatialite(`SELECT ST_Area(ST_GeomFromWKB(X'${hex}')) AS a, ST_IsValid(ST_GeomFromWKB(X'${hex}')) AS v, GeometryType(ST_GeomFromWKB(X'${hex}')) AS t`);
    expect(out).toMatch(/a \(Real\) = 800\b/);
    expect(out).toMatch(/v \(Integer\) = 1/);
    expect(out).toMatch(/t \(String\) = POLYGON/);
    const hexMulti = Buffer.from(encodeWkb([[ext, hole], [other]])).toString('hex');
    expect(spatialite(`SELECT ST_NumGeometries(ST_GeomFromWKB(X'${hexMulti}')) AS n`)).toMatch(/n \(Integer\) = 2/);
  });
});

describe('toWkt', () => {
  it('writes POLYGON and MULTIPOLYGON', () => {
    expect(toWkt([other])).toBe('POLYGON ((0.5 0.5, 1.5 0.5, 1.5 1.5, 0.5 0.5))');
    expect(toWkt([[other], [other]])).toBe('MULTIPOLYGON (((0.5 0.5, 1.5 0.5, 1.5 1.5, 0.5 0.5)), ((0.5 0.5, 1.5 0.5, 1.5 1.5, 0.5 0.5)))');
    expect(toWkt([[other]])).toBe(toWkt([other]));
  });

  it('never uses exponent notation and rounds on request', () => {
    expect(formatNumber(1e-7)).toBe('0.0000001');
    expect(formatNumber(120.1234567891234, 9)).toBe('120.123456789');
    expect(formatNumber(-1e-12, 9)).toBe('0');
  });

  it.skipIf(!hasOgr)('is read by spatialite with the same area as our WKB', () => {
    const out = spatialite(`SELECT ST_Area(ST_GeomFromText('${toWkt([ext, hole])}')) AS a`);
    expect(out).toMatch(/a \(Real\) = 800\b/);
  });
});
