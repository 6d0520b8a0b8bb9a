/**
 * TIFF predictors, undone in place over one decoded block (after any codec, once). A block is `rows` rows
 * of `rowSamples` samples (block width × samples per pixel for chunky, × 1 for planar); `stride` is the
 * samples per pixel inside the block. Rows start on multiples of the sample size, and `bytes` must be
 * aligned to it (decode-block.ts guarantees both).
 */

const NATIVE_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Predictor 2 (horizontal differencing) on native-order integers of 1, 2, 4 or 8 bytes. */
export function undoHorizontalDifferencing(
  bytes: Uint8Array,
  bytesPerSample: number,
  rowSamples: number,
  rows: number,
  stride: number,
): void {
  const n = rowSamples * rows;
  if (bytesPerSample === 1) accumulate(bytes, rowSamples, rows, stride);
  else if (bytesPerSample === 2) accumulate(new Uint16Array(bytes.buffer, bytes.byteOffset, n), rowSamples, rows, stride);
  else if (bytesPerSample === 4) accumulate(new Uint32Array(bytes.buffer, bytes.byteOffset, n), rowSamples, rows, stride);
  else if (bytesPerSample === 8) accumulate64(new Uint32Array(bytes.buffer, bytes.byteOffset, n * 2), rowSamples, rows, stride);
  else throw new Error(`horizontal predictor: unsupported sample size ${bytesPerSample} bytes`);
}

/** Running sum per row; the typed-array store wraps modulo 2^bits, matching libtiff's unsigned adds. */
function accumulate(a: Uint8Array | Uint16Array | Uint32Array, rowSamples: number, rows: number, stride: number): void {
  if (stride === 1) {
    for (let r = 0; r < rows; r++) {
      const base = r * rowSamples;
      const end = base + rowSamples;
      let acc = a[base];
      for (let i = base + 1; i < end; i++) {
        acc = (acc + a[i]) | 0;
        a[i] = acc;
      }
    }
    return;
  }
  for (let r = 0; r < rows; r++) {
    const base = r * rowSamples;
    const end = base + rowSamples;
    for (let i = base + stride; i < end; i++) a[i] = (a[i] + a[i - stride]) | 0;
  }
}

/** 64-bit differencing as two 32-bit halves with carry (no BigInt in the loop). */
function accumulate64(w: Uint32Array, rowSamples: number, rows: number, stride: number): void {
  const lo = NATIVE_LITTLE_ENDIAN ? 0 : 1;
  const hi = 1 - lo;
  for (let r = 0; r < rows; r++) {
    const base = r * rowSamples;
    const end = base + rowSamples;
    for (let i = base + stride; i < end; i++) {
      const p = 2 * (i - stride);
      const q = 2 * i;
      const sumLo = w[q + lo] + w[p + lo];
      w[q + lo] = sumLo;
      w[q + hi] = w[q + hi] + w[p + hi] + (sumLo > 0xffffffff ? 1 : 0);
    }
  }
}

let shuffleScratch = new Uint8Array(0);

/**
 * Predictor 3 (floating point, as libtiff's fpAcc): each row holds the sample bytes split into planes,
 * most significant byte first, then byte-wise differenced with `stride`. The result is native order
 * whatever the file's byte order, so no byte swap follows.
 */
export function undoFloatingPointPredictor(
  bytes: Uint8Array,
  bytesPerSample: number,
  rowSamples: number,
  rows: number,
  stride: number,
): void {
  const rowBytes = rowSamples * bytesPerSample;
  if (shuffleScratch.length < rowBytes) shuffleScratch = new Uint8Array(rowBytes);
  const tmp = shuffleScratch;
  for (let r = 0; r < rows; r++) {
    const row = bytes.subarray(r * rowBytes, (r + 1) * rowBytes);
    if (stride === 1) {
      // no masking: the Uint8Array store keeps the low byte of the running sum (exact in a double)
      let acc = 0;
      let i = 0;
      const end4 = rowBytes & ~3;
      while (i < end4) {
        acc += row[i];
        tmp[i] = acc;
        acc += row[i + 1];
        tmp[i + 1] = acc;
        acc += row[i + 2];
        tmp[i + 2] = acc;
        acc += row[i + 3];
        tmp[i + 3] = acc;
        i += 4;
      }
      while (i < rowBytes) {
        acc += row[i];
        tmp[i++] = acc;
      }
    } else {
      for (let i = 0; i < stride; i++) tmp[i] = row[i];
      for (let i = stride; i < rowBytes; i++) tmp[i] = (row[i] + tmp[i - stride]) & 0xff;
    }
    unshuffleRow(tmp, row, bytesPerSample, rowSamples);
  }
}

/** Byte planes (MSB plane first) → native-order samples. */
function unshuffleRow(tmp: Uint8Array, row: Uint8Array, bytesPerSample: number, n: number): void {
  if (bytesPerSample === 4) {
    const out = new Uint32Array(row.buffer, row.byteOffset, n);
    const p1 = n;
    const p2 = 2 * n;
    const p3 = 3 * n;
    // assembling the big-endian value as an integer is byte-order independent
    for (let k = 0; k < n; k++) out[k] = (tmp[k] << 24) | (tmp[p1 + k] << 16) | (tmp[p2 + k] << 8) | tmp[p3 + k];
    return;
  }
  if (bytesPerSample === 8 && NATIVE_LITTLE_ENDIAN) {
    const out = new Uint32Array(row.buffer, row.byteOffset, 2 * n);
    for (let k = 0; k < n; k++) {
      out[2 * k + 1] = (tmp[k] << 24) | (tmp[n + k] << 16) | (tmp[2 * n + k] << 8) | tmp[3 * n + k];
      out[2 * k] = (tmp[4 * n + k] << 24) | (tmp[5 * n + k] << 16) | (tmp[6 * n + k] << 8) | tmp[7 * n + k];
    }
    return;
  }
  for (let k = 0; k < n; k++) {
    for (let b = 0; b < bytesPerSample; b++) {
      const plane = NATIVE_LITTLE_ENDIAN ? bytesPerSample - 1 - b : b;
      row[k * bytesPerSample + b] = tmp[plane * n + k];
    }
  }
}
