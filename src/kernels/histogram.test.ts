import { describe, expect, it } from 'vitest';
import { binEdge, histogram, histogramMoments, histogramSpecFromRange, mergeHistograms } from './histogram.ts';
import { magnitudeHistogramSpec, magnitudeHistogramSpecFromStats } from './magnitude-histogram-spec.ts';
import { bandStats } from './band-stats.ts';

describe('histogram', () => {
  const spec = { min: 0, max: 10, bins: 5 }; // bins of 2

  it('bins valid values, clamps outliers to the end bins and skips NaN', () => {
    const values = new Float32Array([0, 1.99, 2, 9.99, 10, 55, -3, NaN, 4]);
    const valid = new Uint8Array([1, 1, 1, 1, 1, 1, 1, 1, 0]);
    expect(Array.from(histogram(values, valid, 9, spec))).toEqual([3, 1, 0, 0, 3]);
    expect(Array.from(histogram(values, null, 9, spec))).toEqual([3, 1, 1, 0, 3]);
  });

  it('resets a reused out and rejects a mismatched one', () => {
    const out = new Float64Array([7, 7, 7, 7, 7]);
    histogram(new Uint8Array([5]), null, 1, spec, out);
    expect(Array.from(out)).toEqual([0, 0, 1, 0, 0]);
    expect(() => histogram(new Uint8Array(1), null, 1, spec, new Float64Array(4))).toThrow(expect.objectContaining({ code: 'E_KERNEL_HISTOGRAM' }));
    expect(() => histogram(new Uint8Array(1), null, 1, { min: 1, max: 1, bins: 3 })).toThrow(/spec/);
  });

  it('merges bin by bin', () => {
    const a = new Float64Array([1, 2, 3]);
    expect(Array.from(mergeHistograms(a, new Float64Array([1, 0, 1])))).toEqual([2, 2, 4]);
    mergeHistograms(a, a, a);
    expect(Array.from(a)).toEqual([2, 4, 6]);
  });

  it('moments use bin centres', () => {
    const m = histogramMoments(new Float64Array([1, 0, 0, 0, 1]), spec);
    expect(m).toEqual({ count: 2, mean: 5, std: 4 });
  });

  it('edges', () => {
    expect(binEdge(spec, 0)).toBe(0);
    expect(binEdge(spec, 3)).toBe(6);
    expect(binEdge(spec, 5)).toBe(10);
  });
});

describe('histogramSpecFromRange', () => {
  it('puts the maximum inside the last bin and widens a constant range', () => {
    const spec = histogramSpecFromRange(2, 6, 4);
    expect(spec.min).toBe(2);
    expect(spec.max).toBeGreaterThan(6);
    expect(Array.from(histogram(new Float64Array([6]), null, 1, spec))).toEqual([0, 0, 0, 1]);
    expect(histogramSpecFromRange(3, 3, 8)).toEqual({ min: 3, max: 4, bins: 8 });
  });
});

describe('magnitudeHistogramSpec', () => {
  it('bounds integer magnitudes by dtype range · sqrt(bands), without a data pass', () => {
    expect(magnitudeHistogramSpec('uint8', 4, null)).toEqual({ min: 0, max: 510, bins: 65536 });
    expect(magnitudeHistogramSpec('uint16', [0, 2], null, 1024).max).toBeCloseTo(65535 * Math.SQRT2, 6);
  });

  it('widens the bound by the normalisation of epoch B', () => {
    // b' = 2·b − 10 over [0, 255] → [−10, 500]; |a − b'| ≤ max(255 + 10, 500 − 0) = 500
    const norm = { gain: new Float64Array([2]), offset: new Float64Array([-10]) };
    expect(magnitudeHistogramSpec('uint8', 1, norm).max).toBe(500);
  });

  it('refuses float types and takes their range from band statistics instead', () => {
    expect(() => magnitudeHistogramSpec('float32', 2, null)).toThrow(/FromStats/);
    const valid = new Uint8Array([1, 1]);
    const a = bandStats([new Float32Array([0, 3]), new Float32Array([1, 1])], valid, 2);
    const b = bandStats([new Float32Array([1, 2]), new Float32Array([5, 5])], valid, 2);
    // band 1: a ∈ [0,3], b ∈ [1,2] → 2; band 2: a = 1, b = 5 → 4; sqrt(4 + 16)
    const spec = magnitudeHistogramSpecFromStats(a, b, null, null, 100);
    expect(spec.min).toBe(0);
    expect(spec.max).toBeCloseTo(Math.sqrt(20), 4);
    expect(spec.max).toBeGreaterThan(Math.sqrt(20));
  });
});
