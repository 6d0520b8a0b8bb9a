import { sampleTypeRange, type KernelSampleType } from './kernel-types.ts';
import type { Normalization } from './normalization.ts';
import type { BandStats } from './band-stats.ts';
import { DEFAULT_HISTOGRAM_BINS, histogramSpecFromRange, type HistogramSpec } from './histogram.ts';
import { KernelError } from './kernel-error.ts';

/**
 * Histogram range for CVA magnitudes fixed without a data pass, so pass 1 can bin tiles as they come.
 *
 * Integer sample types: with a, b ∈ [lo, hi] and b' = g·b + o, |a − b'| ≤ max(hi − (g·lo + o), (g·hi + o) − lo)
 * per band (g ≥ 0); the magnitude is at most the root of the summed squares of these bounds. Without
 * normalisation that is (hi − lo)·sqrt(nBands). Resolution with the default 65536 bins:
 * uint8, 6 bands → 624.6/65536 ≈ 0.0095 DN; uint16, 4 bands → 131070/65536 = 2 DN; int16 alike. Real
 * magnitudes use a small part of the range, so the effective resolution of Otsu is this bin width.
 *
 * Float types have no a-priori range: use magnitudeHistogramSpecFromStats with merged band statistics
 * (their min/max give the same bound, from data).
 */
export function magnitudeHistogramSpec(
  sampleType: KernelSampleType,
  bands: number | readonly number[],
  norm: Normalization | null,
  bins: number = DEFAULT_HISTOGRAM_BINS,
): HistogramSpec {
  const range = sampleTypeRange(sampleType);
  if (range === null) {
    throw new KernelError('E_KERNEL_HISTOGRAM', `magnitudeHistogramSpec: ${sampleType} has no fixed range; use magnitudeHistogramSpecFromStats`);
  }
  const indices = typeof bands === 'number' ? Array.from({ length: bands }, (_, i) => i) : bands;
  let sumSq = 0;
  for (const b of indices) {
    const d = maxAbsDiff(range.min, range.max, range.min, range.max, norm, b);
    sumSq += d * d;
  }
  return { min: 0, max: Math.sqrt(sumSq) || 1, bins };
}

/**
 * Same bound from observed per-band min/max of both epochs (merged BandStats over valid pixels): for float
 * rasters, or for a tighter integer range. Needs the stats pass, which normalisation needs anyway.
 */
export function magnitudeHistogramSpecFromStats(
  statsA: BandStats,
  statsB: BandStats,
  bandIndices: readonly number[] | null,
  norm: Normalization | null,
  bins: number = DEFAULT_HISTOGRAM_BINS,
): HistogramSpec {
  const indices = bandIndices ?? Array.from({ length: statsA.bands }, (_, i) => i);
  let sumSq = 0;
  for (const b of indices) {
    if (statsA.count[b] === 0 || statsB.count[b] === 0) continue;
    const d = maxAbsDiff(statsA.min[b], statsA.max[b], statsB.min[b], statsB.max[b], norm, b);
    sumSq += d * d;
  }
  return histogramSpecFromRange(0, Math.sqrt(sumSq), bins);
}

function maxAbsDiff(loA: number, hiA: number, loB: number, hiB: number, norm: Normalization | null, b: number): number {
  const g = norm === null ? 1 : norm.gain[b];
  const o = norm === null ? 0 : norm.offset[b];
  const y1 = g * loB + o;
  const y2 = g * hiB + o;
  const yLo = Math.min(y1, y2);
  const yHi = Math.max(y1, y2);
  return Math.max(Math.abs(hiA - yLo), Math.abs(yHi - loA));
}
