import type { Codec } from './codec.ts';

/** Compression 32773 (Apple PackBits run-length). */
export const packbitsCodec: Codec = {
  name: 'PACKBITS',
  decode(src, expectedBytes, scratch) {
    return scratch.subarray(0, unpackBits(src, scratch, expectedBytes));
  },
};

/** Decodes into `out[0..limit)`; returns the bytes written. Stops quietly when `out` is full. */
export function unpackBits(src: Uint8Array, out: Uint8Array, limit: number): number {
  const n = src.length;
  let i = 0;
  let o = 0;
  while (i < n && o < limit) {
    const h = src[i++];
    if (h < 128) {
      // literal run of h + 1 bytes
      let len = h + 1;
      if (i + len > n) throw new Error(`PackBits literal run passes the end of the data at byte ${i}`);
      if (o + len > limit) len = limit - o;
      out.set(src.subarray(i, i + len), o);
      i += h + 1;
      o += len;
    } else if (h > 128) {
      // the next byte repeated 257 - h times
      if (i >= n) throw new Error(`PackBits repeat run passes the end of the data at byte ${i}`);
      let len = 257 - h;
      if (o + len > limit) len = limit - o;
      out.fill(src[i++], o, o + len);
      o += len;
    }
    // h === 128 is a no-op
  }
  return o;
}
