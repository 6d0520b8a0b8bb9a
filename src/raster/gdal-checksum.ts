import type { PixelArray } from './raster-types.ts';

const PRIMES = [7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43];

/**
 * GDAL's GDALChecksumImage over one whole band (row-major values): Σ value_i mod prime[i mod 11], kept to
 * 16 bits, with C remainder semantics. Integers go through Int32 as GDAL's RasterIO does (UInt32 above
 * 2^31−1 saturates); floats are rounded with floor(v + 0.5), saturated, and NaN/±Inf count as INT32_MIN.
 * Prints the same number as `gdalinfo -checksum`, so tests and `landwatch info` can compare with GDAL.
 */
export function gdalChecksum(values: PixelArray): number {
  let sum = 0;
  let p = 0;
  const n = values.length;
  if (values instanceof Float32Array || values instanceof Float64Array) {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      let iv: number;
      if (v !== v || v === Infinity || v === -Infinity) iv = -2147483648;
      else {
        const r = v + 0.5;
        iv = r < -2147483647 ? -2147483647 : r > 2147483647 ? 2147483647 : Math.floor(r);
      }
      sum = (sum + (iv % PRIMES[p])) & 0xffff;
      if (++p > 10) p = 0;
    }
    return sum;
  }
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const iv = v > 2147483647 ? 2147483647 : v;
    sum = (sum + (iv % PRIMES[p])) & 0xffff;
    if (++p > 10) p = 0;
  }
  return sum;
}
