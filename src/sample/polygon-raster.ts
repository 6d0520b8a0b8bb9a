/**
 * Scanline rasterisation of pixel-space polygons: a pixel belongs to a polygon when its centre does
 * (even–odd, so holes work). Crossings are computed from global coordinates only, so a window gives
 * exactly the pixels it would have in a whole-raster render (tile independence).
 */
import type { PixelWindow } from '../raster/index.ts';
import type { PolygonPx, RingPx } from './sample-types.ts';

let crossings = new Float64Array(256);

/**
 * Column spans of `rings` on pixel row `row`, clipped to [colMin, colMax): writes start/end (exclusive)
 * pairs into `spans` and returns the number of pairs. `spans` must hold vertexCount entries.
 */
export function rowSpans(rings: readonly RingPx[], row: number, colMin: number, colMax: number, spans: Int32Array): number {
  const yc = row + 0.5;
  let n = 0;
  for (const ring of rings) {
    const len = ring.length;
    if (crossings.length < n + len / 2) {
      const grown = new Float64Array(Math.max(crossings.length * 2, n + len));
      grown.set(crossings.subarray(0, n));
      crossings = grown;
    }
    for (let i = 0, j = len - 2; i < len; j = i, i += 2) {
      const y1 = ring[j + 1];
      const y2 = ring[i + 1];
      if ((y1 <= yc && yc < y2) || (y2 <= yc && yc < y1)) {
        const x1 = ring[j];
        crossings[n++] = x1 + ((yc - y1) * (ring[i] - x1)) / (y2 - y1);
      }
    }
  }
  // insertion sort: a handful of crossings per row
  for (let i = 1; i < n; i++) {
    const v = crossings[i];
    let k = i - 1;
    while (k >= 0 && crossings[k] > v) {
      crossings[k + 1] = crossings[k];
      k--;
    }
    crossings[k + 1] = v;
  }
  let count = 0;
  for (let i = 0; i + 1 < n; i += 2) {
    let c0 = Math.ceil(crossings[i] - 0.5);
    let c1 = Math.ceil(crossings[i + 1] - 0.5);
    if (c0 < colMin) c0 = colMin;
    if (c1 > colMax) c1 = colMax;
    if (c1 > c0) {
      spans[2 * count] = c0;
      spans[2 * count + 1] = c1;
      count++;
    }
  }
  return count;
}

let spanScratch = new Int32Array(256);

function spansFor(polygon: PolygonPx): Int32Array {
  let vertices = 0;
  for (const ring of polygon.rings) vertices += ring.length / 2;
  if (spanScratch.length < vertices + 2) spanScratch = new Int32Array(vertices * 2 + 2);
  return spanScratch;
}

/** Row range of a window that a polygon's bbox can touch: [r0, r1). */
function rowRange(polygon: PolygonPx, win: PixelWindow): [number, number] {
  const r0 = Math.max(win.y, Math.floor(polygon.bbox.minY - 0.5));
  const r1 = Math.min(win.y + win.height, Math.ceil(polygon.bbox.maxY + 0.5));
  return [r0, r1];
}

export function touchesWindow(polygon: PolygonPx, win: PixelWindow): boolean {
  const b = polygon.bbox;
  return b.maxX >= win.x - 1 && b.minX <= win.x + win.width + 1 && b.maxY >= win.y - 1 && b.minY <= win.y + win.height + 1;
}

/** Sets out[(r - win.y) * win.width + (c - win.x)] = value for every pixel of the polygon in the window. */
export function fillPolygon(polygon: PolygonPx, win: PixelWindow, out: Uint8Array, value: number): number {
  if (!touchesWindow(polygon, win)) return 0;
  const spans = spansFor(polygon);
  const [r0, r1] = rowRange(polygon, win);
  let filled = 0;
  for (let r = r0; r < r1; r++) {
    const n = rowSpans(polygon.rings, r, win.x, win.x + win.width, spans);
    const base = (r - win.y) * win.width - win.x;
    for (let s = 0; s < n; s++) {
      const c1 = spans[2 * s + 1];
      for (let c = spans[2 * s]; c < c1; c++) out[base + c] = value;
      filled += c1 - spans[2 * s];
    }
  }
  return filled;
}

/** Number of pixels whose centre lies in the polygon (over the whole plane). */
export function countPixels(polygon: PolygonPx): number {
  const b = polygon.bbox;
  const win = {
    x: Math.floor(b.minX) - 1,
    y: Math.floor(b.minY) - 1,
    width: Math.ceil(b.maxX) - Math.floor(b.minX) + 3,
    height: Math.ceil(b.maxY) - Math.floor(b.minY) + 3,
  };
  const spans = spansFor(polygon);
  let count = 0;
  for (let r = win.y; r < win.y + win.height; r++) {
    const n = rowSpans(polygon.rings, r, win.x, win.x + win.width, spans);
    for (let s = 0; s < n; s++) count += spans[2 * s + 1] - spans[2 * s];
  }
  return count;
}

/** The shared span scratch for callers that walk spans themselves (sized for `polygon`). */
export function spanBuffer(polygon: PolygonPx): Int32Array {
  return spansFor(polygon);
}
