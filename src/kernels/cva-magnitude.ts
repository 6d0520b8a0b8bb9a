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
  const count = bandIndices === null ? bandsA.length : bandIndices.length;
  if (count === 4) return cvaMagnitude4(bandsA, bandsB, bandIndices, norm, valid, n, out);
  if (acc.length < n) acc = new Float64Array(n);
  acc.fill(0, 0, n);
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

/**
 * Four bands (B,G,R,NIR imagery, the common case) in one pass without the Float64 accumulator array: the
 * same sum in the same order ((d0² + d1²) + d2²) + d3², so the same bits as the band-outer loop. Without
 * normalisation gain 1 and offset 0 give a − b exactly.
 */
function cvaMagnitude4(
  bandsA: BandArrays,
  bandsB: BandArrays,
  bandIndices: readonly number[] | null,
  norm: Normalization | null,
  valid: Uint8Array,
  n: number,
  out: Float32Array,
): Float32Array {
  const idx = bandIndices ?? [0, 1, 2, 3];
  for (const bi of idx) {
    const a = bandsA[bi];
    const b = bandsB[bi];
    if (a === undefined || b === undefined || a.length < n || b.length < n) {
      throw new KernelError('E_KERNEL_INPUT', `cvaMagnitude: band ${bi + 1} missing or shorter than ${n} pixels`, { band: bi + 1 });
    }
  }
  const [i0, i1, i2, i3] = idx;
  const a0 = bandsA[i0], a1 = bandsA[i1], a2 = bandsA[i2], a3 = bandsA[i3];
  const b0 = bandsB[i0], b1 = bandsB[i1], b2 = bandsB[i2], b3 = bandsB[i3];
  const g0 = norm === null ? 1 : norm.gain[i0], g1 = norm === null ? 1 : norm.gain[i1];
  const g2 = norm === null ? 1 : norm.gain[i2], g3 = norm === null ? 1 : norm.gain[i3];
  const o0 = norm === null ? 0 : norm.offset[i0], o1 = norm === null ? 0 : norm.offset[i1];
  const o2 = norm === null ? 0 : norm.offset[i2], o3 = norm === null ? 0 : norm.offset[i3];
  for (let i = 0; i < n; i++) {
    if (valid[i] === 0) {
      out[i] = 0;
      continue;
    }
    const d0 = a0[i] - (g0 * b0[i] + o0);
    const d1 = a1[i] - (g1 * b1[i] + o1);
    const d2 = a2[i] - (g2 * b2[i] + o2);
    const d3 = a3[i] - (g3 * b3[i] + o3);
    out[i] = Math.sqrt(d0 * d0 + d1 * d1 + d2 * d2 + d3 * d3);
  }
  return out;
}
