/**
 * Land-use transition → change legend category (src/kernels/change-legend.ts, codes 20–29), as a
 * 64 K lookup table so truth rasters cost one load per pixel.
 */
import { CHANGE_NODATA, NO_CHANGE } from '../kernels/index.ts';
import { isAgricultural, isConstruction } from '../kernels/index.ts';

export const LANDUSE_NODATA = 255;

/** Legend code of a from → to land-use transition (0 when equal, 255 when either is nodata). */
export function transitionCode(from: number, to: number): number {
  if (from === LANDUSE_NODATA || to === LANDUSE_NODATA) return CHANGE_NODATA;
  if (from === to) return NO_CHANGE;
  if (from === 11 || to === 11) return 23; // water body change
  if (isConstruction(to)) {
    if (from === 1) return 20; // cropland → construction
    if (from === 3 || from === 4) return 21; // forest/grassland → construction
    if (from === 12) return 27; // other land → construction
    if (isConstruction(from)) return 26; // within construction
    return 29;
  }
  if (isAgricultural(from) && to === 12) return 22; // agricultural → other
  if (isConstruction(from) && isAgricultural(to)) return 24; // reclamation
  if (isAgricultural(from) && isAgricultural(to)) return 25; // within agricultural
  return 29;
}

/** TRANSITION_LUT[from << 8 | to] = transitionCode(from, to). */
export const TRANSITION_LUT: Uint8Array = (() => {
  const lut = new Uint8Array(65536);
  for (let a = 0; a < 256; a++) for (let b = 0; b < 256; b++) lut[(a << 8) | b] = transitionCode(a, b);
  return lut;
})();
