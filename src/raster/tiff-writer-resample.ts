/**
 * Overview resampling kernels, matching GDAL 3.6's overview semantics (checked against gdal_translate -of COG
 * and gdaladdo): with r = srcSize / dstSize per axis,
 * - nearest: dst i takes src floor(i·r + 0.5) (the top-left pixel of each 2×2 block at an exact factor 2);
 * - average: area-weighted mean over [i·r, (i+1)·r), integers rounded half up; nodata/NaN skipped;
 * - mode: most frequent value over [floor(i·r), ceil((i+1)·r)), ties going to the value that reached the
 *   top count first in row-major scan order; nodata/NaN skipped.
 * A dst pixel with no valid source pixel gets the nodata value.
 * Buffers are pixel-interleaved: `src` is a winW-wide window whose top-left is src pixel (wx0, wy0);
 * `dst` is a tile of row stride `dstStride` pixels whose top-left is dst pixel (dx0, dy0).
 */
import type { PixelArray } from './raster-types.ts';

export type Resampling = 'nearest' | 'average' | 'mode';

/** Per dst index along one axis: source span [start, end) and, for average, coverage weights. */
export interface AxisMap {
  start: Int32Array;
  end: Int32Array;
  weightOffset: Int32Array;
  weights: Float64Array;
}

export function axisMap(srcSize: number, dstSize: number, method: Resampling): AxisMap {
  const r = srcSize / dstSize;
  const start = new Int32Array(dstSize);
  const end = new Int32Array(dstSize);
  const weightOffset = new Int32Array(dstSize + 1);
  for (let i = 0; i < dstSize; i++) {
    let a: number;
    let b: number;
    if (method === 'nearest') {
      a = Math.min(Math.floor(i * r + 0.5), srcSize - 1);
      b = a + 1;
    } else {
      a = Math.floor(i * r + 1e-8);
      b = Math.min(srcSize, Math.ceil((i + 1) * r - 1e-8));
      if (b <= a) b = Math.min(srcSize, a + 1);
    }
    start[i] = a;
    end[i] = b;
    weightOffset[i + 1] = weightOffset[i] + (b - a);
  }
  const weights = new Float64Array(weightOffset[dstSize]);
  for (let i = 0; i < dstSize; i++) {
    const lo = i * r;
    const hi = (i + 1) * r;
    for (let s = start[i], k = weightOffset[i]; s < end[i]; s++, k++) {
      weights[k] = method === 'average' ? Math.min(s + 1, hi) - Math.max(s, lo) : 1;
    }
  }
  return { start, end, weightOffset, weights };
}

export interface ResampleArgs {
  src: PixelArray;
  winW: number;
  wx0: number;
  wy0: number;
  dst: PixelArray;
  dstStride: number;
  dx0: number;
  dy0: number;
  dx1: number;
  dy1: number;
  spp: number;
  mapX: AxisMap;
  mapY: AxisMap;
  /** null when the raster has no nodata; NaN is always skipped */
  nodata: number | null;
  /** round averages half up (integer sample types) */
  roundInt: boolean;
  /** scratch for mode, at least as long as the largest source span */
  values: Float64Array;
}

export function resampleNearest(a: ResampleArgs): void {
  const { src, winW, wx0, wy0, dst, dstStride, dx0, dy0, dx1, dy1, spp } = a;
  const sx = a.mapX.start;
  const sy = a.mapY.start;
  for (let y = dy0; y < dy1; y++) {
    const srow = (sy[y] - wy0) * winW - wx0;
    let dp = (y - dy0) * dstStride * spp;
    for (let x = dx0; x < dx1; x++) {
      const sp = (srow + sx[x]) * spp;
      for (let s = 0; s < spp; s++) dst[dp++] = src[sp + s];
    }
  }
}

export function resampleAverage(a: ResampleArgs): void {
  const { src, winW, wx0, wy0, dst, dstStride, dx0, dy0, dx1, dy1, spp, mapX, mapY, roundInt } = a;
  const hasNodata = a.nodata !== null;
  const nodata = a.nodata ?? 0;
  for (let y = dy0; y < dy1; y++) {
    const y0 = mapY.start[y];
    const y1 = mapY.end[y];
    const wyOff = mapY.weightOffset[y];
    for (let x = dx0; x < dx1; x++) {
      const x0 = mapX.start[x];
      const x1 = mapX.end[x];
      const wxOff = mapX.weightOffset[x];
      const dp = ((y - dy0) * dstStride + (x - dx0)) * spp;
      for (let s = 0; s < spp; s++) {
        let sum = 0;
        let wsum = 0;
        for (let sy = y0; sy < y1; sy++) {
          const row = (sy - wy0) * winW - wx0;
          // row totals first, then weighted by the row's coverage: GDAL's order, so halves round alike
          let rowSum = 0;
          let rowWeight = 0;
          for (let sx = x0; sx < x1; sx++) {
            const v = src[(row + sx) * spp + s];
            if (v !== v || (hasNodata && v === nodata)) continue;
            const wx = mapX.weights[wxOff + sx - x0];
            rowSum += v * wx;
            rowWeight += wx;
          }
          const wy = mapY.weights[wyOff + sy - y0];
          sum += rowSum * wy;
          wsum += rowWeight * wy;
        }
        if (wsum === 0) dst[dp + s] = nodata;
        else dst[dp + s] = roundInt ? Math.floor(sum / wsum + 0.5) : sum / wsum;
      }
    }
  }
}

export function resampleMode(a: ResampleArgs): void {
  const { src, winW, wx0, wy0, dst, dstStride, dx0, dy0, dx1, dy1, spp, mapX, mapY, values } = a;
  const hasNodata = a.nodata !== null;
  const nodata = a.nodata ?? 0;
  for (let y = dy0; y < dy1; y++) {
    const y0 = mapY.start[y];
    const y1 = mapY.end[y];
    for (let x = dx0; x < dx1; x++) {
      const x0 = mapX.start[x];
      const x1 = mapX.end[x];
      const dp = ((y - dy0) * dstStride + (x - dx0)) * spp;
      const block2 = x1 - x0 === 2 && y1 - y0 === 2;
      for (let s = 0; s < spp; s++) {
        if (block2) {
          // a uniform 2×2 block (most of a categorical raster): its value, as the general count gives
          const top = ((y0 - wy0) * winW - wx0 + x0) * spp + s;
          const bottom = top + winW * spp;
          const v = src[top];
          if (v === v && !(hasNodata && v === nodata) && src[top + spp] === v && src[bottom] === v && src[bottom + spp] === v) {
            dst[dp + s] = v;
            continue;
          }
        }
        let n = 0;
        let best = nodata;
        let bestCount = 0;
        for (let sy = y0; sy < y1; sy++) {
          const row = (sy - wy0) * winW - wx0;
          for (let sx = x0; sx < x1; sx++) {
            const v = src[(row + sx) * spp + s];
            if (v !== v || (hasNodata && v === nodata)) continue;
            values[n++] = v;
            // count of v so far, including this one: the running histogram GDAL keeps
            let c = 0;
            for (let k = 0; k < n; k++) if (values[k] === v) c++;
            if (c > bestCount) {
              bestCount = c;
              best = v;
            }
          }
        }
        dst[dp + s] = best;
      }
    }
  }
}

export const RESAMPLERS: Record<Resampling, (a: ResampleArgs) => void> = {
  nearest: resampleNearest,
  average: resampleAverage,
  mode: resampleMode,
};
