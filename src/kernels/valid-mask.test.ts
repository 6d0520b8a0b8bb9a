import { describe, expect, it } from 'vitest';
import { validMask } from './valid-mask.ts';

describe('validMask', () => {
  it('is 0 where any band of either epoch is nodata', () => {
    const a1 = new Uint8Array([1, 0, 3, 4, 5]);
    const a2 = new Uint8Array([1, 2, 3, 4, 5]);
    const b1 = new Uint8Array([9, 9, 9, 7, 9]);
    expect(Array.from(validMask([a1, a2], [b1], 0, 7, 5))).toEqual([1, 0, 1, 0, 1]);
  });

  it('treats NaN and ±Inf as invalid whatever the nodata value, and matches float32 nodata after rounding', () => {
    const a = new Float32Array([1, NaN, Infinity, -Infinity, -3.4028234663852886e38, 2]);
    const b = new Float64Array([1, 1, 1, 1, 1, -9999]);
    expect(Array.from(validMask([a], [b], -3.4028234663852886e38, -9999, 6))).toEqual([1, 0, 0, 0, 0, 0]);
    // 0.1 is not a float32: the tag value must be rounded to match the stored pixel
    const f = new Float32Array([0.1, 0.2]);
    expect(Array.from(validMask([f], [f], 0.1, null, 2))).toEqual([0, 1]);
  });

  it('keeps every pixel valid for integer bands without nodata, and works for single-band land use', () => {
    const lu = new Uint16Array([1, 255, 3]);
    expect(Array.from(validMask([lu], [lu], null, null, 3))).toEqual([1, 1, 1]);
    expect(Array.from(validMask([lu], [new Uint16Array([1, 1, 255])], 255, 255, 3))).toEqual([1, 0, 0]);
  });

  it('reuses out and rejects short bands', () => {
    const out = new Uint8Array([0, 0]);
    expect(validMask([new Int16Array([1, 2])], [new Int16Array([1, 2])], null, null, 2, out)).toBe(out);
    expect(Array.from(out)).toEqual([1, 1]);
    expect(() => validMask([new Int16Array(1)], [new Int16Array(2)], null, null, 2)).toThrow(/band 1/);
  });
});
