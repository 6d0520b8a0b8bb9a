import { KernelError } from './kernel-error.ts';

/**
 * Area of one pixel in a projected CRS, in CRS units squared (m² for metre-based CRSs): the absolute
 * determinant of the geotransform's linear part, |px·py − rx·ry|, which is |px·py| for north-up grids.
 * Geographic CRSs need the ellipsoidal area per row (src/vector), not this.
 * geoTransform is GDAL order [originX, px, rx, originY, ry, py].
 */
export function pixelAreaM2(geoTransform: readonly number[]): number {
  if (geoTransform.length !== 6 || !geoTransform.every(Number.isFinite)) {
    throw new KernelError('E_KERNEL_INPUT', `pixelAreaM2: geotransform must be 6 finite numbers, got ${JSON.stringify(geoTransform)}`);
  }
  return Math.abs(geoTransform[1] * geoTransform[5] - geoTransform[2] * geoTransform[4]);
}

/**
 * Pixel count per uint8 code (out[code]), mergeable like histograms; area per code = count · pixelAreaM2.
 * `out` (256 entries) is reset first.
 */
export function codeCounts(codes: Uint8Array, n: number, out: Float64Array = new Float64Array(256)): Float64Array {
  if (out.length !== 256) throw new KernelError('E_KERNEL_INPUT', `codeCounts: out must hold 256 counts, has ${out.length}`);
  out.fill(0);
  for (let i = 0; i < n; i++) out[codes[i]]++;
  return out;
}
