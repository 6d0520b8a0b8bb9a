import { CHANGE_NODATA, LABEL_ONLY_OFFSET, NO_CHANGE } from './change-legend.ts';
import { KernelError } from './kernel-error.ts';

/**
 * Combined mode. Inputs are legend codes: `categoryCodes` from transitionCategoryCodes (0, 20–29, 255)
 * and `spectralCodes` from classifySpectral or thresholdMask (0, 1–19, 255; any code ∉ {0, 255} means
 * the imagery changed). Per pixel:
 *   either 255                              → 255 nodata
 *   labels changed, imagery changed         → category (20–29, confirmed)
 *   labels changed, imagery unchanged       → category + 40 (60–69, "label only": check the classification)
 *   labels unchanged, imagery changed       → the spectral code (1–19, kept so reviewers see what changed;
 *                                             a plain thresholdMask gives 1 here)
 *   neither                                 → 0
 */
export function combineLanduseSpectral(
  categoryCodes: Uint8Array,
  spectralCodes: Uint8Array,
  n: number,
  out: Uint8Array = new Uint8Array(n),
): Uint8Array {
  if (categoryCodes.length < n || spectralCodes.length < n || out.length < n) {
    throw new KernelError('E_KERNEL_INPUT', `combineLanduseSpectral: an array holds fewer than ${n} pixels`);
  }
  for (let i = 0; i < n; i++) {
    const c = categoryCodes[i];
    const s = spectralCodes[i];
    if (c === CHANGE_NODATA || s === CHANGE_NODATA) out[i] = CHANGE_NODATA;
    else if (c !== NO_CHANGE) out[i] = s !== NO_CHANGE ? c : c + LABEL_ONLY_OFFSET;
    else out[i] = s;
  }
  return out;
}
