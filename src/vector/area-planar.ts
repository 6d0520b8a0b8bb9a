/**
 * Planar measures of polygons given as rings of flat coordinates (x0,y0,x1,y1,…). A ring may be closed
 * (last vertex = first) or not; the closing edge is implied either way. The first ring is the exterior,
 * the rest are holes; orientation of the input does not matter (holes are always subtracted).
 *
 * Sums run relative to the first vertex of the exterior: GK eastings with a zone prefix (~4e7 m) would
 * otherwise lose ~8 digits to cancellation in the shoelace products. For pixel polygons (vertices on a
 * grid of dyadic-ish steps) the result is exact to the last bit in practice.
 */

export type Ring = Float64Array | Int32Array;

/** Signed shoelace area of one ring, counter-clockwise positive (in a y-up frame), about origin (ox, oy). */
export function ringSignedArea(ring: Ring | ArrayLike<number>, ox = ring[0], oy = ring[1]): number {
  const n = ring.length >> 1;
  let sum = 0;
  let px = ring[2 * n - 2] - ox;
  let py = ring[2 * n - 1] - oy;
  for (let i = 0; i < n; i++) {
    const x = ring[2 * i] - ox;
    const y = ring[2 * i + 1] - oy;
    sum += px * y - x * py;
    px = x;
    py = y;
  }
  return sum / 2;
}

/** Length of one ring including its closing edge. */
export function ringLength(ring: Ring): number {
  const n = ring.length >> 1;
  let sum = 0;
  let px = ring[2 * n - 2];
  let py = ring[2 * n - 1];
  for (let i = 0; i < n; i++) {
    const x = ring[2 * i];
    const y = ring[2 * i + 1];
    sum += Math.hypot(x - px, y - py);
    px = x;
    py = y;
  }
  return sum;
}

/** Area of a polygon with holes: |exterior| − Σ|hole|. */
export function polygonArea(rings: readonly Ring[]): number {
  if (rings.length === 0) return 0;
  let area = Math.abs(ringSignedArea(rings[0]));
  for (let r = 1; r < rings.length; r++) area -= Math.abs(ringSignedArea(rings[r]));
  return area;
}

/** Perimeter: the length of every ring, holes included (as OGR's get_Length / ST_Perimeter). */
export function polygonPerimeter(rings: readonly Ring[]): number {
  let sum = 0;
  for (const ring of rings) sum += ringLength(ring);
  return sum;
}

/**
 * Area centroid of a polygon with holes. Returns the exterior's first vertex for a degenerate
 * (zero-area) polygon. `out` is reused when given.
 */
export function polygonCentroid(rings: readonly Ring[], out: [number, number] = [0, 0]): [number, number] {
  if (rings.length === 0) {
    out[0] = NaN;
    out[1] = NaN;
    return out;
  }
  const ox = rings[0][0];
  const oy = rings[0][1];
  let area = 0;
  let mx = 0;
  let my = 0;
  for (let r = 0; r < rings.length; r++) {
    const ring = rings[r];
    const n = ring.length >> 1;
    let a = 0;
    let cx = 0;
    let cy = 0;
    let px = ring[2 * n - 2] - ox;
    let py = ring[2 * n - 1] - oy;
    for (let i = 0; i < n; i++) {
      const x = ring[2 * i] - ox;
      const y = ring[2 * i + 1] - oy;
      const cross = px * y - x * py;
      a += cross;
      cx += (px + x) * cross;
      cy += (py + y) * cross;
      px = x;
      py = y;
    }
    // exterior counts positive, holes negative, whatever the orientation of the input
    const w = (r === 0 ? 1 : -1) * (a < 0 ? -1 : 1);
    area += w * a;
    mx += w * cx;
    my += w * cy;
  }
  if (area === 0) {
    out[0] = ox;
    out[1] = oy;
  } else {
    out[0] = ox + mx / (3 * area);
    out[1] = oy + my / (3 * area);
  }
  return out;
}

export type Bbox = [number, number, number, number];

/** [xmin, ymin, xmax, ymax] over every vertex of every ring; `out` is reused when given. */
export function ringsBbox(rings: readonly Ring[], out: Bbox = [Infinity, Infinity, -Infinity, -Infinity]): Bbox {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const ring of rings) {
    for (let i = 0; i < ring.length; i += 2) {
      const x = ring[i];
      const y = ring[i + 1];
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  out[0] = x0;
  out[1] = y0;
  out[2] = x1;
  out[3] = y1;
  return out;
}
