import type { PixelArray } from '../raster/index.ts';

/** Linear stretch of one band: lo → 0, hi → 255. */
export interface BandStretch {
  lo: number;
  hi: number;
}

export const DEFAULT_PERCENTILES: readonly [number, number] = [2, 98];

/**
 * The p-th and q-th percentiles (nearest rank on the sorted valid values) of one band, ignoring nodata,
 * NaN and ±Inf. An empty band gives 0..1.
 */
export function percentileStretch(band: PixelArray, nodata: number | null, percentiles: readonly [number, number] = DEFAULT_PERCENTILES): BandStretch {
  const n = band.length;
  const vals = new Float64Array(n);
  let k = 0;
  const nd = nodata === null ? NaN : band instanceof Float32Array ? Math.fround(nodata) : nodata;
  for (let i = 0; i < n; i++) {
    const v = band[i];
    if (v === nd || !Number.isFinite(v)) continue;
    vals[k++] = v;
  }
  if (k === 0) return { lo: 0, hi: 1 };
  const sorted = vals.subarray(0, k).sort();
  const at = (p: number) => sorted[Math.min(k - 1, Math.max(0, Math.round((p / 100) * (k - 1))))];
  return { lo: at(percentiles[0]), hi: at(percentiles[1]) };
}

/** One value stretched to a byte; the tile renderer and the tests use this same rounding. */
export function stretchToByte(v: number, s: BandStretch): number {
  if (!(v > s.lo)) return 0;
  if (v >= s.hi) return 255;
  return Math.round(((v - s.lo) * 255) / (s.hi - s.lo));
}

/** Lookup table value → byte for integer samples in [offset, offset + size). */
export function stretchLut(s: BandStretch, offset: number, size: number, out: Uint8Array = new Uint8Array(size)): Uint8Array {
  for (let i = 0; i < size; i++) out[i] = stretchToByte(i + offset, s);
  return out;
}
