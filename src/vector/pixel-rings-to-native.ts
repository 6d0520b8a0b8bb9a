import type { GeoTransform } from '../raster/raster-types.ts';
import { ringSignedArea } from './area-planar.ts';
import { VectorError } from './vector-error.ts';

/**
 * Pixel-vertex rings (Int32Array x0,y0,x1,y1,…, (col,row) of pixel corners from the top-left, exterior
 * first) → native CRS rings (Float64Array, closed) through the GDAL affine
 * x = gt0 + col·gt1 + row·gt2, y = gt3 + col·gt4 + row·gt5.
 *
 * Orientation is fixed from the result rather than assumed from the input: an affine map with a negative
 * determinant (north-up, pixelHeight < 0) mirrors the ring, so a ring is reversed whenever its map-space
 * signed area has the wrong sign. Output: exterior counter-clockwise, holes clockwise (OGC / RFC 7946 right
 * hand rule). Reversal keeps the start vertex. An unclosed input ring is closed.
 */
export function pixelRingsToNative(rings: readonly Int32Array[], geoTransform: GeoTransform): Float64Array[] {
  const [ox, pw, rx, oy, ry, ph] = geoTransform;
  const out: Float64Array[] = new Array(rings.length);
  for (let r = 0; r < rings.length; r++) {
    const ring = rings[r];
    const n = ring.length >> 1;
    if (n < 3 || (ring.length & 1) !== 0) {
      throw new VectorError('E_VECTOR_GEOMETRY', `ring ${r} has ${ring.length} coordinates; a ring needs at least 3 vertices`, { ring: r });
    }
    const closed = ring[0] === ring[2 * n - 2] && ring[1] === ring[2 * n - 1];
    const m = closed ? n : n + 1;
    const dst = new Float64Array(2 * m);
    for (let i = 0; i < n; i++) {
      const c = ring[2 * i];
      const row = ring[2 * i + 1];
      dst[2 * i] = ox + c * pw + row * rx;
      dst[2 * i + 1] = oy + c * ry + row * ph;
    }
    if (!closed) {
      dst[2 * n] = dst[0];
      dst[2 * n + 1] = dst[1];
    }
    const area = ringSignedArea(dst);
    if ((r === 0 && area < 0) || (r > 0 && area > 0)) reverseClosedRing(dst);
    out[r] = dst;
  }
  return out;
}

/** Reverse a closed ring in place, keeping its start (= end) vertex. */
export function reverseClosedRing(ring: Float64Array): void {
  const n = ring.length >> 1;
  // vertices 1 … n-2 reverse; 0 and n-1 are the same point
  for (let i = 1, j = n - 2; i < j; i++, j--) {
    const x = ring[2 * i];
    const y = ring[2 * i + 1];
    ring[2 * i] = ring[2 * j];
    ring[2 * i + 1] = ring[2 * j + 1];
    ring[2 * j] = x;
    ring[2 * j + 1] = y;
  }
}
