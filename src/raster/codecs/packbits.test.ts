import { describe, expect, it } from 'vitest';
import { unpackBits } from './packbits.ts';

describe('unpackBits', () => {
  it('decodes the Apple TN1023 example', () => {
    const src = Uint8Array.from([0xfe, 0xaa, 0x02, 0x80, 0x00, 0x2a, 0xfd, 0xaa, 0x03, 0x80, 0x00, 0x2a, 0x22, 0xf7, 0xaa]);
    const want = [0xaa, 0xaa, 0xaa, 0x80, 0x00, 0x2a, 0xaa, 0xaa, 0xaa, 0xaa, 0x80, 0x00, 0x2a, 0x22, ...new Array(10).fill(0xaa)];
    const out = new Uint8Array(want.length);
    expect(unpackBits(src, out, out.length)).toBe(want.length);
    expect([...out]).toEqual(want);
  });

  it('skips the -128 no-op header and stops when the output is full', () => {
    const out = new Uint8Array(3);
    expect(unpackBits(Uint8Array.from([0x80, 0xfb, 0x07]), out, 3)).toBe(3);
    expect([...out]).toEqual([7, 7, 7]);
  });

  it('throws when a literal run passes the end of the data', () => {
    expect(() => unpackBits(Uint8Array.from([0x05, 1, 2]), new Uint8Array(10), 10)).toThrow(/literal run/);
  });
});
