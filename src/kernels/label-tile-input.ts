import type { LabelTileInput } from './label-tile.ts';

/** Window of a raster held in memory: class values and validity, row-major, width × height. */
export interface ClassRaster {
  values: Int32Array;
  valid: Uint8Array;
  weights?: Float32Array;
  width: number;
  height: number;
}

/**
 * Cuts the core window (x0, y0, width, height) plus its 1-pixel context ring out of an in-memory raster,
 * as labelTile wants it: context pixels outside the raster get valid = 0. For tests, benchmarks and small
 * rasters; the job pipeline reads the same layout straight from the file in the worker.
 */
export function tileInputFromRaster(
  raster: ClassRaster, x0: number, y0: number, width: number, height: number,
): LabelTileInput {
  const W2 = width + 2;
  const n2 = W2 * (height + 2);
  const values = new Int32Array(n2);
  const valid = new Uint8Array(n2);
  const weights = raster.weights === undefined ? undefined : new Float32Array(n2);
  const rw = raster.width;
  const rh = raster.height;
  for (let i = 0; i < height + 2; i++) {
    const row = y0 - 1 + i;
    if (row < 0 || row >= rh) continue;
    const c0 = Math.max(0, x0 - 1);
    const c1 = Math.min(rw, x0 + width + 1);
    const src = row * rw;
    const dst = i * W2 + (c0 - (x0 - 1));
    values.set(raster.values.subarray(src + c0, src + c1), dst);
    valid.set(raster.valid.subarray(src + c0, src + c1), dst);
    if (weights !== undefined && raster.weights !== undefined) weights.set(raster.weights.subarray(src + c0, src + c1), dst);
  }
  return { values, valid, weights, width, height };
}
