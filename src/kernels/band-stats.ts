import type { BandArrays } from './kernel-types.ts';
import { KernelError } from './kernel-error.ts';

/**
 * Per-band statistics over valid pixels, mergeable across tiles: count, sum and sum of squares in
 * Float64, plus min and max. Integer DNs give exact sums while the totals stay below 2^53 (a uint16 band
 * of 2^21 pixels per tile squared stays exact; merged scene totals lose only the last bits).
 * Plain typed arrays, so the struct crosses a worker boundary by structured clone or transfer.
 */
export interface BandStats {
  bands: number;
  count: Float64Array;
  sum: Float64Array;
  sumSq: Float64Array;
  /** +Inf when count is 0 */
  min: Float64Array;
  /** -Inf when count is 0 */
  max: Float64Array;
}

export function emptyBandStats(bands: number): BandStats {
  return {
    bands,
    count: new Float64Array(bands),
    sum: new Float64Array(bands),
    sumSq: new Float64Array(bands),
    min: new Float64Array(bands).fill(Infinity),
    max: new Float64Array(bands).fill(-Infinity),
  };
}

/** 16-bit samples: n · 65535² stays below 2^53 up to this many pixels, so their sums are exact in any order. */
const EXACT_SMALL_INT_PIXELS = 1 << 21;

function isSmallInt(band: BandArrays[number]): boolean {
  return band instanceof Uint8Array || band instanceof Uint16Array || band instanceof Int16Array || band instanceof Int8Array;
}

/** Statistics of each band over pixels with valid[i] = 1. `out` (if given) is reset first. */
export function bandStats(bands: BandArrays, valid: Uint8Array, n: number, out?: BandStats): BandStats {
  const stats = out ?? emptyBandStats(bands.length);
  if (stats.bands !== bands.length) {
    throw new KernelError('E_KERNEL_INPUT', `bandStats: out has ${stats.bands} bands, input ${bands.length}`);
  }
  for (let b = 0; b < bands.length; b++) {
    const band = bands[b];
    let count = 0;
    let sum = 0;
    let sumSq = 0;
    let min = Infinity;
    let max = -Infinity;
    if (n <= EXACT_SMALL_INT_PIXELS && isSmallInt(band)) {
      // every partial sum is an integer below 2^53, so two interleaved accumulators give the exact same
      // totals as one, without one long chain of dependent float adds
      let sum1 = 0;
      let sumSq1 = 0;
      let i = 0;
      for (; i + 1 < n; i += 2) {
        const v0 = band[i];
        const v1 = band[i + 1];
        if (valid[i] !== 0) {
          count++;
          sum += v0;
          sumSq += v0 * v0;
          if (v0 < min) min = v0;
          if (v0 > max) max = v0;
        }
        if (valid[i + 1] !== 0) {
          count++;
          sum1 += v1;
          sumSq1 += v1 * v1;
          if (v1 < min) min = v1;
          if (v1 > max) max = v1;
        }
      }
      if (i < n && valid[i] !== 0) {
        const v = band[i];
        count++;
        sum += v;
        sumSq += v * v;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      sum += sum1;
      sumSq += sumSq1;
    } else {
      for (let i = 0; i < n; i++) {
        if (valid[i] === 0) continue;
        const v = band[i];
        count++;
        sum += v;
        sumSq += v * v;
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
    stats.count[b] = count;
    stats.sum[b] = sum;
    stats.sumSq[b] = sumSq;
    stats.min[b] = min;
    stats.max[b] = max;
  }
  return stats;
}

/** a ⊕ b. `out` may be `a` (accumulate in place). */
export function mergeBandStats(a: BandStats, b: BandStats, out: BandStats = emptyBandStats(a.bands)): BandStats {
  if (a.bands !== b.bands || out.bands !== a.bands) {
    throw new KernelError('E_KERNEL_INPUT', `mergeBandStats: band counts differ (${a.bands}, ${b.bands}, ${out.bands})`);
  }
  for (let k = 0; k < a.bands; k++) {
    out.count[k] = a.count[k] + b.count[k];
    out.sum[k] = a.sum[k] + b.sum[k];
    out.sumSq[k] = a.sumSq[k] + b.sumSq[k];
    out.min[k] = Math.min(a.min[k], b.min[k]);
    out.max[k] = Math.max(a.max[k], b.max[k]);
  }
  return out;
}

/** Mean and population standard deviation of band `b` (NaN when the band has no valid pixel). */
export function bandMeanStd(stats: BandStats, b: number): { mean: number; std: number } {
  const count = stats.count[b];
  if (count === 0) return { mean: NaN, std: NaN };
  const mean = stats.sum[b] / count;
  // clamp: cancellation can make the variance of a constant band a tiny negative number
  const variance = Math.max(0, stats.sumSq[b] / count - mean * mean);
  return { mean, std: Math.sqrt(variance) };
}
