import type { NumericArray } from './kernel-types.ts';
import { KernelError } from './kernel-error.ts';

/**
 * A fixed-bin histogram layout: `bins` equal bins over [min, max). Fixed before any tile is read, so every
 * tile bins the same way and merged tile histograms equal the whole-raster histogram exactly (counts
 * are integers in Float64, exact up to 2^53 pixels). Bin k covers [min + k·w, min + (k+1)·w), w =
 * (max − min)/bins; values below min land in bin 0, values ≥ max in the last bin. Resolution is w: a
 * threshold picked from the histogram is exact to within one bin.
 */
export interface HistogramSpec {
  min: number;
  max: number;
  bins: number;
}

export const DEFAULT_HISTOGRAM_BINS = 65536;

export function checkHistogramSpec(spec: HistogramSpec): void {
  if (!Number.isInteger(spec.bins) || spec.bins < 1 || !Number.isFinite(spec.min) || !Number.isFinite(spec.max) || !(spec.max > spec.min)) {
    throw new KernelError('E_KERNEL_HISTOGRAM', `bad histogram spec ${JSON.stringify(spec)}: need finite min < max and integer bins ≥ 1`);
  }
}

export function binWidth(spec: HistogramSpec): number {
  return (spec.max - spec.min) / spec.bins;
}

/** Lower edge of bin k (upper edge of bin k is binEdge(spec, k + 1)). */
export function binEdge(spec: HistogramSpec, k: number): number {
  return k === spec.bins ? spec.max : spec.min + k * binWidth(spec);
}

/**
 * Spec over [min, max] of observed values (e.g. merged band-stats or magnitude min/max for float data).
 * max is nudged up by one part in 2^20 of the range so the maximum itself falls inside the last bin;
 * a constant input (min = max) gets a range of 1.
 */
export function histogramSpecFromRange(min: number, max: number, bins: number = DEFAULT_HISTOGRAM_BINS): HistogramSpec {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) {
    throw new KernelError('E_KERNEL_HISTOGRAM', `histogram range [${min}, ${max}] is empty or not finite`);
  }
  const span = max - min;
  return { min, max: span === 0 ? min + 1 : max + span / 1048576, bins };
}

/**
 * Counts `values[i]` over pixels with valid[i] = 1 (valid = null: every pixel) into `out`, which is reset
 * first. NaN values are skipped; ±Inf clamp to the end bins.
 */
export function histogram(
  values: NumericArray,
  valid: Uint8Array | null,
  n: number,
  spec: HistogramSpec,
  out: Float64Array = new Float64Array(spec.bins),
): Float64Array {
  checkHistogramSpec(spec);
  if (out.length !== spec.bins) {
    throw new KernelError('E_KERNEL_HISTOGRAM', `histogram: out has ${out.length} bins, spec ${spec.bins}`);
  }
  out.fill(0);
  const min = spec.min;
  const bins = spec.bins;
  const last = bins - 1;
  const scale = bins / (spec.max - spec.min);
  for (let i = 0; i < n; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const v = values[i];
    if (v !== v) continue;
    const t = (v - min) * scale;
    const k = t < 0 ? 0 : t >= bins ? last : t | 0;
    out[k]++;
  }
  return out;
}

/** a + b bin by bin; `out` may be `a` (accumulate in place). */
export function mergeHistograms(a: Float64Array, b: Float64Array, out: Float64Array = new Float64Array(a.length)): Float64Array {
  if (a.length !== b.length || out.length !== a.length) {
    throw new KernelError('E_KERNEL_HISTOGRAM', `mergeHistograms: bin counts differ (${a.length}, ${b.length}, ${out.length})`);
  }
  for (let k = 0; k < a.length; k++) out[k] = a[k] + b[k];
  return out;
}

/** Total count, mean and population std of a histogram, using bin centres. */
export function histogramMoments(hist: Float64Array, spec: HistogramSpec): { count: number; mean: number; std: number } {
  const w = binWidth(spec);
  let count = 0;
  let sum = 0;
  let sumSq = 0;
  for (let k = 0; k < hist.length; k++) {
    const c = hist[k];
    if (c === 0) continue;
    const x = spec.min + (k + 0.5) * w;
    count += c;
    sum += c * x;
    sumSq += c * x * x;
  }
  if (count === 0) return { count: 0, mean: NaN, std: NaN };
  const mean = sum / count;
  return { count, mean, std: Math.sqrt(Math.max(0, sumSq / count - mean * mean)) };
}
