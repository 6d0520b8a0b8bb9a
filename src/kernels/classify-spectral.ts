import { CHANGE_NODATA, NO_CHANGE } from './change-legend.ts';
import { KernelError } from './kernel-error.ts';

/** Spectral change codes of change-legend.ts. */
export const SPECTRAL_CODES = {
  vegetationLoss: 1,
  vegetationGain: 2,
  waterGain: 3,
  waterLoss: 4,
  builtupGain: 5,
  other: 9,
} as const;

/**
 * Per-pixel inputs. Everything but magnitude and valid is optional: a missing index skips the rules that
 * need it (a 4-band image has no NDBI; without NDVI every non-water change is "other").
 */
export interface SpectralInputs {
  magnitude: Float32Array;
  valid: Uint8Array;
  ndviA?: Float32Array | null;
  ndviB?: Float32Array | null;
  ndwiA?: Float32Array | null;
  ndwiB?: Float32Array | null;
  ndbiA?: Float32Array | null;
  ndbiB?: Float32Array | null;
  /** mean brightness, epoch B normalised onto A (see brightness()); fallback for built-up without SWIR */
  brightnessA?: Float32Array | null;
  brightnessB?: Float32Array | null;
}

export interface SpectralOptions {
  /** change = magnitude > threshold (from Otsu / k-sigma on the global histogram) */
  threshold: number;
  /** McFeeters NDWI above this is water. Default 0 (McFeeters' own cut). */
  waterNdwi?: number;
  /** |ΔNDVI| at least this for vegetation loss/gain. Default 0.15. */
  ndviDelta?: number;
  /** ΔNDBI at least this (with ΔNDVI ≤ 0) for built-up gain. Default 0.1. */
  ndbiDelta?: number;
  /** without NDBI: relative brightness gain (B − A)/A at least this, with ΔNDVI ≤ −ndviDelta, for built-up. Default 0.2. */
  brightnessGain?: number;
}

export const DEFAULT_SPECTRAL_OPTIONS = { waterNdwi: 0, ndviDelta: 0.15, ndbiDelta: 0.1, brightnessGain: 0.2 } as const;

/**
 * Change type per pixel, first matching rule wins:
 *   1. valid = 0                                                → 255 nodata
 *   2. magnitude ≤ threshold                                    → 0 no change
 *   3. NDWI_A ≤ waterNdwi < NDWI_B                              → 3 water gain
 *   4. NDWI_A > waterNdwi ≥ NDWI_B                              → 4 water loss
 *   5. ΔNDBI ≥ ndbiDelta and ΔNDVI ≤ 0 (NDBI present)           → 5 built-up gain
 *      or, without NDBI, ΔNDVI ≤ −ndviDelta and brightness rose by ≥ brightnessGain (relative)
 *   6. ΔNDVI ≤ −ndviDelta                                       → 1 vegetation loss
 *   7. ΔNDVI ≥ ndviDelta                                        → 2 vegetation gain
 *   8. otherwise                                                → 9 other spectral change
 * Water comes first because NDVI drops sharply when land floods, and that is not vegetation loss.
 * Δ = B − A. Rules whose inputs are absent are skipped.
 */
export function classifySpectral(inputs: SpectralInputs, n: number, opts: SpectralOptions, out: Uint8Array = new Uint8Array(n)): Uint8Array {
  const { magnitude, valid } = inputs;
  if (magnitude.length < n || valid.length < n || out.length < n) {
    throw new KernelError('E_KERNEL_INPUT', `classifySpectral: an array holds fewer than ${n} pixels`);
  }
  const threshold = opts.threshold;
  const waterNdwi = opts.waterNdwi ?? DEFAULT_SPECTRAL_OPTIONS.waterNdwi;
  const ndviDelta = opts.ndviDelta ?? DEFAULT_SPECTRAL_OPTIONS.ndviDelta;
  const ndbiDelta = opts.ndbiDelta ?? DEFAULT_SPECTRAL_OPTIONS.ndbiDelta;
  const brightnessGain = opts.brightnessGain ?? DEFAULT_SPECTRAL_OPTIONS.brightnessGain;
  const ndviA = inputs.ndviA ?? null;
  const ndviB = inputs.ndviB ?? null;
  const ndwiA = inputs.ndwiA ?? null;
  const ndwiB = inputs.ndwiB ?? null;
  const ndbiA = inputs.ndbiA ?? null;
  const ndbiB = inputs.ndbiB ?? null;
  const brA = inputs.brightnessA ?? null;
  const brB = inputs.brightnessB ?? null;
  const hasNdvi = ndviA !== null && ndviB !== null;
  const hasNdwi = ndwiA !== null && ndwiB !== null;
  const hasNdbi = ndbiA !== null && ndbiB !== null;
  const hasBrightness = brA !== null && brB !== null;
  const o = { waterNdwi, ndviDelta, ndbiDelta, brightnessGain };
  const rise = hasBrightness
    ? (i: number) => {
        const a = brA[i];
        return a > 0 ? (brB[i] - a) / a : NaN;
      }
    : null;
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
      hasNdwi ? ndwiA[i] : NaN,
      hasNdwi ? ndwiB[i] : NaN,
      hasNdvi,
      hasNdvi ? ndviB[i] - ndviA[i] : 0,
      hasNdbi,
      hasNdbi ? ndbiB[i] - ndbiA[i] : 0,
      rise,
    );
  }
  return out;
}

/**
 * Rules 3–8 above for one pixel that changed (valid, magnitude over the threshold). `wa`/`wb` are NaN without
 * NDWI; `rise(i)` gives the relative brightness gain (B − A)/A (NaN when A ≤ 0), asked only when rule 5 needs
 * it without NDBI. Shared by classifySpectral and classifySpectralSparse, so both give the same codes.
 */
export function changedPixelType(
  o: Required<Omit<SpectralOptions, 'threshold'>>,
  i: number,
  wa: number,
  wb: number,
  hasNdvi: boolean,
  dNdvi: number,
  hasNdbi: boolean,
  dNdbi: number,
  rise: ((i: number) => number) | null,
): number {
  if (wa <= o.waterNdwi && wb > o.waterNdwi) return SPECTRAL_CODES.waterGain;
  if (wa > o.waterNdwi && wb <= o.waterNdwi) return SPECTRAL_CODES.waterLoss;
  if (hasNdbi) {
    if (dNdbi >= o.ndbiDelta && dNdvi <= 0) return SPECTRAL_CODES.builtupGain;
  } else if (rise !== null && hasNdvi && dNdvi <= -o.ndviDelta && rise(i) >= o.brightnessGain) {
    return SPECTRAL_CODES.builtupGain;
  }
  if (hasNdvi) {
    if (dNdvi <= -o.ndviDelta) return SPECTRAL_CODES.vegetationLoss;
    if (dNdvi >= o.ndviDelta) return SPECTRAL_CODES.vegetationGain;
  }
  return SPECTRAL_CODES.other;
}
