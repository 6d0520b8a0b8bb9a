import { describe, expect, it } from 'vitest';
import { bandMeanStd, bandStats, emptyBandStats, mergeBandStats } from './band-stats.ts';
import { identityNormalization, normalizationFromStats } from './normalization.ts';

describe('bandStats', () => {
  it('counts, sums and bounds valid pixels only', () => {
    const s = bandStats([new Uint8Array([1, 2, 3, 200]), new Float32Array([-1, 0.5, 2, 9])], new Uint8Array([1, 1, 1, 0]), 4);
    expect(Array.from(s.count)).toEqual([3, 3]);
    expect(Array.from(s.sum)).toEqual([6, 1.5]);
    expect(Array.from(s.sumSq)).toEqual([14, 5.25]);
    expect(Array.from(s.min)).toEqual([1, -1]);
    expect(Array.from(s.max)).toEqual([3, 2]);
    expect(bandMeanStd(s, 0).mean).toBe(2);
    expect(bandMeanStd(s, 0).std).toBeCloseTo(Math.sqrt(2 / 3), 12);
  });

  it('merged halves equal the whole', () => {
    const band = new Uint16Array([5, 7, 1, 1000, 3, 9]);
    const valid = new Uint8Array([1, 1, 0, 1, 1, 1]);
    const whole = bandStats([band], valid, 6);
    const left = bandStats([band.subarray(0, 3)], valid.subarray(0, 3), 3);
    const right = bandStats([band.subarray(3)], valid.subarray(3), 3);
    expect(mergeBandStats(left, right)).toEqual(whole);
    const acc = emptyBandStats(1);
    mergeBandStats(acc, left, acc);
    mergeBandStats(acc, right, acc);
    expect(acc).toEqual(whole);
  });

  it('an empty band has NaN mean/std and ±Inf bounds', () => {
    const s = bandStats([new Uint8Array([1])], new Uint8Array([0]), 1);
    expect(s.min[0]).toBe(Infinity);
    expect(bandMeanStd(s, 0).mean).toBeNaN();
  });
});

describe('normalizationFromStats', () => {
  it('maps epoch B onto epoch A by mean and std', () => {
    const valid = new Uint8Array(4).fill(1);
    const a = new Float64Array([10, 20, 30, 40]);
    const b = new Float64Array([1, 2, 3, 4]); // A = 10·B
    const norm = normalizationFromStats(bandStats([a], valid, 4), bandStats([b], valid, 4));
    expect(norm.gain[0]).toBeCloseTo(10, 12);
    expect(norm.offset[0]).toBeCloseTo(0, 10);
    // a seasonal shift: B = A − 15 → gain 1, offset 15
    const shifted = normalizationFromStats(bandStats([a], valid, 4), bandStats([a.map((v) => v - 15)], valid, 4));
    expect(shifted.gain[0]).toBeCloseTo(1, 12);
    expect(shifted.offset[0]).toBeCloseTo(15, 10);
  });

  it('keeps gain 1 for a constant band', () => {
    const valid = new Uint8Array(2).fill(1);
    const norm = normalizationFromStats(bandStats([new Uint8Array([4, 6])], valid, 2), bandStats([new Uint8Array([3, 3])], valid, 2));
    expect(norm.gain[0]).toBe(1);
    expect(norm.offset[0]).toBe(2);
    expect(identityNormalization(2)).toEqual({ gain: new Float64Array([1, 1]), offset: new Float64Array(2) });
  });
});
