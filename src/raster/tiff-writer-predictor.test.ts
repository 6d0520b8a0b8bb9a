import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../util/prng.ts';
import { floatAcc, floatDiff, horizontalAcc, horizontalDiff } from './tiff-writer-predictor.ts';

describe('tiff-writer predictors', () => {
  it('horizontal differencing wraps and inverts for 8/16/32-bit lanes', () => {
    const rnd = mulberry32(1);
    for (const Ctor of [Uint8Array, Uint16Array, Uint32Array]) {
      const a = new Ctor(4 * 3 * 5);
      for (let i = 0; i < a.length; i++) a[i] = Math.floor(rnd() * 2 ** (Ctor.BYTES_PER_ELEMENT * 8));
      const orig = a.slice();
      horizontalDiff(a, 4 * 3, 5, 3);
      expect(a[3]).toBe((orig[3] - orig[0] + 2 ** (Ctor.BYTES_PER_ELEMENT * 8)) % 2 ** (Ctor.BYTES_PER_ELEMENT * 8));
      expect(a[12]).toBe(orig[12]); // each row starts afresh
      horizontalAcc(a, 4 * 3, 5, 3);
      expect(a).toEqual(orig);
    }
  });

  it('floating point predictor splits bytes into planes, most significant first, and inverts', () => {
    const f = new Float32Array([1, 2, -3, Number.NaN, 1e-30, 7]);
    const bytes = new Uint8Array(f.buffer.slice(0));
    const tmp = new Uint8Array(f.byteLength);
    floatDiff(bytes, 3, 2, 1, 4, tmp);
    // first byte of a row is the most significant byte of its first sample (1.0f = 0x3f800000)
    expect(bytes[0]).toBe(0x3f);
    floatAcc(bytes, 3, 2, 1, 4, tmp);
    expect(Buffer.from(bytes).equals(Buffer.from(f.buffer))).toBe(true);
  });
});
