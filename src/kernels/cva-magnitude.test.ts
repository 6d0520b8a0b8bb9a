import { describe, expect, it } from 'vitest';
import { cvaMagnitude } from './cva-magnitude.ts';

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

  it('names the missing band', () => {
    expect(() => cvaMagnitude(a, b, [2], null, valid, 4)).toThrow(/band 3/);
  });
});
