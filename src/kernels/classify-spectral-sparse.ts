import type { BandArrays } from './kernel-types.ts';
import type { Normalization } from './normalization.ts';
import type { BandRoles } from './band-roles.ts';
import { availableIndices } from './spectral-indices.ts';
import { DEFAULT_SPECTRAL_OPTIONS, changedPixelType, type SpectralOptions } from './classify-spectral.ts';
import { CHANGE_NODATA, NO_CHANGE } from './change-legend.ts';

/**
 * The same codes as classifySpectral fed with full index arrays (ndvi/ndwi/ndbi of A and of B normalised
 * onto A, brightness of A and of normalised B), but the indices are computed only for pixels whose
 * magnitude passes the threshold — usually a few percent — with the same float32 rounding, so the
 * result is bit-identical and the cost is one pass instead of ten. The rules are classifySpectral's
 * (changedPixelType; the tests compare the two byte for byte). `threshold: -Infinity` gives every valid pixel
 * its change type as if it had changed (what the magnitude cache stores; see the histogram task).
 */
export function classifySpectralSparse(
  a: BandArrays,
  b: BandArrays,
  roles: BandRoles,
  norm: Normalization | null,
  magnitude: Float32Array,
  valid: Uint8Array,
  n: number,
  opts: SpectralOptions,
  out: Uint8Array = new Uint8Array(n),
): Uint8Array {
  const has = availableIndices(roles);
  const threshold = opts.threshold;
  const waterNdwi = opts.waterNdwi ?? DEFAULT_SPECTRAL_OPTIONS.waterNdwi;
  const ndviDelta = opts.ndviDelta ?? DEFAULT_SPECTRAL_OPTIONS.ndviDelta;
  const ndbiDelta = opts.ndbiDelta ?? DEFAULT_SPECTRAL_OPTIONS.ndbiDelta;
  const brightnessGain = opts.brightnessGain ?? DEFAULT_SPECTRAL_OPTIONS.brightnessGain;
  const nir = roles.nir ?? -1;
  const red = roles.red ?? -1;
  const green = roles.green ?? -1;
  const swir1 = roles.swir1 ?? -1;
  const bandCount = a.length;
  const inv = 1 / bandCount;
  const o = { waterNdwi, ndviDelta, ndbiDelta, brightnessGain };
  // brightness() accumulates in a float32 array: round after every band, as it does
  const rise = (i: number): number => {
    let brA = 0;
    let brB = 0;
    for (let k = 0; k < bandCount; k++) {
      brA = Math.fround(brA + (inv * a[k][i] + 0));
      const g = norm === null ? inv : norm.gain[k] * inv;
      const off = norm === null ? 0 : norm.offset[k] * inv;
      brB = Math.fround(brB + (g * b[k][i] + off));
    }
    return brA > 0 ? (brB - brA) / brA : NaN;
  };
  for (let i = 0; i < n; i++) {
    if (valid[i] === 0) {
      out[i] = CHANGE_NODATA;
      continue;
    }
    if (!(magnitude[i] > threshold)) {
      out[i] = NO_CHANGE;
      continue;
    }
    out[i] = changedPixelType(
      o,
      i,
      has.ndwi ? nd(a[green][i], a[nir][i]) : NaN,
      has.ndwi ? nd(bn(b, norm, green, i), bn(b, norm, nir, i)) : NaN,
      has.ndvi,
      has.ndvi ? nd(bn(b, norm, nir, i), bn(b, norm, red, i)) - nd(a[nir][i], a[red][i]) : 0,
      has.ndbi,
      has.ndbi ? nd(bn(b, norm, swir1, i), bn(b, norm, nir, i)) - nd(a[swir1][i], a[nir][i]) : 0,
      rise,
    );
  }
  return out;
}

/** Band k of epoch B at pixel i, normalised onto A and rounded to float32 like a Float32Array band. */
function bn(b: BandArrays, norm: Normalization | null, k: number, i: number): number {
  return norm === null ? b[k][i] : Math.fround(b[k][i] * norm.gain[k] + norm.offset[k]);
}

/** normalizedDifference of one pixel, rounded to float32 like its output array. */
function nd(x: number, y: number): number {
  const s = x + y;
  return Math.fround(s === 0 ? 0 : (x - y) / s);
}
