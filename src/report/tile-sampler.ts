import type { GeoTransform, PixelWindow } from '../raster/index.ts';
import type { PointTransform } from '../vector/crs.ts';
import { mercatorToLat, mercatorToLon, tileBounds3857 } from './web-mercator.ts';

/** A raster grid to sample from: the native image or an in-memory overview of it. */
export interface SourceGrid {
  width: number;
  height: number;
  geoTransform: GeoTransform;
  /** lon/lat (WGS84/CGCS2000) → the grid's CRS */
  fromLonLat: PointTransform;
}

/** Which source pixel each output pixel shows (nearest neighbour). */
export interface TileSampling {
  /** per output pixel, row-major: index into `window` (row * window.width + col), -1 outside the raster */
  index: Int32Array;
  /** smallest window holding every sampled pixel; null when the tile misses the raster */
  window: PixelWindow | null;
}

/** GDAL's default approximation error of gdalwarp (-et 0.125), in source pixels. */
export const MAX_ERROR_PX = 0.125;

// scratch, reused by every call (module state is per thread; calls are synchronous)
let colF = new Float64Array(256);
let rowF = new Float64Array(256);
let cols = new Int32Array(256 * 256);
let rows = new Int32Array(256 * 256);

interface Ctx {
  inv: GeoTransform;
  fromLonLat: PointTransform;
  minX: number;
  maxY: number;
  resM: number;
  my: number;
}

/** Exact dst pixel (column i of the current row) → fractional source col/row, written at slot i. */
function exact(c: Ctx, i: number): void {
  const mx = c.minX + (i + 0.5) * c.resM;
  const p = c.fromLonLat(mercatorToLon(mx), mercatorToLat(c.my));
  const x = p[0];
  const y = p[1];
  const inv = c.inv;
  colF[i] = inv[0] + inv[1] * x + inv[2] * y;
  rowF[i] = inv[3] + inv[4] * x + inv[5] * y;
}

/**
 * GDAL's approximate transformer: the ends of a span are exact; when the middle is within MAX_ERROR_PX of
 * the straight line between them the span is interpolated, else it is split. Slots i0 and i1 are filled.
 */
function approxSpan(c: Ctx, i0: number, i1: number): void {
  if (i1 - i0 < 2) return;
  const mid = (i0 + i1) >> 1;
  exact(c, mid);
  const t = (mid - i0) / (i1 - i0);
  const ec = colF[i0] + (colF[i1] - colF[i0]) * t - colF[mid];
  const er = rowF[i0] + (rowF[i1] - rowF[i0]) * t - rowF[mid];
  if (Math.abs(ec) <= MAX_ERROR_PX && Math.abs(er) <= MAX_ERROR_PX) {
    const dc = (colF[i1] - colF[i0]) / (i1 - i0);
    const dr = (rowF[i1] - rowF[i0]) / (i1 - i0);
    for (let i = i0 + 1; i < i1; i++) {
      colF[i] = colF[i0] + dc * (i - i0);
      rowF[i] = rowF[i0] + dr * (i - i0);
    }
    return;
  }
  approxSpan(c, i0, mid);
  approxSpan(c, mid, i1);
}

/** Inverse of a GDAL geotransform: (x, y) → (col, row). */
export function invertGeoTransform(gt: GeoTransform): GeoTransform {
  const det = gt[1] * gt[5] - gt[2] * gt[4];
  const a = gt[5] / det;
  const b = -gt[2] / det;
  const d = -gt[4] / det;
  const e = gt[1] / det;
  return [-(a * gt[0] + b * gt[3]), a, b, -(d * gt[0] + e * gt[3]), d, e];
}

/**
 * Inverse-maps the centre of every pixel of XYZ tile (z, x, y) into the source grid (EPSG:3857 → lon/lat →
 * grid CRS → pixel), nearest neighbour, as `gdalwarp -t_srs EPSG:3857 -r near` does.
 */
export function sampleTile(grid: SourceGrid, z: number, x: number, y: number, tileSizePx = 256, out?: Int32Array): TileSampling {
  const n = tileSizePx;
  if (colF.length < n) {
    colF = new Float64Array(n);
    rowF = new Float64Array(n);
  }
  if (cols.length < n * n) {
    cols = new Int32Array(n * n);
    rows = new Int32Array(n * n);
  }
  const b = tileBounds3857(z, x, y);
  const c: Ctx = { inv: invertGeoTransform(grid.geoTransform), fromLonLat: grid.fromLonLat, minX: b[0], maxY: b[3], resM: (b[2] - b[0]) / n, my: 0 };
  const w = grid.width;
  const h = grid.height;
  let minC = w;
  let minR = h;
  let maxC = -1;
  let maxR = -1;
  for (let r = 0; r < n; r++) {
    c.my = c.maxY - (r + 0.5) * c.resM;
    exact(c, 0);
    exact(c, n - 1);
    approxSpan(c, 0, n - 1);
    const base = r * n;
    for (let i = 0; i < n; i++) {
      const cf = colF[i];
      const rf = rowF[i];
      // NaN compares false: a point proj4 cannot project falls outside
      if (cf >= 0 && cf < w && rf >= 0 && rf < h) {
        const ci = cf | 0;
        const ri = rf | 0;
        cols[base + i] = ci;
        rows[base + i] = ri;
        if (ci < minC) minC = ci;
        if (ci > maxC) maxC = ci;
        if (ri < minR) minR = ri;
        if (ri > maxR) maxR = ri;
      } else {
        cols[base + i] = -1;
      }
    }
  }
  const index = out ?? new Int32Array(n * n);
  if (maxC < 0) {
    index.fill(-1, 0, n * n);
    return { index, window: null };
  }
  const ww = maxC - minC + 1;
  for (let i = 0; i < n * n; i++) {
    const ci = cols[i];
    index[i] = ci < 0 ? -1 : (rows[i] - minR) * ww + (ci - minC);
  }
  return { index, window: { x: minC, y: minR, width: ww, height: maxR - minR + 1 } };
}
