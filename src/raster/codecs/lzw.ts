import type { Codec } from './codec.ts';

const CLEAR = 256;
const EOI = 257;
const FIRST_FREE = 258;
const MAX_CODES = 4096;

/**
 * Every table entry's string already sits in the output: it is the previous code's string followed by
 * one byte, which was written right after it. So an entry is just (start, length) into `out`, and
 * emitting a code is a copy within `out` — no prefix-chain walking. Module-level: one per worker.
 */
const entries = new Int32Array(2 * MAX_CODES); // [start, length] per code

/** Compression 5: TIFF LZW (MSB-first codes, 9–12 bits, code width grows one code early). */
export const lzwCodec: Codec = {
  name: 'LZW',
  decode(src, expectedBytes, scratch) {
    if (src.length >= 2 && src[0] === 0 && (src[1] & 1) === 1) {
      throw new Error('old-style (pre-6.0, LSB-first) LZW is not supported');
    }
    return scratch.subarray(0, lzwDecode(src, scratch, expectedBytes));
  },
};

/** Decodes into `out[0..limit)`; returns the bytes written. Stops when `out` is full or at EOI. */
export function lzwDecode(src: Uint8Array, out: Uint8Array, limit: number): number {
  const table = entries;
  const srcLength = src.length;
  let bitBuf = 0; // the next code sits in the low `bitCount` bits
  let bitCount = 0;
  let inPos = 0;
  let width = 9;
  let mask = 511;
  let widenAt = 511; // TIFF's early change: widen when the next free code reaches 2^width - 1
  let next = FIRST_FREE;
  let o = 0;
  let prevStart = -1; // where the previous code's string starts in `out` (-1: none since CLEAR)
  let prevLength = 0;

  decode: while (o < limit) {
    if (bitCount < width) {
      // refill two bytes at once (bitBuf stays under 2^28)
      if (inPos + 1 < srcLength) {
        bitBuf = (bitBuf << 16) | (src[inPos] << 8) | src[inPos + 1];
        inPos += 2;
        bitCount += 16;
      } else {
        while (bitCount < width) {
          if (inPos >= srcLength) break decode; // no EOI: the caller reports a short block
          bitBuf = (bitBuf << 8) | src[inPos++];
          bitCount += 8;
        }
      }
    }
    bitCount -= width;
    const code = (bitBuf >>> bitCount) & mask;
    bitBuf &= (1 << bitCount) - 1;
    const start = o;
    if (code < 256) {
      out[o++] = code;
    } else if (code >= FIRST_FREE && code < next) {
      let len = table[2 * code + 1];
      if (o + len > limit) len = limit - o;
      copyWithinForward(out, table[2 * code], o, len);
      o += len;
    } else if (code === CLEAR) {
      width = 9;
      mask = 511;
      widenAt = 511;
      next = FIRST_FREE;
      prevStart = -1;
      continue;
    } else if (code === EOI) {
      break;
    } else if (code === next && prevStart >= 0) {
      // KwKwK: previous string plus its own first byte
      let len = prevLength;
      if (o + len > limit) len = limit - o;
      copyWithinForward(out, prevStart, o, len);
      o += len;
      if (o < limit) out[o++] = out[prevStart];
    } else {
      throw new Error(`LZW code ${code} is not in the table (next free ${next}) at input byte ${inPos}`);
    }
    if (prevStart >= 0 && next < MAX_CODES) {
      table[2 * next] = prevStart;
      table[2 * next + 1] = prevLength + 1;
      next++;
      if (next >= widenAt && width < 12) {
        width++;
        mask = (1 << width) - 1;
        widenAt = mask;
      }
    }
    prevStart = start;
    prevLength = o - start;
  }
  return o;
}

/**
 * out[to..to+len) = out[from..from+len) where from + len <= to (an LZW string always lies before the
 * write position). Short strings dominate, so a 4-way unrolled loop; long ones go to native memmove.
 */
function copyWithinForward(out: Uint8Array, from: number, to: number, len: number): void {
  if (len >= 64) {
    out.copyWithin(to, from, from + len);
    return;
  }
  let d = to;
  let s = from;
  const end4 = to + (len & ~3);
  while (d < end4) {
    out[d] = out[s];
    out[d + 1] = out[s + 1];
    out[d + 2] = out[s + 2];
    out[d + 3] = out[s + 3];
    d += 4;
    s += 4;
  }
  const end = to + len;
  while (d < end) out[d++] = out[s++];
}
