import type { BandArrays } from './kernel-types.ts';
import type { Normalization } from './normalization.ts';
import type { BandRoles } from './band-roles.ts';
import { availableIndices } from './spectral-indices.ts';
import { classifySpectral, DEFAULT_SPECTRAL_OPTIONS, type SpectralOptions } from './classify-spectral.ts';
import { CHANGE_NODATA, NO_CHANGE } from './change-legend.ts';

// one-pixel index arrays for the classifier, reused (module scratch: one instance per worker)
const px = {
  magnitude: new Float32Array(1),
  valid: new Uint8Array(1),
  ndviA: new Float32Array(1),
  ndviB: new Float32Array(1),
  ndwiA: new Float32Array(1),
  ndwiB: new Float32Array(1),
  ndbiA: new Float32Array(1),
  ndbiB: new Float32Array(1),
  brightnessA: new Float32Array(1),
  brightnessB: new Float32Array(1),
};
const code = new Uint8Array(1);

/**
 * The same codes as classifySpectral fed with full index arrays (ndvi/ndwi/ndbi of A and of B normalised
 * onto A, brightness of A and of normalised B), but the indices are computed only for pixels whose
 * magnitude passes the threshold — usually a few percent — with the same float32 rounding, so the
 * result is bit-identical and the cost is one pass instead of ten.
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
  const inputs = {
    magnitude: px.magnitude,
    valid: px.valid,
    ndviA: has.ndvi ? px.ndviA : null,
    ndviB: has.ndvi ? px.ndviB : null,
    ndwiA: has.ndwi ? px.ndwiA : null,
    ndwiB: has.ndwi ? px.ndwiB : null,
    ndbiA: has.ndbi ? px.ndbiA : null,
    ndbiB: has.ndbi ? px.ndbiB : null,
    brightnessA: px.brightnessA,
    brightnessB: px.brightnessB,
  };
  const o = { ...DEFAULT_SPECTRAL_OPTIONS, ...opts };
  const bandCount = a.length;
  const inv = 1 / bandCount;
  for (let i = 0; i < n; i++) {
    if (valid[i] === 0) {
      out[i] = CHANGE_NODATA;
      continue;
    }
    if (!(magnitude[i] > threshold)) {
      out[i] = NO_CHANGE;
      continue;
    }
    px.magnitude[0] = magnitude[i];
    px.valid[0] = 1;
    if (has.ndvi) {
      px.ndviA[0] = nd(a[roles.nir as number][i], a[roles.red as number][i]);
      px.ndviB[0] = nd(bn(b, norm, roles.nir as number, i), bn(b, norm, roles.red as number, i));
    }
    if (has.ndwi) {
      px.ndwiA[0] = nd(a[roles.green as number][i], a[roles.nir as number][i]);
      px.ndwiB[0] = nd(bn(b, norm, roles.green as number, i), bn(b, norm, roles.nir as number, i));
    }
    if (has.ndbi) {
      px.ndbiA[0] = nd(a[roles.swir1 as number][i], a[roles.nir as number][i]);
      px.ndbiB[0] = nd(bn(b, norm, roles.swir1 as number, i), bn(b, norm, roles.nir as number, i));
    }
    // brightness() accumulates in a float32 array: round after every band, as it does
    let brA = 0;
    let brB = 0;
    for (let k = 0; k < bandCount; k++) {
      brA = Math.fround(brA + (inv * a[k][i] + 0));
      const g = norm === null ? inv : norm.gain[k] * inv;
      const off = norm === null ? 0 : norm.offset[k] * inv;
      brB = Math.fround(brB + (g * b[k][i] + off));
    }
    px.brightnessA[0] = brA;
    px.brightnessB[0] = brB;
    classifySpectral(inputs, 1, o, code);
    out[i] = code[0];
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
