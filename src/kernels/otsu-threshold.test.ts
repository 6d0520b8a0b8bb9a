import { describe, expect, it } from 'vitest';
import { otsuBin, otsuThreshold } from './otsu-threshold.ts';
import { kSigmaThreshold } from './k-sigma-threshold.ts';
import { binWidth, histogram, histogramSpecFromRange, mergeHistograms } from './histogram.ts';
import { thresholdMask } from './threshold-mask.ts';
import { mulberry32 } from '../util/prng.ts';

/** Two Gaussian modes (unchanged: mean 20, sd 5; changed: mean 60, sd 8), 15 % changed. */
function bimodal(n: number, seed: number): Float32Array {
  const rnd = mulberry32(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const g = Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
    out[i] = rnd() < 0.15 ? 60 + 8 * g : Math.max(0, 20 + 5 * g);
  }
  return out;
}

/** Unbinned Otsu over sorted values: the largest value of the low class at the best split. */
function exactOtsu(values: Float32Array): { low: number; high: number } {
  const v = Float64Array.from(values).sort();
  const n = v.length;
  let total = 0;
  for (const x of v) total += x;
  let sum0 = 0;
  let best = -1;
  let bestVar = -1;
  for (let i = 0; i < n - 1; i++) {
    sum0 += v[i];
    if (v[i] === v[i + 1]) continue;
    const w0 = i + 1;
    const w1 = n - w0;
    const d = sum0 / w0 - (total - sum0) / w1;
    const between = w0 * w1 * d * d;
    if (between > bestVar) {
      bestVar = between;
      best = i;
    }
  }
  return { low: v[best], high: v[best + 1] };
}

describe('otsuThreshold', () => {
  it('splits a literal two-level histogram at the upper edge of the low class', () => {
    const spec = { min: 0, max: 8, bins: 8 };
    const hist = new Float64Array([0, 5, 5, 0, 0, 0, 3, 3]);
    expect(otsuBin(hist, spec)).toBe(2);
    expect(otsuThreshold(hist, spec)).toBe(3);
  });

  it('marks nothing when there is no split', () => {
    const spec = { min: 0, max: 4, bins: 4 };
    expect(otsuBin(new Float64Array(4), spec)).toBe(-1);
    expect(otsuThreshold(new Float64Array(4), spec)).toBe(4);
    expect(otsuThreshold(new Float64Array([0, 9, 0, 0]), spec)).toBe(2);
  });

  it('gives the same threshold from merged tile histograms as from one histogram of the whole array', () => {
    const n = 40_000;
    const values = bimodal(n, 7);
    const valid = new Uint8Array(n).fill(1);
    for (let i = 0; i < n; i += 13) valid[i] = 0;
    const spec = histogramSpecFromRange(0, 120, 65536);
    const whole = histogram(values, valid, n, spec);
    const merged = new Float64Array(spec.bins);
    const cuts = [0, 1000, 1001, 9000, 17_777, 30_000, n];
    for (let t = 0; t + 1 < cuts.length; t++) {
      const part = histogram(values.subarray(cuts[t]), valid.subarray(cuts[t]), cuts[t + 1] - cuts[t], spec);
      mergeHistograms(merged, part, merged);
    }
    expect(merged).toEqual(whole);
    expect(otsuThreshold(merged, spec)).toBe(otsuThreshold(whole, spec));
  });

  it('is within one bin width of the exact unbinned Otsu threshold', () => {
    const n = 20_000;
    const values = bimodal(n, 11);
    for (const bins of [256, 4096, 65536]) {
      const spec = histogramSpecFromRange(0, 120, bins);
      const t = otsuThreshold(histogram(values, null, n, spec), spec);
      const exact = exactOtsu(values);
      // every threshold in [low, high) gives the exact partition
      const distance = t < exact.low ? exact.low - t : t >= exact.high ? t - exact.high : 0;
      expect(distance).toBeLessThanOrEqual(binWidth(spec));
      expect(t).toBeGreaterThan(30);
      expect(t).toBeLessThan(50);
    }
  });
});

describe('kSigmaThreshold', () => {
  it('is mean + k·std of the bin centres', () => {
    const spec = { min: 0, max: 10, bins: 5 };
    const hist = new Float64Array([1, 0, 0, 0, 1]); // centres 1 and 9 → mean 5, std 4
    expect(kSigmaThreshold(hist, spec, 1.5)).toBe(11);
    expect(kSigmaThreshold(new Float64Array(5), spec, 2)).toBe(10);
  });
});

describe('thresholdMask', () => {
  it('is 1 strictly above the threshold, 255 where invalid', () => {
    const out = thresholdMask(new Float32Array([1, 3, 3.5, 9]), new Uint8Array([1, 1, 1, 0]), 4, 3);
    expect(Array.from(out)).toEqual([0, 0, 1, 255]);
  });
});
