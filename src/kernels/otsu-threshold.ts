import { binEdge, binWidth, checkHistogramSpec, type HistogramSpec } from './histogram.ts';
import { KernelError } from './kernel-error.ts';

/**
 * Otsu (1979) on a fixed-bin histogram: the split k maximising the between-class variance
 * ω0·ω1·(μ0 − μ1)², with class 0 = bins 0..k and class 1 = bins k+1..end, bin centres as values.
 * Returns k, or -1 when fewer than two bins are occupied (no split exists). Ties keep the smallest k,
 * so the result depends on the counts only: merged tile histograms give the same k as one whole-raster
 * histogram.
 */
export function otsuBin(hist: Float64Array, spec: HistogramSpec): number {
  checkHistogramSpec(spec);
  if (hist.length !== spec.bins) {
    throw new KernelError('E_KERNEL_HISTOGRAM', `otsu: histogram has ${hist.length} bins, spec ${spec.bins}`);
  }
  // Sums over bin indices (k + 0.5 shifts every mean equally; variance ratios are shift- and scale-free).
  let total = 0;
  let sumAll = 0;
  for (let k = 0; k < hist.length; k++) {
    total += hist[k];
    sumAll += k * hist[k];
  }
  if (total === 0) return -1;
  let w0 = 0;
  let sum0 = 0;
  let best = -1;
  let bestVar = 0;
  for (let k = 0; k < hist.length - 1; k++) {
    const c = hist[k];
    if (c === 0 && w0 === 0) continue;
    w0 += c;
    sum0 += k * c;
    const w1 = total - w0;
    if (w1 === 0) break;
    const d = sum0 / w0 - (sumAll - sum0) / w1;
    const between = w0 * w1 * d * d;
    if (between > bestVar) {
      bestVar = between;
      best = k;
    }
  }
  return best;
}

/**
 * Otsu threshold as a value: the upper edge of the last bin of the low class. Changed = value > threshold.
 * With no possible split (empty histogram or one occupied bin) returns the upper edge of the occupied bin
 * (spec.max when empty), which marks nothing as changed.
 */
export function otsuThreshold(hist: Float64Array, spec: HistogramSpec): number {
  const k = otsuBin(hist, spec);
  if (k >= 0) return binEdge(spec, k + 1);
  for (let j = hist.length - 1; j >= 0; j--) if (hist[j] > 0) return binEdge(spec, j + 1);
  return spec.max;
}

/** Exact threshold resolution of otsuThreshold for a spec (one bin). */
export function otsuResolution(spec: HistogramSpec): number {
  return binWidth(spec);
}
