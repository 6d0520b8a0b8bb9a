import { describe, expect, it } from 'vitest';
import type { GeoTransform } from '../raster/raster-types.ts';
import { ringSignedArea } from './area-planar.ts';
import { crsRef } from './crs.ts';
import { buildPatchRecord, canonicalIdRing, patchId } from './patch-record.ts';
import { pixelRingsToNative } from './pixel-rings-to-native.ts';

// 3×2 pixel block at (1,1) as pixel corners, clockwise on screen (y down), and a 1×1 ring inside it
// wound the other way (a hole only for the measures)
const ext = Int32Array.of(1, 1, 4, 1, 4, 3, 1, 3, 1, 1);
const hole = Int32Array.of(2, 2, 2, 3, 3, 3, 3, 2, 2, 2);

const gk: GeoTransform = [39_500_000, 10, 0, 3_400_000, 0, -10];

describe('pixelRingsToNative', () => {
  it('maps through the affine and makes the exterior CCW and holes CW in map space', () => {
    const [e, h] = pixelRingsToNative([ext, hole], gk);
    expect(Array.from(e.subarray(0, 4))).toEqual([39_500_010, 3_399_990, 39_500_010, 3_399_970]);
    expect(ringSignedArea(e)).toBe(600);
    expect(ringSignedArea(h)).toBe(-100);
    expect([e[0], e[1]]).toEqual([e[e.length - 2], e[e.length - 1]]);
  });

  it('keeps orientation for a south-up raster (pixelHeight > 0) and closes open rings', () => {
    const [e] = pixelRingsToNative([Int32Array.of(0, 0, 2, 0, 2, 2, 0, 2)], [0, 1, 0, 0, 0, 1]);
    expect(e.length).toBe(10);
    expect(ringSignedArea(e)).toBe(4);
    expect(Array.from(e)).toEqual([0, 0, 2, 0, 2, 2, 0, 2, 0, 0]);
  });

  it('rejects a ring with fewer than 3 vertices', () => {
    expect(() => pixelRingsToNative([Int32Array.of(0, 0, 1, 1)], gk)).toThrow(/at least 3 vertices/);
  });
});

describe('patchId', () => {
  const ringA = Int32Array.of(0, 0, 3, 0, 3, 2, 0, 2, 0, 0);

  it('is 16 hex chars and depends on the job id', () => {
    expect(patchId('job-1', [ringA])).toMatch(/^[0-9a-f]{16}$/);
    expect(patchId('job-1', [ringA])).not.toBe(patchId('job-2', [ringA]));
  });

  it('ignores start vertex, orientation, closing vertex and collinear vertices (tile seams)', () => {
    const id = patchId('j', [ringA]);
    expect(patchId('j', [Int32Array.of(3, 2, 0, 2, 0, 0, 3, 0)])).toBe(id); // rotated, open
    expect(patchId('j', [Int32Array.of(0, 0, 0, 2, 3, 2, 3, 0, 0, 0)])).toBe(id); // reversed
    expect(patchId('j', [Int32Array.of(0, 0, 2, 0, 3, 0, 3, 1, 3, 2, 0, 2, 0, 0)])).toBe(id); // split edges
    expect(patchId('j', [Int32Array.of(0, 0, 3, 0, 3, 3, 0, 3, 0, 0)])).not.toBe(id);
  });

  it('ignores hole order', () => {
    const outer = Int32Array.of(0, 0, 9, 0, 9, 9, 0, 9, 0, 0);
    const h1 = Int32Array.of(1, 1, 1, 2, 2, 2, 2, 1, 1, 1);
    const h2 = Int32Array.of(5, 5, 5, 6, 6, 6, 6, 5, 5, 5);
    expect(patchId('j', [outer, h1, h2])).toBe(patchId('j', [outer, h2, h1]));
    expect(patchId('j', [outer, h1, h2])).not.toBe(patchId('j', [outer, h1]));
  });

  it('canonicalIdRing starts at the smallest (row, col), exterior positive in pixel space', () => {
    expect(Array.from(canonicalIdRing(Int32Array.of(3, 2, 0, 2, 0, 0, 3, 0), true))).toEqual([0, 0, 3, 0, 3, 2, 0, 2]);
    expect(Array.from(canonicalIdRing(Int32Array.of(3, 2, 0, 2, 0, 0, 3, 0), false))).toEqual([0, 0, 0, 2, 3, 2, 3, 0]);
  });
});

describe('buildPatchRecord', () => {
  it('GK CM 120E (EPSG:4549): exact planar area, centroid, bbox, lon/lat', () => {
    const crs = crsRef(4549);
    const outer = Int32Array.of(0, 0, 100, 0, 100, 100, 0, 100, 0, 0);
    const inner = Int32Array.of(10, 10, 10, 20, 20, 20, 20, 10, 10, 10);
    const rec = buildPatchRecord(
      { code: 20, value: 103, fromClass: 1, toClass: 5, pixelRings: [outer, inner], properties: { tile: '0,0' } },
      { jobId: 'job', geoTransform: [500_000, 10, 0, 3_400_000, 0, -10], crs },
    );
    expect(rec.areaM2).toBe(1e6 - 1e4);
    expect(rec.pixelCount).toBe(9900);
    expect(rec.perimeterM).toBe(4000 + 400);
    expect(rec.bbox).toEqual([500_000, 3_399_000, 501_000, 3_400_000]);
    // centroid: (1e6·(500500, 3399500) − 1e4·(500150, 3399850)) / 990000
    expect(rec.centroid[0]).toBeCloseTo((1e6 * 500_500 - 1e4 * 500_150) / 990_000, 6);
    expect(rec.centroid[1]).toBeCloseTo((1e6 * 3_399_500 - 1e4 * 3_399_850) / 990_000, 6);
    expect(rec.centroidLonLat[0]).toBeCloseTo(120.005, 2);
    expect(rec.centroidLonLat[1]).toBeCloseTo(30.72, 1);
    expect(rec.bboxLonLat[0]).toBeCloseTo(120, 6);
    // near the central meridian k ≈ 1: ellipsoidal within 1e-6 of planar
    expect(Math.abs(rec.areaEllipsoidM2 - rec.areaM2) / rec.areaM2).toBeLessThan(1e-6);
    expect(rec.meanMagnitude).toBeNull();
    expect(rec.properties).toEqual({ tile: '0,0' });
    expect(rec.rings[0].length).toBe(10);
    expect(ringSignedArea(rec.rings[0])).toBeGreaterThan(0);
    expect(rec.id).toBe(patchId('job', [outer, inner]));
  });

  it('geographic CRS (EPSG:4490): areaM2 is the ellipsoidal area', () => {
    const rec = buildPatchRecord(
      { code: 1, value: 1, pixelRings: [Int32Array.of(0, 0, 10, 0, 10, 10, 0, 10, 0, 0)] },
      { jobId: 'j', geoTransform: [120, 0.001, 0, 31, 0, -0.001], crs: crsRef(4490) },
    );
    expect(rec.areaM2).toBe(rec.areaEllipsoidM2);
    // 0.01° × 0.01° at ~31°N ≈ 1113 m × 954 m
    expect(rec.areaM2).toBeGreaterThan(1.05e6);
    expect(rec.areaM2).toBeLessThan(1.07e6);
    expect(rec.centroidLonLat).toEqual(rec.centroid);
    expect(rec.perimeterM).toBeGreaterThan(4000);
  });
});

describe('buildPatchRecord in Web Mercator (h18: unseen CRSs)', () => {
  // 100×100 px of 35.59 m at Taizhou (32.5°N), as gdalwarp -t_srs EPSG:3857 makes them
  const merc: GeoTransform = [13_340_000, 35.59, 0, 3_830_000, 0, -35.59];
  const square = Int32Array.of(0, 0, 100, 0, 100, 100, 0, 100, 0, 0);

  it('area_m2 is the ellipsoidal area, not the planar one inflated by 1/cos²φ', () => {
    const rec = buildPatchRecord({ code: 9, value: 90000, pixelRings: [square] }, { jobId: 'merc', geoTransform: merc, crs: crsRef(3857) });
    const planar = 100 * 100 * 35.59 * 35.59;
    expect(rec.areaM2).toBe(rec.areaEllipsoidM2);
    // cos²(32.5°) ≈ 0.711: the ground area is ~71 % of the planar Mercator area
    expect(rec.areaM2 / planar).toBeGreaterThan(0.7);
    expect(rec.areaM2 / planar).toBeLessThan(0.72);
    expect(rec.perimeterM).toBeLessThan(4 * 100 * 35.59 * 0.86);
  });

  it('a projected CRS that keeps areas (GK) still reports the exact planar area', () => {
    const rec = buildPatchRecord({ code: 9, value: 90000, pixelRings: [square] }, { jobId: 'gk', geoTransform: gk, crs: crsRef(4527) });
    expect(rec.areaM2).toBe(100 * 100 * 100);
  });
});
