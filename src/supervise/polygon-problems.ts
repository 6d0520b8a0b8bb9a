/**
 * Validity checks of one GeoJSON polygon before it enters an overlay. OGC simple-feature rules that
 * change an area: rings closed with ≥ 4 positions, finite coordinates (in degree range for lon/lat),
 * no ring crossing itself or another ring of the polygon, holes inside the exterior. Rings may touch at
 * a single point (valid in OGC), so only proper crossings and collinear overlaps count.
 */
import type { GeometryProblemKind } from './layer-types.ts';

export interface PolygonProblem {
  kind: GeometryProblemKind;
  message: string;
}

/** Problems of one polygon given as GeoJSON rings ([[x, y], …] per ring); [] when valid. */
export function polygonProblems(rings: readonly unknown[], geographic: boolean): PolygonProblem[] {
  const problems: PolygonProblem[] = [];
  if (rings.length === 0) return [{ kind: 'empty', message: 'polygon has no rings' }];
  const flat: Float64Array[] = [];
  for (let r = 0; r < rings.length; r++) {
    const ring = rings[r];
    const what = r === 0 ? 'exterior ring' : `hole ${r}`;
    if (!Array.isArray(ring)) return [{ kind: 'wrong_type', message: `${what} is not an array of positions` }];
    const xy = new Float64Array(ring.length * 2);
    for (let i = 0; i < ring.length; i++) {
      const p: unknown = ring[i];
      if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
        return [{ kind: 'non_finite', message: `${what}, position ${i}: not a finite [x, y]` }];
      }
      if (geographic && (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90)) {
        return [{ kind: 'out_of_range', message: `${what}, position ${i}: [${p[0]}, ${p[1]}] is not lon/lat (a projected layer needs a "crs" member)` }];
      }
      xy[2 * i] = p[0];
      xy[2 * i + 1] = p[1];
    }
    const n = ring.length;
    if (n === 0) {
      problems.push({ kind: 'empty', message: `${what} is empty` });
      continue;
    }
    const closed = n > 1 && xy[0] === xy[2 * n - 2] && xy[1] === xy[2 * n - 1];
    if (!closed) problems.push({ kind: 'unclosed_ring', message: `${what} is not closed (first position ≠ last)` });
    if (distinctCount(xy) < 3) problems.push({ kind: 'too_few_points', message: `${what} has fewer than 3 distinct positions` });
    flat.push(xy);
  }
  if (problems.some((p) => p.kind === 'too_few_points' || p.kind === 'empty')) return problems;
  const crossing = firstCrossing(flat);
  if (crossing !== null) problems.push({ kind: 'self_intersection', message: crossing });
  else {
    for (let r = 1; r < flat.length; r++) {
      if (!ringInside(flat[r], flat[0])) problems.push({ kind: 'hole_outside', message: `hole ${r} lies outside the exterior ring` });
    }
  }
  return problems;
}

function distinctCount(xy: Float64Array): number {
  const seen = new Set<string>();
  for (let i = 0; i < xy.length && seen.size < 3; i += 2) seen.add(`${xy[i]},${xy[i + 1]}`);
  return seen.size;
}

/**
 * First proper crossing (or collinear overlap) between two edges of the polygon's rings, as a message
 * naming the rings, edges and the point; null when there is none. Sweep over edges sorted by min x.
 */
export function firstCrossing(rings: readonly Float64Array[]): string | null {
  // edges as flat typed arrays: x0, y0, x1, y1 and (ring, index)
  let total = 0;
  for (const ring of rings) total += ring.length >> 1;
  const xy = new Float64Array(4 * total);
  const ids = new Int32Array(2 * total);
  let m = 0;
  for (let r = 0; r < rings.length; r++) {
    const ring = rings[r];
    let n = ring.length >> 1;
    if (n > 1 && ring[0] === ring[2 * n - 2] && ring[1] === ring[2 * n - 1]) n--;
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      if (ring[2 * i] === ring[2 * j] && ring[2 * i + 1] === ring[2 * j + 1]) continue; // repeated position: harmless
      xy[4 * m] = ring[2 * i];
      xy[4 * m + 1] = ring[2 * i + 1];
      xy[4 * m + 2] = ring[2 * j];
      xy[4 * m + 3] = ring[2 * j + 1];
      ids[2 * m] = r;
      ids[2 * m + 1] = i;
      m++;
    }
  }
  // sweep over edges sorted by min x (small polygons: the sort is cheap too)
  const order = new Int32Array(m);
  const minX = new Float64Array(m);
  for (let e = 0; e < m; e++) {
    order[e] = e;
    minX[e] = Math.min(xy[4 * e], xy[4 * e + 2]);
  }
  order.sort((a, b) => minX[a] - minX[b]);
  for (let a = 0; a < m; a++) {
    const e = order[a];
    const ex0 = xy[4 * e];
    const ey0 = xy[4 * e + 1];
    const ex1 = xy[4 * e + 2];
    const ey1 = xy[4 * e + 3];
    const eMaxX = Math.max(ex0, ex1);
    const eMinY = Math.min(ey0, ey1);
    const eMaxY = Math.max(ey0, ey1);
    for (let b = a + 1; b < m && minX[order[b]] <= eMaxX; b++) {
      const f = order[b];
      const fy0 = xy[4 * f + 1];
      const fy1 = xy[4 * f + 3];
      if (eMaxY < Math.min(fy0, fy1) || Math.max(fy0, fy1) < eMinY) continue;
      const hit = crossPoint(ex0, ey0, ex1, ey1, xy[4 * f], fy0, xy[4 * f + 2], fy1);
      if (hit === null) continue;
      const [p, q] = ids[2 * e] < ids[2 * f] || (ids[2 * e] === ids[2 * f] && ids[2 * e + 1] < ids[2 * f + 1]) ? [e, f] : [f, e];
      const where = (k: number) => `${ids[2 * k] === 0 ? 'exterior' : `hole ${ids[2 * k]}`} edge ${ids[2 * k + 1]}`;
      return `${where(p)} crosses ${where(q)} near [${fmt(hit[0])}, ${fmt(hit[1])}]`;
    }
  }
  return null;
}

function fmt(v: number): string {
  return String(Math.round(v * 1e9) / 1e9);
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

/** The point where two segments cross properly or overlap collinearly; null when they only touch or miss. */
function crossPoint(
  ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number,
): [number, number] | null {
  const o1 = orient(ax, ay, bx, by, cx, cy);
  const o2 = orient(ax, ay, bx, by, dx, dy);
  const o3 = orient(cx, cy, dx, dy, ax, ay);
  const o4 = orient(cx, cy, dx, dy, bx, by);
  if (o1 * o2 < 0 && o3 * o4 < 0) {
    const den = (bx - ax) * (dy - cy) - (by - ay) * (dx - cx);
    const t = ((cx - ax) * (dy - cy) - (cy - ay) * (dx - cx)) / den;
    return [ax + t * (bx - ax), ay + t * (by - ay)];
  }
  if (o1 === 0 && o2 === 0) {
    // collinear: overlapping by more than a point?
    const ux = bx - ax;
    const uy = by - ay;
    const len2 = ux * ux + uy * uy;
    const tc = ((cx - ax) * ux + (cy - ay) * uy) / len2;
    const td = ((dx - ax) * ux + (dy - ay) * uy) / len2;
    const lo = Math.max(0, Math.min(tc, td));
    const hi = Math.min(1, Math.max(tc, td));
    if (hi > lo) return [ax + ((lo + hi) / 2) * ux, ay + ((lo + hi) / 2) * uy];
  }
  return null;
}

/** Every vertex of `inner` inside or on `outer` (even–odd); enough once rings are known not to cross. */
function ringInside(inner: Float64Array, outer: Float64Array): boolean {
  for (let i = 0; i < inner.length; i += 2) {
    const x = inner[i];
    const y = inner[i + 1];
    let inside = false;
    let onEdge = false;
    const n = outer.length >> 1;
    for (let a = 0, b = n - 1; a < n; b = a++) {
      const xa = outer[2 * a];
      const ya = outer[2 * a + 1];
      const xb = outer[2 * b];
      const yb = outer[2 * b + 1];
      if (orient(xa, ya, xb, yb, x, y) === 0 && x >= Math.min(xa, xb) && x <= Math.max(xa, xb) && y >= Math.min(ya, yb) && y <= Math.max(ya, yb)) {
        onEdge = true;
        break;
      }
      if (ya > y !== yb > y && x < ((xb - xa) * (y - ya)) / (yb - ya) + xa) inside = !inside;
    }
    if (onEdge) continue;
    return inside;
  }
  return true;
}
