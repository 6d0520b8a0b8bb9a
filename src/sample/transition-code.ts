/**
 * Land-use transition → change legend code, as the kernels define it (transitionCategory), plus nodata:
 * a 64 K lookup table so truth rasters cost one load per pixel. One definition for the generator and
 * the engine, so truth.tif and detected codes are comparable.
 */
import { CHANGE_NODATA, transitionCategory } from '../kernels/index.ts';

export const LANDUSE_NODATA = 255;

/** Legend code of a from → to land-use transition (0 when equal, 255 when either is nodata). */
export function transitionCode(from: number, to: number): number {
  if (from === LANDUSE_NODATA || to === LANDUSE_NODATA) return CHANGE_NODATA;
  return transitionCategory(from, to);
}

/** TRANSITION_LUT[from << 8 | to] = transitionCode(from, to). */
export const TRANSITION_LUT: Uint8Array = (() => {
  const lut = new Uint8Array(65536);
  for (let a = 0; a < 256; a++) for (let b = 0; b < 256; b++) lut[(a << 8) | b] = transitionCode(a, b);
  return lut;
})();
