/**
 * TIFF predictors over one pixel-interleaved tile, in place, row by row (full tile width: TIFF tiles
 * are always whole). Horizontal differencing (2) works on unsigned lanes of the sample width, so the
 * same kernel serves signed and unsigned integers (two's complement wraps identically). The floating
 * point predictor (3) is libtiff's fpDiff: bytes of each row are split into planes, most significant
 * byte first, then differenced byte-wise with a stride of samplesPerPixel.
 */

/** Predictor 2 encode. `lanes` is a Uint8/Uint16/Uint32 view of the tile for 1/2/4-byte samples. */
export function horizontalDiff(
  lanes: Uint8Array | Uint16Array | Uint32Array,
  rowSamples: number,
  rows: number,
  spp: number,
): void {
  for (let r = 0; r < rows; r++) {
    const start = r * rowSamples;
    // walk backwards so each difference uses the original left neighbour
    for (let i = start + rowSamples - 1; i >= start + spp; i--) lanes[i] = lanes[i] - lanes[i - spp];
  }
}

/** Predictor 2 decode (running sum). */
export function horizontalAcc(
  lanes: Uint8Array | Uint16Array | Uint32Array,
  rowSamples: number,
  rows: number,
  spp: number,
): void {
  for (let r = 0; r < rows; r++) {
    const start = r * rowSamples;
    const end = start + rowSamples;
    for (let i = start + spp; i < end; i++) lanes[i] = lanes[i] + lanes[i - spp];
  }
}

/**
 * Predictor 3 encode. `bytes` holds `rows` rows of `rowSamples` samples of `bps` bytes (little-endian);
 * `tmp` is scratch of at least one row's bytes.
 */
export function floatDiff(
  bytes: Uint8Array,
  rowSamples: number,
  rows: number,
  spp: number,
  bps: number,
  tmp: Uint8Array,
): void {
  const rowBytes = rowSamples * bps;
  for (let r = 0; r < rows; r++) {
    const base = r * rowBytes;
    tmp.set(bytes.subarray(base, base + rowBytes));
    for (let i = 0; i < rowSamples; i++) {
      const src = i * bps;
      for (let b = 0; b < bps; b++) bytes[base + (bps - 1 - b) * rowSamples + i] = tmp[src + b];
    }
    for (let i = base + rowBytes - 1; i >= base + spp; i--) bytes[i] = (bytes[i] - bytes[i - spp]) & 0xff;
  }
}

/** Predictor 3 decode, the inverse of floatDiff. */
export function floatAcc(
  bytes: Uint8Array,
  rowSamples: number,
  rows: number,
  spp: number,
  bps: number,
  tmp: Uint8Array,
): void {
  const rowBytes = rowSamples * bps;
  for (let r = 0; r < rows; r++) {
    const base = r * rowBytes;
    const end = base + rowBytes;
    for (let i = base + spp; i < end; i++) bytes[i] = (bytes[i] + bytes[i - spp]) & 0xff;
    tmp.set(bytes.subarray(base, end));
    for (let i = 0; i < rowSamples; i++) {
      const dst = base + i * bps;
      for (let b = 0; b < bps; b++) bytes[dst + b] = tmp[(bps - 1 - b) * rowSamples + i];
    }
  }
}
