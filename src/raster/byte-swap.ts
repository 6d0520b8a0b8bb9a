/** Reverses the byte order of `count` samples of `bytesPerSample` bytes in place (`bytes` aligned to it). */
export function swapBytesInPlace(bytes: Uint8Array, bytesPerSample: number, count: number): void {
  if (bytesPerSample === 2) {
    const a = new Uint16Array(bytes.buffer, bytes.byteOffset, count);
    for (let i = 0; i < count; i++) {
      const v = a[i];
      a[i] = (v >>> 8) | (v << 8);
    }
  } else if (bytesPerSample === 4) {
    const a = new Uint32Array(bytes.buffer, bytes.byteOffset, count);
    for (let i = 0; i < count; i++) {
      const v = a[i];
      a[i] = (v >>> 24) | ((v >>> 8) & 0xff00) | ((v & 0xff00) << 8) | (v << 24);
    }
  } else if (bytesPerSample === 8) {
    for (let i = 0, p = 0; i < count; i++, p += 8) {
      let t = bytes[p]; bytes[p] = bytes[p + 7]; bytes[p + 7] = t;
      t = bytes[p + 1]; bytes[p + 1] = bytes[p + 6]; bytes[p + 6] = t;
      t = bytes[p + 2]; bytes[p + 2] = bytes[p + 5]; bytes[p + 5] = t;
      t = bytes[p + 3]; bytes[p + 3] = bytes[p + 4]; bytes[p + 4] = t;
    }
  }
}

export const NATIVE_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
