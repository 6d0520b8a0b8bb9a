/**
 * Polygon shapes for planted changes and landscape features, in pixel space, built from a seeded
 * uniform generator (rng() in [0, 1)).
 */
import { makePolygon } from './polygon-geometry.ts';
import type { PolygonPx, RingPx } from './sample-types.ts';

export type Rng = () => number;

function rotated(points: number[], cx: number, cy: number, angle: number): RingPx {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const ring: RingPx = [];
  for (let i = 0; i < points.length; i += 2) {
    const x = points[i];
    const y = points[i + 1];
    ring.push(cx + x * cos - y * sin, cy + x * sin + y * cos);
  }
  return ring;
}

/** Rectangle w × h centred on (cx, cy), rotated by angle (rad). */
export function rectangle(cx: number, cy: number, w: number, h: number, angle: number): PolygonPx {
  const a = w / 2;
  const b = h / 2;
  return makePolygon([rotated([-a, -b, a, -b, a, b, -a, b], cx, cy, angle)]);
}

export function axisRect(minX: number, minY: number, maxX: number, maxY: number): PolygonPx {
  return makePolygon([[minX, minY, maxX, minY, maxX, maxY, minX, maxY]]);
}

/** L-shaped block: a w × h rectangle with one corner quadrant (fw·w × fh·h) cut away. */
export function lShape(cx: number, cy: number, w: number, h: number, fw: number, fh: number, angle: number): PolygonPx {
  const a = w / 2;
  const b = h / 2;
  const cutX = a - fw * w;
  const cutY = b - fh * h;
  return makePolygon([rotated([-a, -b, a, -b, a, cutY, cutX, cutY, cutX, b, -a, b], cx, cy, angle)]);
}

/** Rectangle with a rectangular courtyard hole (hw × hh, offset from the centre by ox, oy). */
export function courtyard(
  cx: number, cy: number, w: number, h: number, hw: number, hh: number, ox: number, oy: number, angle: number,
): PolygonPx {
  const a = w / 2;
  const b = h / 2;
  const p = hw / 2;
  const q = hh / 2;
  const outer = rotated([-a, -b, a, -b, a, b, -a, b], cx, cy, angle);
  const hole = rotated([ox - p, oy - q, ox - p, oy + q, ox + p, oy + q, ox + p, oy - q], cx, cy, angle);
  return makePolygon([outer, hole]);
}

/** Star-shaped irregular blob: n vertices at even angles, radius r·(1 − jitter·rng()). */
export function blob(cx: number, cy: number, r: number, n: number, jitter: number, rng: Rng, aspect = 1, angle = 0): PolygonPx {
  const pts: number[] = [];
  const phase = rng() * Math.PI * 2;
  for (let k = 0; k < n; k++) {
    const t = phase + (2 * Math.PI * k) / n;
    const rr = r * (1 - jitter * rng());
    pts.push(rr * Math.cos(t) * aspect, rr * Math.sin(t));
  }
  return makePolygon([rotated(pts, cx, cy, angle)]);
}
