import type { NumericArray } from './kernel-types.ts';
import type { LanduseRemap } from './remap-table.ts';
import { KernelError } from './kernel-error.ts';

/** Transition code of an invalid pixel (either epoch nodata, or a code the remap does not map). */
export const TRANSITION_INVALID = 65535;

/**
 * Land-use transition per pixel as from·100 + to (e.g. 0105 = 105: cropland → commercial), 0 where the
 * class did not change, TRANSITION_INVALID where valid[i] = 0 or a class is unusable. "Unchanged" is 0
 * (not from·100+from) so the array doubles as a change mask; the unchanged class is still in luA.
 * Classes are taken after `remap` when given; without it the raw values must be integers 0..99, others
 * are invalid (use a remap for classifications with larger codes).
 * Note 0→k (wetland → k) is k, which is < 100 and so distinct from every k→j code (≥ 100).
 */
export function transitionCodes(
  luA: NumericArray,
  luB: NumericArray,
  valid: Uint8Array,
  n: number,
  remap: LanduseRemap | null,
  out: Uint16Array = new Uint16Array(n),
): Uint16Array {
  if (luA.length < n || luB.length < n || valid.length < n || out.length < n) {
    throw new KernelError('E_KERNEL_INPUT', `transitionCodes: an array holds fewer than ${n} pixels`);
  }
  const table = remap === null ? null : remap.table;
  for (let i = 0; i < n; i++) {
    if (valid[i] === 0) {
      out[i] = TRANSITION_INVALID;
      continue;
    }
    let a = luA[i];
    let b = luB[i];
    if (table !== null) {
      a = a >= 0 && a <= 65535 && a === Math.floor(a) ? table[a] : -1;
      b = b >= 0 && b <= 65535 && b === Math.floor(b) ? table[b] : -1;
    }
    if (!(a >= 0 && a <= 99 && b >= 0 && b <= 99) || a !== Math.floor(a) || b !== Math.floor(b)) {
      out[i] = TRANSITION_INVALID;
    } else {
      out[i] = a === b ? 0 : a * 100 + b;
    }
  }
  return out;
}

/** Side of the dense transition matrix: classes 0..255. */
export const TRANSITION_MATRIX_SIDE = 256;

/**
 * Pixel counts of every (from, to) pair over valid pixels, unchanged pairs included (the diagonal):
 * out[from·256 + to]. `out` is reset first; merge tiles with mergeHistograms (same layout: a flat Float64Array).
 * Classes after remap; pixels with a class outside 0..255 or unmapped are not counted.
 */
export function transitionMatrix(
  luA: NumericArray,
  luB: NumericArray,
  valid: Uint8Array,
  n: number,
  remap: LanduseRemap | null,
  out: Float64Array = new Float64Array(TRANSITION_MATRIX_SIDE * TRANSITION_MATRIX_SIDE),
): Float64Array {
  if (out.length !== TRANSITION_MATRIX_SIDE * TRANSITION_MATRIX_SIDE) {
    throw new KernelError('E_KERNEL_INPUT', `transitionMatrix: out must hold 256×256 counts, has ${out.length}`);
  }
  out.fill(0);
  const table = remap === null ? null : remap.table;
  for (let i = 0; i < n; i++) {
    if (valid[i] === 0) continue;
    let a = luA[i];
    let b = luB[i];
    if (table !== null) {
      a = a >= 0 && a <= 65535 && a === Math.floor(a) ? table[a] : -1;
      b = b >= 0 && b <= 65535 && b === Math.floor(b) ? table[b] : -1;
    }
    if (a >= 0 && a <= 255 && b >= 0 && b <= 255 && a === Math.floor(a) && b === Math.floor(b)) {
      out[a * TRANSITION_MATRIX_SIDE + b]++;
    }
  }
  return out;
}
