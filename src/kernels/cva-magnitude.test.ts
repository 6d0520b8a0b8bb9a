import { describe, expect, it } from 'vitest';
import { cvaMagnitude } from './cva-magnitude.ts';
import { mulberry32 } from '../util/prng.ts';

describe('cvaMagnitude', () => {
  const a = [new Uint8Array([0, 10, 5, 7]), new Uint8Array([0, 10, 5, 7])];
  const b = [new Uint8Array([3, 10, 5, 0]), new Uint8Array([4, 10, 2, 0])];
  const valid = new Uint8Array([1, 1, 1, 0]);

  it('is the Euclidean norm of the band differences, 0 where invalid', () => {
    expect(Array.from(cvaMagnitude(a, b, null, null, valid, 4))).toEqual([5, 0, 3, 0]);
  });

  it('uses only the chosen bands', () => {
    expect(Array.from(cvaMagnitude(a, b, [1], null, valid, 4))).toEqual([4, 0, 3, 0]);
  });

  it('applies gain and offset to epoch B', () => {
    const norm = { gain: new Float64Array([2, 1]), offset: new Float64Array([1, -2]) };
    // px0: band1 0 − (2·3+1) = −7, band2 0 − (4−2) = −2 → sqrt(53)
    const out = cvaMagnitude(a, b, null, norm, valid, 4, new Float32Array(4));
    expect(out[0]).toBeCloseTo(Math.sqrt(53), 5);
    expect(out[1]).toBeCloseTo(Math.sqrt(121 + 4), 5);
  });

  it('gives the same bits for four bands (one fused pass) as for the band-by-band loop, with and without normalisation', () => {
    const rnd = mulberry32(8);
    const n = 5000;
    const bandsA = Array.from({ length: 5 }, () => Uint16Array.from({ length: n }, () => Math.floor(rnd() * 4096)));
    const bandsB = Array.from({ length: 5 }, () => Uint16Array.from({ length: n }, () => Math.floor(rnd() * 4096)));
    const valid = Uint8Array.from({ length: n }, () => (rnd() < 0.9 ? 1 : 0));
    const norm = { gain: Float64Array.from({ length: 5 }, () => 0.7 + rnd() * 0.6), offset: Float64Array.from({ length: 5 }, () => rnd() * 50 - 25) };
    for (const nm of [null, norm]) {
      for (const pick of [[0, 1, 2, 3], [4, 2, 0, 1]]) {
        // reference: the band-outer sum ((d0² + d1²) + d2²) + d3² in Float64, rounded to Float32 once
        const ref = new Float32Array(n);
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (const b of pick) {
            const d = bandsA[b][i] - ((nm ? nm.gain[b] : 1) * bandsB[b][i] + (nm ? nm.offset[b] : 0));
            s += d * d;
          }
          ref[i] = valid[i] ? Math.sqrt(s) : 0;
        }
        expect(cvaMagnitude(bandsA, bandsB, pick, nm, valid, n)).toEqual(ref);
        // the general path (five bands, the fifth contributing 0) sums the same four terms first
        const zeroA = [...pick.map((b) => bandsA[b]), new Uint16Array(n)];
        const zeroB = [...pick.map((b) => bandsB[b]), new Uint16Array(n)];
        const five = nm ? { gain: Float64Array.of(...pick.map((b) => nm.gain[b]), 1), offset: Float64Array.of(...pick.map((b) => nm.offset[b]), 0) } : null;
        expect(cvaMagnitude(zeroA, zeroB, null, five, valid, n)).toEqual(ref);
      }
    }
  });

  it('names the missing band', () => {
    expect(() => cvaMagnitude(a, b, [2], null, valid, 4)).toThrow(/band 3/);
  });
});
