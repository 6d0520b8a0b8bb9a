import { planWindowRead } from './plan-window-read.ts';
import type { PixelArray, RasterSource } from './raster-types.ts';
import { executeWindowRead } from './read-window.ts';

export interface BandStats {
  /** 0-based band index */
  band: number;
  /** pixels counted: not nodata, not NaN */
  validCount: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  /** population standard deviation, as GDAL's ComputeStatistics */
  std: number | null;
}

/** Rows read per pass: whole block rows, about this many pixels, so memory stays bounded on large scenes. */
const PIXELS_PER_PASS = 4 * 1024 * 1024;

/**
 * Exact min/max/mean/std of each band over the whole raster, skipping nodata and NaN. Reads strips of
 * whole block rows, one at a time.
 */
export async function computeBandStats(src: RasterSource, bands?: number[]): Promise<BandStats[]> {
  const wanted = bands ?? Array.from({ length: src.bands }, (_, i) => i);
  const acc: Accumulator[] = wanted.map(() => ({ n: 0, min: Infinity, max: -Infinity, shift: 0, sum: 0, sumSq: 0 }));
  const blockRowsPerPass = Math.max(1, Math.floor(PIXELS_PER_PASS / (src.width * src.blockHeight)));
  const rowsPerPass = blockRowsPerPass * src.blockHeight;
  const nodata = src.nodata;
  for (let y = 0; y < src.height; y += rowsPerPass) {
    const height = Math.min(rowsPerPass, src.height - y);
    const outs = await executeWindowRead(planWindowRead(src, { x: 0, y, width: src.width, height }, wanted));
    for (let i = 0; i < outs.length; i++) accumulate(outs[i], nodata, acc[i]);
  }
  return wanted.map((band, i) => {
    const a = acc[i];
    if (a.n === 0) return { band, validCount: 0, min: null, max: null, mean: null, std: null };
    const meanShifted = a.sum / a.n;
    const variance = Math.max(0, a.sumSq / a.n - meanShifted * meanShifted);
    return { band, validCount: a.n, min: a.min, max: a.max, mean: a.shift + meanShifted, std: Math.sqrt(variance) };
  });
}

interface Accumulator {
  n: number;
  min: number;
  max: number;
  /** shift: the first valid value; sums are of (v - shift), which keeps the variance exact-ish for big means */
  shift: number;
  sum: number;
  sumSq: number;
}

function accumulate(values: PixelArray, nodata: number | null, a: Accumulator): void {
  const skip = nodata !== null && !Number.isNaN(nodata);
  // a float32 band holds nodata rounded to float32, as GDAL compares it
  const nd = !skip ? 0 : values instanceof Float32Array ? Math.fround(nodata as number) : (nodata as number);
  let { n, min, max, shift, sum, sumSq } = a;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v || (skip && v === nd)) continue;
    if (n === 0) shift = v;
    n++;
    if (v < min) min = v;
    if (v > max) max = v;
    const d = v - shift;
    sum += d;
    sumSq += d * d;
  }
  a.n = n;
  a.min = min;
  a.max = max;
  a.shift = shift;
  a.sum = sum;
  a.sumSq = sumSq;
}
