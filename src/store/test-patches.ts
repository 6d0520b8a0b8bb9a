import { mulberry32 } from '../util/prng.ts';
import type { PatchRow } from './patch-row.ts';

/**
 * Test-only: seeded synthetic patches, small squares scattered over lon 100–110°, lat 20–30°, with native
 * coordinates that are a simple affine of lon/lat. Even ones carry `rings` (the store encodes the WKB), odd
 * ones a precomputed `wkb` of the same square.
 */
export const TEST_CODES = [1, 2, 3, 5, 20, 21, 60] as const;

export function testPatches(n: number, seed = 42, idPrefix = 'p'): PatchRow[] {
  const rand = mulberry32(seed);
  const out: PatchRow[] = [];
  for (let i = 0; i < n; i++) {
    const lon = 100 + rand() * 10;
    const lat = 20 + rand() * 10;
    const size = 0.0005 + rand() * 0.01;
    const code = TEST_CODES[Math.floor(rand() * TEST_CODES.length)];
    const x0 = (lon - 100) * 100000 + 500000;
    const y0 = lat * 110000;
    const x1 = x0 + size * 100000;
    const y1 = y0 + size * 110000;
    const ring = Float64Array.of(x0, y0, x1, y0, x1, y1, x0, y1, x0, y0);
    const areaM2 = (x1 - x0) * (y1 - y0);
    const landuse = code >= 20;
    const row: PatchRow = {
      id: `${idPrefix}${String(i).padStart(6, '0')}`,
      code,
      value: code,
      fromClass: landuse ? 1 : null,
      toClass: landuse ? 20 : null,
      pixelCount: Math.round(areaM2 / 4),
      areaM2,
      areaEllipsoidM2: areaM2 * 1.0001,
      perimeterM: 2 * (x1 - x0 + (y1 - y0)),
      centroid: [(x0 + x1) / 2, (y0 + y1) / 2],
      centroidLonLat: [lon + size / 2, lat + size / 2],
      bbox: [x0, y0, x1, y1],
      bboxLonLat: [lon, lat, lon + size, lat + size],
      meanMagnitude: landuse ? null : rand() * 50,
      geojson: JSON.stringify({
        type: 'Polygon',
        coordinates: [[[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]],
      }),
      properties: { seq: i, label: `patch ${i}` },
    };
    if (i % 2 === 0) row.rings = [ring];
    else row.wkb = polygonWkb(ring);
    out.push(row);
  }
  return out;
}

/** Little-endian WKB Polygon of one closed ring. */
export function polygonWkb(ring: Float64Array): Uint8Array {
  const bytes = new Uint8Array(9 + 4 + ring.length * 8);
  const v = new DataView(bytes.buffer);
  v.setUint8(0, 1);
  v.setUint32(1, 3, true);
  v.setUint32(5, 1, true);
  v.setUint32(9, ring.length / 2, true);
  for (let i = 0; i < ring.length; i++) v.setFloat64(13 + 8 * i, ring[i], true);
  return bytes;
}
