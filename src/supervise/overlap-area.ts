/**
 * Exact area of the intersection of two planar polygons (with holes) without building the intersection
 * geometry. By Green's theorem, area(A∩B) = ½∮(x dy − y dx) over ∂(A∩B), and that boundary is made of
 *   - the pieces of A's boundary that lie inside B,
 *   - the pieces of B's boundary that lie inside A,
 *   - the pieces where the two boundaries coincide with the same orientation (counted once, from A).
 * Each edge is cut where it meets the other polygon's edges; a piece is classified by its midpoint.
 * Cost: O(edges of A × edges of B near A's bbox) plus one point-in-polygon test per piece, and a whole
 * ring that meets nothing is classified by one test. No allocation per call beyond scratch growth.
 *
 * Rings are oriented (exterior counter-clockwise, holes clockwise, region on the left) and open (no
 * repeated closing vertex): build them with `planarPolygon`.
 */
import type { Bbox } from '../vector/area-planar.ts';
import { ringSignedArea } from '../vector/area-planar.ts';

export interface PlanarPolygon {
  /** open rings, flat x0,y0,x1,y1,…; exterior counter-clockwise first, holes clockwise */
  rings: Float64Array[];
  bbox: Bbox;
  /** |exterior| − Σ|hole| */
  area: number;
}

/** Copies `rings` (closed or open, any orientation) into an oriented, open PlanarPolygon. */
export function planarPolygon(rings: readonly ArrayLike<number>[]): PlanarPolygon {
  const out: Float64Array[] = [];
  let area = 0;
  const bbox: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  for (let r = 0; r < rings.length; r++) {
    const src = rings[r];
    let n = src.length >> 1;
    if (n > 1 && src[0] === src[2 * n - 2] && src[1] === src[2 * n - 1]) n--;
    if (n < 3) continue;
    // a closing duplicate vertex adds a zero-length edge, so the closed or open ring gives the same area
    const signed = ringSignedArea(src);
    const reverse = r === 0 ? signed < 0 : signed > 0;
    const ring = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      const k = reverse ? n - 1 - i : i;
      const x = src[2 * k];
      const y = src[2 * k + 1];
      ring[2 * i] = x;
      ring[2 * i + 1] = y;
      if (x < bbox[0]) bbox[0] = x;
      if (y < bbox[1]) bbox[1] = y;
      if (x > bbox[2]) bbox[2] = x;
      if (y > bbox[3]) bbox[3] = y;
    }
    if (r === 0 && out.length === 0) area += Math.abs(signed);
    else area -= Math.abs(signed);
    out.push(ring);
  }
  return { rings: out, bbox, area };
}


// scratch: cut parameters of one edge, and the indices (ring, vertex) of the other polygon's nearby edges
let cuts = new Float64Array(64);
let near = new Int32Array(256);
/** entries of `near` in use, set per boundaryPart call */
let nearCount = 0;
/** set by edgeCuts: the edge meets q at one of its own end points (no cut, but the ring may change sides there) */
let touched = false;

const INSIDE = 1;
const OUTSIDE = 0;
const ON_SAME = 2;
const ON_OPPOSITE = 3;

/** Area of a ∩ b in the units² of their coordinates. */
export function overlapArea(a: PlanarPolygon, b: PlanarPolygon): number {
  const ab = a.bbox;
  const bb = b.bbox;
  if (ab[0] > bb[2] || ab[2] < bb[0] || ab[1] > bb[3] || ab[3] < bb[1]) return 0;
  if (a.rings.length === 0 || b.rings.length === 0) return 0;
  // a common local origin keeps the shoelace products small (GK eastings carry a zone prefix)
  const ox = Math.max(ab[0], bb[0]);
  const oy = Math.max(ab[1], bb[1]);
  const diag = Math.hypot(Math.max(ab[2], bb[2]) - Math.min(ab[0], bb[0]), Math.max(ab[3], bb[3]) - Math.min(ab[1], bb[1]));
  // "on an edge" tolerance: far below any real gap, above the rounding of absolute coordinates
  const maxAbs = Math.max(Math.abs(ab[0]), Math.abs(ab[2]), Math.abs(ab[1]), Math.abs(ab[3]), Math.abs(bb[0]), Math.abs(bb[2]), Math.abs(bb[1]), Math.abs(bb[3]));
  const tol = Math.max(diag * 1e-9, maxAbs * 1e-13);
  const sum = boundaryPart(a, b, true, ox, oy, tol) + boundaryPart(b, a, false, ox, oy, tol);
  // the exact result is in [0, min area]; clamp the rounding
  const area = sum / 2;
  return area <= 0 ? 0 : Math.min(area, a.area, b.area);
}

/**
 * Σ cross(start, end) over the pieces of p's boundary inside q (and, when `owner`, on q's boundary with the
 * same orientation). Only p's edges near q's bbox matter: an edge outside q's bbox is outside q.
 */
function boundaryPart(p: PlanarPolygon, q: PlanarPolygon, owner: boolean, ox: number, oy: number, tol: number): number {
  const qb = q.bbox;
  // q's edges that overlap p's bbox: the only ones p's edges can meet
  const pb = p.bbox;
  let count = 0;
  for (let r = 0; r < q.rings.length; r++) {
    const ring = q.rings[r];
    const n = ring.length >> 1;
    for (let i = 0; i < n; i++) {
      const j = i + 1 === n ? 0 : i + 1;
      const x0 = ring[2 * i];
      const y0 = ring[2 * i + 1];
      const x1 = ring[2 * j];
      const y1 = ring[2 * j + 1];
      if ((x0 < pb[0] && x1 < pb[0]) || (x0 > pb[2] && x1 > pb[2]) || (y0 < pb[1] && y1 < pb[1]) || (y0 > pb[3] && y1 > pb[3])) continue;
      if (2 * count + 2 > near.length) {
        const grown = new Int32Array(near.length * 2);
        grown.set(near);
        near = grown;
      }
      near[2 * count] = r;
      near[2 * count + 1] = i;
      count++;
    }
  }

  nearCount = count;
  let sum = 0;
  for (let r = 0; r < p.rings.length; r++) {
    const ring = p.rings[r];
    const n = ring.length >> 1;
    // first pass: a ring none of whose edges leaves q's bbox, is cut or touches q is wholly inside or
    // wholly outside, and one test decides
    let split = false;
    let ringSum = 0;
    for (let i = 0; i < n && !split; i++) {
      const j = i + 1 === n ? 0 : i + 1;
      const x0 = ring[2 * i];
      const y0 = ring[2 * i + 1];
      const x1 = ring[2 * j];
      const y1 = ring[2 * j + 1];
      if (outsideBox(x0, y0, x1, y1, qb) || edgeCuts(x0, y0, x1, y1, q, tol) > 0 || touched) split = true;
      else ringSum += (x0 - ox) * (y1 - oy) - (x1 - ox) * (y0 - oy);
    }
    if (!split) {
      const c = classify(0.5 * (ring[0] + ring[2]), 0.5 * (ring[1] + ring[3]), ring[2] - ring[0], ring[3] - ring[1], q, tol);
      if (c === INSIDE || (owner && c === ON_SAME)) sum += ringSum;
      continue;
    }
    for (let i = 0; i < n; i++) {
      const j = i + 1 === n ? 0 : i + 1;
      const x0 = ring[2 * i];
      const y0 = ring[2 * i + 1];
      const x1 = ring[2 * j];
      const y1 = ring[2 * j + 1];
      if (outsideBox(x0, y0, x1, y1, qb)) continue;
      sum += piecesSum(x0, y0, x1, y1, edgeCuts(x0, y0, x1, y1, q, tol), q, owner, ox, oy, tol);
    }
  }
  return sum;
}

function outsideBox(x0: number, y0: number, x1: number, y1: number, b: Bbox): boolean {
  return (x0 < b[0] && x1 < b[0]) || (x0 > b[2] && x1 > b[2]) || (y0 < b[1] && y1 < b[1]) || (y0 > b[3] && y1 > b[3]);
}

/** Sorted cut parameters t ∈ (0, 1) of edge (x0,y0)→(x1,y1) against q's near edges, in `cuts`; returns the count. */
function edgeCuts(x0: number, y0: number, x1: number, y1: number, q: PlanarPolygon, tol: number): number {
  touched = false;
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return 0;
  const len = Math.sqrt(len2);
  const exmin = Math.min(x0, x1) - tol;
  const exmax = Math.max(x0, x1) + tol;
  const eymin = Math.min(y0, y1) - tol;
  const eymax = Math.max(y0, y1) + tol;
  const tTol = tol / len;
  let count = 0;
  for (let k = 0; k < nearCount; k++) {
    const ring = q.rings[near[2 * k]];
    const i = near[2 * k + 1];
    const n = ring.length >> 1;
    const j = i + 1 === n ? 0 : i + 1;
    const rx = ring[2 * i];
    const ry = ring[2 * i + 1];
    const sx = ring[2 * j];
    const sy = ring[2 * j + 1];
    if ((rx < exmin && sx < exmin) || (rx > exmax && sx > exmax) || (ry < eymin && sy < eymin) || (ry > eymax && sy > eymax)) continue;
    const gx = sx - rx;
    const gy = sy - ry;
    const wx = rx - x0;
    const wy = ry - y0;
    const denom = dx * gy - dy * gx;
    const glen = Math.hypot(gx, gy);
    if (Math.abs(denom) > 1e-12 * len * glen) {
      const t = (wx * gy - wy * gx) / denom;
      const u = (wx * dy - wy * dx) / denom;
      const uTol = glen === 0 ? 0 : tol / glen;
      if (u < -uTol || u > 1 + uTol) continue;
      if (t > tTol && t < 1 - tTol) count = pushCut(count, t);
      else if (t >= -tTol && t <= 1 + tTol) touched = true;
      continue;
    }
    // parallel: only collinear edges matter; their end points cut this edge
    if (Math.abs(wx * dy - wy * dx) > tol * len) continue;
    const tr = (wx * dx + wy * dy) / len2;
    const ts = ((sx - x0) * dx + (sy - y0) * dy) / len2;
    if (tr > tTol && tr < 1 - tTol) count = pushCut(count, tr);
    else if (tr >= -tTol && tr <= 1 + tTol) touched = true;
    if (ts > tTol && ts < 1 - tTol) count = pushCut(count, ts);
    else if (ts >= -tTol && ts <= 1 + tTol) touched = true;
    if ((tr < tTol && ts > 1 - tTol) || (ts < tTol && tr > 1 - tTol)) touched = true; // overlaps the whole edge
  }
  if (count > 1) sortCuts(count);
  return count;
}

function pushCut(count: number, t: number): number {
  if (count >= cuts.length) {
    const grown = new Float64Array(cuts.length * 2);
    grown.set(cuts);
    cuts = grown;
  }
  cuts[count] = t;
  return count + 1;
}

/** Insertion sort: an edge has few cuts. */
function sortCuts(count: number): void {
  for (let i = 1; i < count; i++) {
    const v = cuts[i];
    let k = i - 1;
    while (k >= 0 && cuts[k] > v) {
      cuts[k + 1] = cuts[k];
      k--;
    }
    cuts[k + 1] = v;
  }
}

/** Σ cross over the pieces of one edge (cut at cuts[0..cutCount)) that count. */
function piecesSum(
  x0: number, y0: number, x1: number, y1: number, cutCount: number,
  q: PlanarPolygon, owner: boolean, ox: number, oy: number, tol: number,
): number {
  const dx = x1 - x0;
  const dy = y1 - y0;
  let sum = 0;
  let t0 = 0;
  for (let k = 0; k <= cutCount; k++) {
    const t1 = k === cutCount ? 1 : cuts[k];
    if (t1 - t0 <= 0) continue;
    const c = classify(x0 + dx * 0.5 * (t0 + t1), y0 + dy * 0.5 * (t0 + t1), dx, dy, q, tol);
    if (c === INSIDE || (owner && c === ON_SAME)) {
      const sx = x0 + dx * t0 - ox;
      const sy = y0 + dy * t0 - oy;
      const ex = (k === cutCount ? x1 : x0 + dx * t1) - ox;
      const ey = (k === cutCount ? y1 : y0 + dy * t1) - oy;
      sum += sx * ey - ex * sy;
    }
    t0 = t1;
  }
  return sum;
}

/**
 * Where point (mx, my) of an edge with direction (dx, dy) lies relative to q: on one of q's edges (with the
 * same or the opposite direction), else inside or outside (even–odd ray cast, so holes count).
 */
function classify(mx: number, my: number, dx: number, dy: number, q: PlanarPolygon, tol: number): number {
  let inside = false;
  for (let r = 0; r < q.rings.length; r++) {
    const ring = q.rings[r];
    const n = ring.length >> 1;
    let px = ring[2 * n - 2];
    let py = ring[2 * n - 1];
    for (let i = 0; i < n; i++) {
      const x = ring[2 * i];
      const y = ring[2 * i + 1];
      // on this edge?
      const ex = x - px;
      const ey = y - py;
      const elen2 = ex * ex + ey * ey;
      if (elen2 > 0) {
        const cross = ex * (my - py) - ey * (mx - px);
        if (cross * cross <= tol * tol * elen2) {
          const along = ex * (mx - px) + ey * (my - py);
          if (along >= 0 && along <= elen2) return ex * dx + ey * dy > 0 ? ON_SAME : ON_OPPOSITE;
        }
      }
      if (y > my !== py > my && mx < ((px - x) * (my - y)) / (py - y) + x) inside = !inside;
      px = x;
      py = y;
    }
  }
  return inside ? INSIDE : OUTSIDE;
}
