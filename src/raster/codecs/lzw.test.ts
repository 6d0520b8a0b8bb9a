import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../util/prng.ts';
import { lzwCodec, lzwDecode } from './lzw.ts';

/** Reference TIFF LZW encoder (MSB-first, early change, CLEAR at 4094 like libtiff). */
function lzwEncode(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  let acc = 0;
  let nbits = 0;
  let width = 9;
  const emit = (code: number): void => {
    acc = (acc << width) | code;
    nbits += width;
    while (nbits >= 8) {
      out.push((acc >>> (nbits - 8)) & 0xff);
      nbits -= 8;
    }
    acc &= (1 << nbits) - 1;
  };
  let table = new Map<string, number>();
  let next = 258;
  emit(256);
  let w = '';
  for (const byte of data) {
    const wc = w + String.fromCharCode(byte);
    if (w === '' || table.has(wc)) {
      w = wc;
      continue;
    }
    emit(w.length === 1 ? w.charCodeAt(0) : (table.get(w) as number));
    table.set(wc, next++);
    // the encoder widens one code later than the decoder sees it: that is TIFF's "early change"
    if (next === 4094) {
      emit(256);
      table = new Map();
      next = 258;
      width = 9;
    } else if (next > (1 << width) - 1) width++;
    w = String.fromCharCode(byte);
  }
  if (w !== '') emit(w.length === 1 ? w.charCodeAt(0) : (table.get(w) as number));
  emit(257);
  if (nbits > 0) out.push((acc << (8 - nbits)) & 0xff);
  return Uint8Array.from(out);
}

function sample(n: number, seed: number, alphabet: number): Uint8Array {
  const rnd = mulberry32(seed);
  const a = new Uint8Array(n);
  for (let i = 0; i < n; i++) a[i] = rnd() < 0.3 && i > 0 ? a[i - 1] : Math.floor(rnd() * alphabet);
  return a;
}

describe('lzwDecode', () => {
  it('round-trips data that grows the code width to 12 bits and resets the table', () => {
    for (const [n, alphabet] of [[50_000, 256], [50_000, 4], [3, 256], [20_000, 1]]) {
      const data = sample(n, n + alphabet, alphabet);
      const out = new Uint8Array(n);
      expect(lzwDecode(lzwEncode(data), out, n)).toBe(n);
      expect(Buffer.from(out).equals(Buffer.from(data))).toBe(true);
    }
  });

  it('decodes the KwKwK case (a code defined by the code being read)', () => {
    const data = new Uint8Array(1000).fill(65); // aaaa… forces code == next at every step
    const out = new Uint8Array(1000);
    expect(lzwDecode(lzwEncode(data), out, 1000)).toBe(1000);
    expect(out.every((v) => v === 65)).toBe(true);
  });

  it('stops at the output size instead of writing past it', () => {
    const data = sample(5000, 7, 16);
    const out = new Uint8Array(4000);
    expect(lzwDecode(lzwEncode(data), out, 4000)).toBe(4000);
    expect(Buffer.from(out).equals(Buffer.from(data.subarray(0, 4000)))).toBe(true);
  });

  it('returns a short length for a stream cut before EOI', () => {
    const data = sample(5000, 9, 256);
    const enc = lzwEncode(data);
    expect(lzwDecode(enc.subarray(0, enc.length >> 1), new Uint8Array(5000), 5000)).toBeLessThan(5000);
  });

  it('throws on a code that is not in the table', () => {
    // CLEAR, 'A', then code 300 while the next free code is 258
    const enc = new Uint8Array([0x80, 0x10, 0x65, 0x80]);
    expect(() => lzwDecode(enc, new Uint8Array(10), 10)).toThrow(/not in the table/);
  });

  it('refuses old-style LSB-first LZW with a clear message', () => {
    expect(() => lzwCodec.decode(new Uint8Array([0x00, 0x01, 0x02]), 4, new Uint8Array(8))).toThrow(/old-style/);
  });
});
