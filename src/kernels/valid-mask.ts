import type { BandArrays, NumericArray } from './kernel-types.ts';
import { KernelError } from './kernel-error.ts';

/**
 * Joint validity of two epochs: out[i] = 1 when every band of both epochs is finite and not nodata at
 * pixel i, else 0. Works for imagery and for single-band land-use rasters (pass `[luA]`, `[luB]`).
 *
 * Nodata is compared the way GDAL does: for Float32 bands against the nodata value rounded to float32,
 * so a `-3.4028234663852886e38` tag matches the stored float. NaN and ±Inf are always invalid, whatever
 * the nodata value. An integer band with no nodata value cannot be invalid and is not even read.
 */
export function validMask(
  bandsA: BandArrays,
  bandsB: BandArrays,
  nodataA: number | null,
  nodataB: number | null,
  n: number,
  out: Uint8Array = new Uint8Array(n),
): Uint8Array {
  if (out.length < n) throw new KernelError('E_KERNEL_INPUT', `validMask: out holds ${out.length} < ${n} pixels`);
  out.fill(1, 0, n);
  for (let b = 0; b < bandsA.length; b++) clearInvalid(bandsA[b], nodataA, n, out, 'A', b);
  for (let b = 0; b < bandsB.length; b++) clearInvalid(bandsB[b], nodataB, n, out, 'B', b);
  return out;
}

function clearInvalid(band: NumericArray, nodata: number | null, n: number, out: Uint8Array, epoch: string, b: number): void {
  if (band.length < n) {
    throw new KernelError('E_KERNEL_INPUT', `validMask: epoch ${epoch} band ${b + 1} holds ${band.length} < ${n} pixels`, {
      band: b + 1,
    });
  }
  const isFloat = band instanceof Float32Array || band instanceof Float64Array;
  if (!isFloat) {
    if (nodata === null || !Number.isFinite(nodata)) return;
    for (let i = 0; i < n; i++) if (band[i] === nodata) out[i] = 0;
    return;
  }
  // NaN nodata matches nothing by ===; NaN pixels are caught by the finiteness test anyway.
  const nd = nodata === null ? NaN : band instanceof Float32Array ? Math.fround(nodata) : nodata;
  for (let i = 0; i < n; i++) {
    const v = band[i];
    // v - v is NaN for NaN and ±Inf, 0 for every finite v
    if (v - v !== 0 || v === nd) out[i] = 0;
  }
}

/**
 * Clears out[i] where a mask band says "transparent": alpha (or a GDAL internal mask read as 0/255) equal
 * to 0, as GDAL's mask band does. Other values (partial alpha included) stay valid.
 */
export function clearTransparent(mask: NumericArray, n: number, out: Uint8Array): Uint8Array {
  if (mask.length < n || out.length < n) throw new KernelError('E_KERNEL_INPUT', `clearTransparent: an array holds fewer than ${n} pixels`);
  for (let i = 0; i < n; i++) if (mask[i] === 0) out[i] = 0;
  return out;
}
