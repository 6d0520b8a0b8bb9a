/**
 * Small planar geometry on pixel-space polygons (flat rings): areas, containment, and the
 * margin-aware relation used to place changes unambiguously inside or outside planning layers.
 */
import type { BBoxPx, PolygonPx, RingPx } from './sample-types.ts';

export function bboxOfRings(rings: readonly RingPx[]): BBoxPx {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const ring of rings) {
    for (let i = 0; i < ring.length; i += 2) {
      if (ring[i] < minX) minX = ring[i];
      if (ring[i] > maxX) maxX = ring[i];
      if (ring[i + 1] < minY) minY = ring[i + 1];
      if (ring[i + 1] > maxY) maxY = ring[i + 1];
    }
  }
  return { minX, minY, maxX, maxY };
}

export function makePolygon(rings: RingPx[]): PolygonPx {
  return { rings, bbox: bboxOfRings(rings) };
}

/** Shoelace area; positive when the ring turns counter-clockwise in a y-up frame. */
export function ringSignedArea(ring: RingPx): number {
  let sum = 0;
  const n = ring.length;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
    sum += ring[j] * ring[i + 1] - ring[i] * ring[j + 1];
  }
  return sum / 2;
}

/** Area of exterior minus holes, in the ring's units squared. */
export function polygonArea(rings: readonly RingPx[]): number {
  let area = Math.abs(ringSignedArea(rings[0]));
  for (let k = 1; k < rings.length; k++) area -= Math.abs(ringSignedArea(rings[k]));
  return area;
}

/** Even–odd point in polygon (holes included). */
export function pointInRings(rings: readonly RingPx[], x: number, y: number): boolean {
  let inside = false;
  for (const ring of rings) {
    const n = ring.length;
    for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
      const yi = ring[i + 1];
      const yj = ring[j + 1];
      if (yi > y !== yj > y && x < ((ring[j] - ring[i]) * (y - yi)) / (yj - yi) + ring[i]) inside = !inside;
    }
  }
  return inside;
}

function pointSegDist2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const ex = ax + t * dx - px;
  const ey = ay + t * dy - py;
  return ex * ex + ey * ey;
}

function cross(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/** Distance between two segments (0 when they cross). */
export function segmentDistance(
  ax: number, ay: number, bx: number, by: number,
  cx: number, cy: number, dx: number, dy: number,
): number {
  const d1 = cross(ax, ay, bx, by, cx, cy);
  const d2 = cross(ax, ay, bx, by, dx, dy);
  const d3 = cross(cx, cy, dx, dy, ax, ay);
  const d4 = cross(cx, cy, dx, dy, bx, by);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return 0;
  return Math.sqrt(
    Math.min(
      pointSegDist2(ax, ay, cx, cy, dx, dy),
      pointSegDist2(bx, by, cx, cy, dx, dy),
      pointSegDist2(cx, cy, ax, ay, bx, by),
      pointSegDist2(dx, dy, ax, ay, bx, by),
    ),
  );
}

/** Smallest distance between the boundaries of two rings. */
export function ringDistance(a: RingPx, b: RingPx): number {
  let best = Infinity;
  const n = a.length;
  const m = b.length;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
    for (let k = 0, l = m - 2; k < m; l = k, k += 2) {
      const d = segmentDistance(a[j], a[j + 1], a[i], a[i + 1], b[l], b[l + 1], b[k], b[k + 1]);
      if (d < best) best = d;
    }
  }
  return best;
}

export type Relation = 'inside' | 'outside' | 'overlap';

/**
 * How polygon `a` lies with respect to the exterior of `b`: 'inside' or 'outside' only when every part of
 * a's exterior stays at least marginPx from b's boundary, so that a traced (pixelated) version of `a`
 * gives the same answer; anything else (crossing, near miss, b inside a) is 'overlap'.
 */
export function relation(a: PolygonPx, b: PolygonPx, marginPx: number): Relation {
  const ab = a.bbox;
  const bb = b.bbox;
  if (
    ab.minX > bb.maxX + marginPx || ab.maxX < bb.minX - marginPx ||
    ab.minY > bb.maxY + marginPx || ab.maxY < bb.minY - marginPx
  ) {
    return 'outside';
  }
  const ea = a.rings[0];
  const eb = b.rings[0];
  if (ringDistance(ea, eb) < marginPx) return 'overlap';
  if (pointInRings([eb], ea[0], ea[1])) return 'inside';
  if (pointInRings([ea], eb[0], eb[1])) return 'overlap';
  return 'outside';
}

export function bboxesApart(a: BBoxPx, b: BBoxPx, marginPx: number): boolean {
  return (
    a.minX > b.maxX + marginPx || a.maxX < b.minX - marginPx ||
    a.minY > b.maxY + marginPx || a.maxY < b.minY - marginPx
  );
}
