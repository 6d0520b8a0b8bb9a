import { describe, expect, it } from 'vitest';
import { polygonArea } from '../vector/area-planar.ts';
import { crsRef } from '../vector/crs.ts';
import { ellipsoidalArea } from '../vector/geodesic-area.ts';
import { ringsToFrame, toFrame, workFrame } from './work-frame.ts';

describe('workFrame', () => {
  it('measures in the patch CRS where its planar areas are ground areas (GK, UTM)', () => {
    for (const epsg of [4549, 32651]) expect(workFrame(crsRef(epsg), [120, 30])).toEqual({ proj4: crsRef(epsg).proj4, native: true });
  });

  it('measures lon/lat and Mercator patches in an equal-area frame: overlap areas are ground m² there', () => {
    expect(workFrame(crsRef(4490), [120, 30]).native).toBe(false);
    const merc = crsRef(3857);
    const frame = workFrame(merc, [120, 30]);
    expect(frame.native).toBe(false);
    // a 2 km × 2 km (in Mercator metres) square near 30°N: planar Mercator area is inflated by ~1/cos²φ
    const x0 = 13358338.9;
    const y0 = 3503549.8;
    const ring = Float64Array.of(x0, y0, x0 + 2000, y0, x0 + 2000, y0 + 2000, x0, y0 + 2000, x0, y0);
    const inFrame = polygonArea(ringsToFrame([ring], toFrame(merc.proj4, frame)));
    const ellipsoidal = ellipsoidalArea([ring], merc, 10).areaM2;
    expect(polygonArea([ring]) / ellipsoidal).toBeGreaterThan(1.3);
    expect(Math.abs(inFrame / ellipsoidal - 1)).toBeLessThan(1e-4);
  });
});
