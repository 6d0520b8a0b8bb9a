import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../util/prng.ts';
import { swapBytesInPlace } from './byte-swap.ts';
import { undoFloatingPointPredictor, undoHorizontalDifferencing } from './predictor.ts';

/** libtiff horDiff: each sample minus the one `stride` before it, per row, modulo 2^bits. */
function horizontalDiff<T extends Uint8Array | Uint16Array | Uint32Array>(a: T, rowSamples: number, stride: number): T {
  const d = a.slice() as T;
  for (let base = 0; base < a.length; base += rowSamples) {
    for (let i = base + stride; i < base + rowSamples; i++) d[i] = a[i] - a[i - stride];
  }
  return d;
}

/** libtiff fpDiff: split each row's samples into byte planes (MSB first), then byte-difference with `stride`. */
function floatingPointDiff(bytes: Uint8Array, bytesPerSample: number, rowSamples: number, stride: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  const rowBytes = rowSamples * bytesPerSample;
  for (let r = 0; r < bytes.length / rowBytes; r++) {
    const row = bytes.subarray(r * rowBytes, (r + 1) * rowBytes);
    const planes = new Uint8Array(rowBytes);
    for (let k = 0; k < rowSamples; k++) {
      for (let b = 0; b < bytesPerSample; b++) planes[b * rowSamples + k] = row[k * bytesPerSample + (bytesPerSample - 1 - b)];
    }
    const o = out.subarray(r * rowBytes, (r + 1) * rowBytes);
    for (let i = 0; i < rowBytes; i++) o[i] = i < stride ? planes[i] : planes[i] - planes[i - stride];
  }
  return out;
}

function randomBytes(n: number, seed: number): Uint8Array {
  const rnd = mulberry32(seed);
  return Uint8Array.from({ length: n }, () => Math.floor(rnd() * 256));
}

describe('undoHorizontalDifferencing', () => {
  it('inverts 8-, 16- and 32-bit differencing with 1 and 3 samples per pixel', () => {
    for (const stride of [1, 3]) {
      const rowSamples = 7 * stride;
      const rows = 5;
      const bytes = randomBytes(rowSamples * rows * 4, stride);
      const u8 = bytes.slice(0, rowSamples * rows);
      const d8 = horizontalDiff(u8, rowSamples, stride);
      undoHorizontalDifferencing(d8, 1, rowSamples, rows, stride);
      expect([...d8]).toEqual([...u8]);
      const u16 = new Uint16Array(bytes.slice(0, rowSamples * rows * 2).buffer);
      const d16 = horizontalDiff(u16, rowSamples, stride);
      undoHorizontalDifferencing(new Uint8Array(d16.buffer), 2, rowSamples, rows, stride);
      expect([...d16]).toEqual([...u16]);
      const u32 = new Uint32Array(bytes.slice().buffer);
      const d32 = horizontalDiff(u32, rowSamples, stride);
      undoHorizontalDifferencing(new Uint8Array(d32.buffer), 4, rowSamples, rows, stride);
      expect([...d32]).toEqual([...u32]);
    }
  });

  it('inverts 64-bit differencing with carries between the 32-bit halves', () => {
    const values = [0xffffffffn, 1n, 0xffffffff_ffffffffn, 5n, 1n << 40n];
    const want = new BigUint64Array(values);
    const diff = new BigUint64Array(values.length);
    diff[0] = want[0];
    for (let i = 1; i < values.length; i++) diff[i] = BigInt.asUintN(64, want[i] - want[i - 1]);
    undoHorizontalDifferencing(new Uint8Array(diff.buffer), 8, values.length, 1, 1);
    expect([...diff]).toEqual([...want]);
  });
});

describe('undoFloatingPointPredictor', () => {
  it('inverts libtiff floating-point differencing for float32 and float64, 1 and 2 samples per pixel', () => {
    const rnd = mulberry32(42);
    for (const [bytesPerSample, stride] of [[4, 1], [4, 2], [8, 1], [8, 2]]) {
      const rowSamples = 6 * stride;
      const rows = 3;
      const n = rowSamples * rows;
      const values = bytesPerSample === 4 ? new Float32Array(n) : new Float64Array(n);
      for (let i = 0; i < n; i++) values[i] = (rnd() - 0.5) * 1e6;
      const bytes = new Uint8Array(values.buffer.slice(0));
      const encoded = floatingPointDiff(bytes, bytesPerSample, rowSamples, stride);
      undoFloatingPointPredictor(encoded, bytesPerSample, rowSamples, rows, stride);
      expect([...encoded]).toEqual([...bytes]);
    }
  });
});

describe('swapBytesInPlace', () => {
  it('reverses 2-, 4- and 8-byte samples', () => {
    for (const size of [2, 4, 8]) {
      const bytes = Uint8Array.from({ length: size * 3 }, (_, i) => i);
      swapBytesInPlace(bytes, size, 3);
      const want = Array.from({ length: size * 3 }, (_, i) => Math.floor(i / size) * size + (size - 1 - (i % size)));
      expect([...bytes]).toEqual(want);
    }
  });
});
