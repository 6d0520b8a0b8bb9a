import type { BandArrays, NumericArray } from './kernel-types.ts';
import type { Normalization } from './normalization.ts';
import { requireRole, type BandRoles } from './band-roles.ts';
import { KernelError } from './kernel-error.ts';

/**
 * Normalised difference (x − y) / (x + y) for any integer or float bands. A zero denominator gives 0
 * (0/0 over dark or masked pixels would otherwise be NaN; x = −y ≠ 0 only occurs with signed reflectance
 * and is also reported as 0). Not clamped: with non-negative inputs the result lies in [−1, 1].
 */
export function normalizedDifference(x: NumericArray, y: NumericArray, n: number, out: Float32Array = new Float32Array(n)): Float32Array {
  if (x.length < n || y.length < n || out.length < n) {
    throw new KernelError('E_KERNEL_INPUT', `normalizedDifference: an array holds fewer than ${n} pixels`);
  }
  for (let i = 0; i < n; i++) {
    const a = x[i];
    const b = y[i];
    const s = a + b;
    out[i] = s === 0 ? 0 : (a - b) / s;
  }
  return out;
}

/** NDVI = (NIR − red) / (NIR + red). */
export function ndvi(bands: BandArrays, roles: BandRoles, n: number, out?: Float32Array): Float32Array {
  return normalizedDifference(bands[requireRole(roles, 'nir', 'NDVI')], bands[requireRole(roles, 'red', 'NDVI')], n, out);
}

/** NDWI after McFeeters (1996) = (green − NIR) / (green + NIR); open water > 0. */
export function ndwi(bands: BandArrays, roles: BandRoles, n: number, out?: Float32Array): Float32Array {
  return normalizedDifference(bands[requireRole(roles, 'green', 'NDWI')], bands[requireRole(roles, 'nir', 'NDWI')], n, out);
}

/** NDBI (Zha et al. 2003) = (SWIR1 − NIR) / (SWIR1 + NIR); needs a SWIR band (Landsat, Sentinel-2). */
export function ndbi(bands: BandArrays, roles: BandRoles, n: number, out?: Float32Array): Float32Array {
  return normalizedDifference(bands[requireRole(roles, 'swir1', 'NDBI')], bands[requireRole(roles, 'nir', 'NDBI')], n, out);
}

/** Which indices a set of roles allows. */
export function availableIndices(roles: BandRoles): { ndvi: boolean; ndwi: boolean; ndbi: boolean } {
  return {
    ndvi: roles.nir !== undefined && roles.red !== undefined,
    ndwi: roles.green !== undefined && roles.nir !== undefined,
    ndbi: roles.swir1 !== undefined && roles.nir !== undefined,
  };
}

/**
 * Brightness: mean of the chosen bands (null = all), after `norm` when given so that epoch B is on
 * epoch A's scale. Sums in Float32 `out` band by band (no per-pixel band loop).
 */
export function brightness(
  bands: BandArrays,
  bandIndices: readonly number[] | null,
  norm: Normalization | null,
  n: number,
  out: Float32Array = new Float32Array(n),
): Float32Array {
  const count = bandIndices === null ? bands.length : bandIndices.length;
  if (count === 0) throw new KernelError('E_KERNEL_INPUT', 'brightness: no bands selected');
  out.fill(0, 0, n);
  const inv = 1 / count;
  for (let k = 0; k < count; k++) {
    const bi = bandIndices === null ? k : bandIndices[k];
    const band = bands[bi];
    if (band === undefined || band.length < n) {
      throw new KernelError('E_KERNEL_INPUT', `brightness: band ${bi + 1} missing or short`, { band: bi + 1 });
    }
    const g = norm === null ? inv : norm.gain[bi] * inv;
    const o = norm === null ? 0 : norm.offset[bi] * inv;
    for (let i = 0; i < n; i++) out[i] += g * band[i] + o;
  }
  return out;
}
