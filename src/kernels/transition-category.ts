import { CHANGE_NODATA, NO_CHANGE } from './change-legend.ts';
import { gbFirstLevel, isAgricultural, isConstruction } from './landuse-codes.ts';
import { TRANSITION_CLASS_SPAN, TRANSITION_INVALID } from './transition-codes.ts';
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
 * Takes first-level codes; classTransitionCategory handles second-level and foreign codes.
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

/**
 * Legend category of a change between two land-use classes (GB/T 21010 first- or second-level codes, or
 * any other integer): 0 when from = to; the first-level rule (transitionCategory) when both belong to
 * different first-level classes (gbFirstLevel); a change inside one first-level class (0101 水田 → 0103
 * 旱地) is 25 within agricultural, 26 within construction, 23 water, else 29; 29 when either class is not
 * GB/T 21010 (a foreign legend without a remap table).
 */
export function classTransitionCategory(from: number, to: number): number {
  if (from === to) return NO_CHANGE;
  const f = gbFirstLevel(from);
  const t = gbFirstLevel(to);
  if (f < 0 || t < 0) return OTHER_CHANGE;
  return f !== t ? transitionCategory(f, t) : withinLevelCategory(f);
}

function withinLevelCategory(level: number): number {
  if (isAgricultural(level)) return 25;
  if (isConstruction(level)) return 26;
  if (level === WATER) return 23;
  return OTHER_CHANGE;
}

const OTHER_CHANGE = 29;
/** Rows/columns of the first-level category table: index 0 = not GB/T 21010, code + 1 otherwise (00–20). */
const LEVELS = 22;
let levelOf: Int8Array | null = null;
let levelCategory: Uint8Array | null = null;

function tables(): { levelOf: Int8Array; levelCategory: Uint8Array } {
  if (levelOf === null || levelCategory === null) {
    levelOf = new Int8Array(TRANSITION_CLASS_SPAN);
    for (let c = 0; c < TRANSITION_CLASS_SPAN; c++) levelOf[c] = gbFirstLevel(c) + 1;
    levelCategory = new Uint8Array(LEVELS * LEVELS);
    for (let f = 0; f < LEVELS; f++) {
      for (let t = 0; t < LEVELS; t++) {
        if (f === 0 || t === 0) levelCategory[f * LEVELS + t] = OTHER_CHANGE;
        else if (f !== t) levelCategory[f * LEVELS + t] = transitionCategory(f - 1, t - 1);
        else levelCategory[f * LEVELS + t] = withinLevelCategory(f - 1);
      }
    }
  }
  return { levelOf, levelCategory };
}

/**
 * Per-pixel legend codes from transitionCodes output: 0 unchanged, 255 invalid, else the category 20–29
 * of classTransitionCategory. `out` may not alias `codes` (different element types).
 */
export function transitionCategoryCodes(codes: Uint32Array, n: number, out: Uint8Array = new Uint8Array(n)): Uint8Array {
  if (codes.length < n || out.length < n) throw new KernelError('E_KERNEL_INPUT', `transitionCategoryCodes: an array holds fewer than ${n} pixels`);
  const { levelOf: lv, levelCategory: cat } = tables();
  for (let i = 0; i < n; i++) {
    const c = codes[i];
    if (c === TRANSITION_INVALID) out[i] = CHANGE_NODATA;
    else if (c === 0) out[i] = NO_CHANGE;
    else out[i] = cat[lv[(c / TRANSITION_CLASS_SPAN) | 0] * LEVELS + lv[c % TRANSITION_CLASS_SPAN]];
  }
  return out;
}
