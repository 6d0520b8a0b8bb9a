import { checkHistogramSpec, histogramMoments, type HistogramSpec } from './histogram.ts';
import { KernelError } from './kernel-error.ts';

/**
 * mean + k·std of the histogrammed values (bin centres, population std); changed = value > threshold.
 * Empty histogram → spec.max (nothing changed). The classic CVA rule for a magnitude image is k ≈ 1–2.
 */
export function kSigmaThreshold(hist: Float64Array, spec: HistogramSpec, k: number): number {
  checkHistogramSpec(spec);
  if (hist.length !== spec.bins) {
    throw new KernelError('E_KERNEL_HISTOGRAM', `kSigma: histogram has ${hist.length} bins, spec ${spec.bins}`);
  }
  if (!Number.isFinite(k)) throw new KernelError('E_KERNEL_INPUT', `kSigma: k must be finite, got ${k}`);
  const m = histogramMoments(hist, spec);
  return m.count === 0 ? spec.max : m.mean + k * m.std;
}
