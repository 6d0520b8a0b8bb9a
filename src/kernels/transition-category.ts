import { CHANGE_NODATA, NO_CHANGE } from './change-legend.ts';
import { isAgricultural, isConstruction } from './landuse-codes.ts';
import { TRANSITION_INVALID } from './transition-codes.ts';
import { KernelError } from './kernel-error.ts';

const WATER = 11;
const OTHER_LAND = 12;

/**
 * Legend category (20–29) of a GB/T 21010 transition; 0 when from = to. First matching rule wins:
 *   20 cropland (01) → construction (05–10, 20)
 *   21 forest/grassland (03, 04) → construction
 *   27 orchard, water, other land, wetland (02, 11, 12, 00) → construction
 *   22 agricultural (01–04) → other land (12)
 *   23 to or from water (11)                      (water → construction is 27: filling water to build)
 *   24 construction → agricultural (01–04)        (reclamation)
 *   25 within agricultural (01–04 → 01–04)
 *   26 within construction
 *   29 anything else (e.g. wetland → cropland, other land → forest)
 * Codes outside GB/T 21010 fall through to 29 (or a rule their value happens to match): remap first.
 */
export function transitionCategory(from: number, to: number): number {
  if (from === to) return NO_CHANGE;
  const toConstruction = isConstruction(to);
  if (toConstruction && !isConstruction(from)) {
    if (from === 1) return 20;
    if (from === 3 || from === 4) return 21;
    if (from === 2 || from === WATER || from === OTHER_LAND || from === 0) return 27;
  }
  if (isAgricultural(from) && to === OTHER_LAND) return 22;
  if (from === WATER || to === WATER) return 23;
  if (isConstruction(from) && isAgricultural(to)) return 24;
  if (isAgricultural(from) && isAgricultural(to)) return 25;
  if (isConstruction(from) && toConstruction) return 26;
  return 29;
}

/** from·100+to → category, precomputed for from, to in 0..99 (codes of transitionCodes). */
let categoryLut: Uint8Array | null = null;

function lut(): Uint8Array {
  if (categoryLut === null) {
    categoryLut = new Uint8Array(10000);
    for (let from = 0; from < 100; from++) {
      for (let to = 0; to < 100; to++) categoryLut[from * 100 + to] = transitionCategory(from, to);
    }
  }
  return categoryLut;
}

/**
 * Per-pixel legend codes from transitionCodes output: 0 unchanged, 255 invalid, else the category 20–29.
 * `out` may not alias `codes` (different element types).
 */
export function transitionCategoryCodes(codes: Uint16Array, n: number, out: Uint8Array = new Uint8Array(n)): Uint8Array {
  if (codes.length < n || out.length < n) throw new KernelError('E_KERNEL_INPUT', `transitionCategoryCodes: an array holds fewer than ${n} pixels`);
  const table = lut();
  for (let i = 0; i < n; i++) {
    const c = codes[i];
    out[i] = c === TRANSITION_INVALID ? CHANGE_NODATA : c === 0 ? NO_CHANGE : table[c];
  }
  return out;
}
