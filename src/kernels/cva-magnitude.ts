import type { BandArrays } from './kernel-types.ts';
import type { Normalization } from './normalization.ts';
import { KernelError } from './kernel-error.ts';

let acc = new Float64Array(0);

/**
 * Change-vector magnitude: out[i] = sqrt(Σ_b (a_b − (gain_b·b_b + offset_b))²) over `bandIndices`
 * (0-based; null = every band). Invalid pixels (valid[i] = 0) get 0; histograms skip them through the
 * same `valid`, so the 0 never votes. Without normalisation the difference is a − b, exact for integer
 * DNs. Squares are summed in Float64 (module scratch), the root is stored as Float32.
 * Loops run band-outer so each inner loop sees one array type.
 */
export function cvaMagnitude(
  bandsA: BandArrays,
  bandsB: BandArrays,
  bandIndices: readonly number[] | null,
  norm: Normalization | null,
  valid: Uint8Array,
  n: number,
  out: Float32Array = new Float32Array(n),
): Float32Array {
  if (out.length < n) throw new KernelError('E_KERNEL_INPUT', `cvaMagnitude: out holds ${out.length} < ${n} pixels`);
  if (acc.length < n) acc = new Float64Array(n);
  acc.fill(0, 0, n);
  const count = bandIndices === null ? bandsA.length : bandIndices.length;
  for (let k = 0; k < count; k++) {
    const bi = bandIndices === null ? k : bandIndices[k];
    const a = bandsA[bi];
    const b = bandsB[bi];
    if (a === undefined || b === undefined || a.length < n || b.length < n) {
      throw new KernelError('E_KERNEL_INPUT', `cvaMagnitude: band ${bi + 1} missing or shorter than ${n} pixels`, {
        band: bi + 1,
      });
    }
    if (norm === null) {
      for (let i = 0; i < n; i++) {
        const d = a[i] - b[i];
        acc[i] += d * d;
      }
    } else {
      const g = norm.gain[bi];
      const o = norm.offset[bi];
      for (let i = 0; i < n; i++) {
        const d = a[i] - (g * b[i] + o);
        acc[i] += d * d;
      }
    }
  }
  for (let i = 0; i < n; i++) out[i] = valid[i] === 0 ? 0 : Math.sqrt(acc[i]);
  return out;
}
