import type { NumericArray } from './kernel-types.ts';
import { CHANGE_NODATA } from './change-legend.ts';

/**
 * Binary change mask: 1 where value > threshold, 0 where not, 255 (CHANGE_NODATA) where valid[i] = 0.
 * The same comparison every threshold function documents (strictly greater).
 */
export function thresholdMask(
  values: NumericArray,
  valid: Uint8Array,
  n: number,
  threshold: number,
  out: Uint8Array = new Uint8Array(n),
): Uint8Array {
  for (let i = 0; i < n; i++) out[i] = valid[i] === 0 ? CHANGE_NODATA : values[i] > threshold ? 1 : 0;
  return out;
}
