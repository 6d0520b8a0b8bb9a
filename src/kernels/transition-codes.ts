import type { NumericArray } from './kernel-types.ts';
import type { LanduseRemap } from './remap-table.ts';
import { MAX_CLASS_CODE } from './landuse-codes.ts';
import { KernelError } from './kernel-error.ts';

/** Transition code of an invalid pixel (either epoch nodata, or a class the kernels cannot carry). */
export const TRANSITION_INVALID = 0xffff_ffff;

/** Transition code = from · TRANSITION_CLASS_SPAN + to, with classes 0..MAX_CLASS_CODE. */
export const TRANSITION_CLASS_SPAN = MAX_CLASS_CODE + 1;

/**
 * Polygon value = change code · POLYGON_VALUE_CODE_FACTOR + transition code (0 without one), so every
 * polygon has one change code and one from→to. 255 · 2^22 + 2^22 − 1 < 2^31: it fits the Int32 values of
 * the labelling kernels.
 */
export const POLYGON_VALUE_CODE_FACTOR = TRANSITION_CLASS_SPAN * TRANSITION_CLASS_SPAN;

/** The (from, to) classes of a transition code that is neither 0 nor TRANSITION_INVALID. */
export function transitionFrom(code: number): number {
  return Math.floor(code / TRANSITION_CLASS_SPAN);
}
export function transitionTo(code: number): number {
  return code % TRANSITION_CLASS_SPAN;
}

/**
 * The class of a raw land-use value: the remap table's target, or the value itself without a table; -1
 * when the value has no usable class (unmapped, negative, not an integer, above MAX_CLASS_CODE).
 */
function classOf(v: number, table: Int16Array | null): number {
  if (table !== null) return v >= 0 && v <= 65535 && v === Math.floor(v) ? table[v] : -1;
  return v >= 0 && v <= MAX_CLASS_CODE && v === Math.floor(v) ? v : -1;
}

/**
 * Land-use transition per pixel as from·2048 + to (TRANSITION_CLASS_SPAN), 0 where the class did not
 * change, TRANSITION_INVALID where valid[i] = 0 or a class is unusable (see classOf). "Unchanged" is 0
 * (not from·2048+from) so the array doubles as a change mask; the unchanged class is still in luA.
 * Classes are taken after `remap` when given, else as they are (any integer 0..2047: GB/T 21010 first-
 * and second-level codes, land-cover legends). 0→k (wetland → k) is k, distinct from every j→k (≥ 2048).
 */
export function transitionCodes(
  luA: NumericArray,
  luB: NumericArray,
  valid: Uint8Array,
  n: number,
  remap: LanduseRemap | null,
  out: Uint32Array = new Uint32Array(n),
): Uint32Array {
  if (luA.length < n || luB.length < n || valid.length < n || out.length < n) {
    throw new KernelError('E_KERNEL_INPUT', `transitionCodes: an array holds fewer than ${n} pixels`);
  }
  const table = remap === null ? null : remap.table;
  for (let i = 0; i < n; i++) {
    if (valid[i] === 0) {
      out[i] = TRANSITION_INVALID;
      continue;
    }
    const a = classOf(luA[i], table);
    const b = classOf(luB[i], table);
    if (a < 0 || b < 0) out[i] = TRANSITION_INVALID;
    else out[i] = a === b ? 0 : a * TRANSITION_CLASS_SPAN + b;
  }
  return out;
}

/**
 * Exact, sparse pixel counts over valid pixels: `pairs` per (from, to) class pair after remap, the diagonal
 * included (key from·2048 + to); `unusableA` / `unusableB` per raw value of an epoch whose class is
 * unusable (unmapped by the remap table, negative, above 2047…), so callers can name those codes.
 * Counts are added to the maps given (merge tiles by passing the same maps).
 */
export interface ClassPairCounts {
  pairs: Map<number, number>;
  unusableA: Map<number, number>;
  unusableB: Map<number, number>;
}

export function emptyClassPairCounts(): ClassPairCounts {
  return { pairs: new Map(), unusableA: new Map(), unusableB: new Map() };
}

/**
 * Counts (see ClassPairCounts). Class maps are spatially coherent, so the loop only compares neighbours
 * and touches the maps once per run of equal (a, b, valid) pixels.
 */
export function classPairCounts(
  luA: NumericArray,
  luB: NumericArray,
  valid: Uint8Array,
  n: number,
  remap: LanduseRemap | null,
  out: ClassPairCounts = emptyClassPairCounts(),
): ClassPairCounts {
  if (luA.length < n || luB.length < n || valid.length < n) {
    throw new KernelError('E_KERNEL_INPUT', `classPairCounts: an array holds fewer than ${n} pixels`);
  }
  const table = remap === null ? null : remap.table;
  let runA = 0;
  let runB = 0;
  let runLen = 0;
  for (let i = 0; i < n; i++) {
    if (valid[i] === 0) continue;
    const a = luA[i];
    const b = luB[i];
    if (runLen > 0 && a === runA && b === runB) {
      runLen++;
      continue;
    }
    if (runLen > 0) addRun(runA, runB, runLen, table, out);
    runA = a;
    runB = b;
    runLen = 1;
  }
  if (runLen > 0) addRun(runA, runB, runLen, table, out);
  return out;
}

function addRun(rawA: number, rawB: number, count: number, table: Int16Array | null, out: ClassPairCounts): void {
  const a = classOf(rawA, table);
  const b = classOf(rawB, table);
  if (a < 0) out.unusableA.set(rawA, (out.unusableA.get(rawA) ?? 0) + count);
  if (b < 0) out.unusableB.set(rawB, (out.unusableB.get(rawB) ?? 0) + count);
  if (a >= 0 && b >= 0) {
    const key = a * TRANSITION_CLASS_SPAN + b;
    out.pairs.set(key, (out.pairs.get(key) ?? 0) + count);
  }
}

/** `from` of the triples that carry an unusable raw code of epoch A / B (see packClassPairCounts). */
export const UNUSABLE_A = -1;
export const UNUSABLE_B = -2;

/**
 * Flat [from, to, pixels] triples (what tile results and checkpoints carry): class pairs first, then
 * [UNUSABLE_A, raw, pixels] and [UNUSABLE_B, raw, pixels] for raw values without a usable class.
 */
export function packClassPairCounts(c: ClassPairCounts): Float64Array {
  const out = new Float64Array(3 * (c.pairs.size + c.unusableA.size + c.unusableB.size));
  let j = 0;
  for (const [key, pixels] of c.pairs) {
    out[j++] = transitionFrom(key);
    out[j++] = transitionTo(key);
    out[j++] = pixels;
  }
  for (const [raw, pixels] of c.unusableA) {
    out[j++] = UNUSABLE_A;
    out[j++] = raw;
    out[j++] = pixels;
  }
  for (const [raw, pixels] of c.unusableB) {
    out[j++] = UNUSABLE_B;
    out[j++] = raw;
    out[j++] = pixels;
  }
  return out;
}

/** Adds packed triples (packClassPairCounts) into `into`. */
export function addPackedClassPairCounts(triples: Float64Array, into: ClassPairCounts): ClassPairCounts {
  for (let i = 0; i + 2 < triples.length; i += 3) {
    const from = triples[i];
    const to = triples[i + 1];
    const pixels = triples[i + 2];
    const map = from === UNUSABLE_A ? into.unusableA : from === UNUSABLE_B ? into.unusableB : into.pairs;
    const key = from >= 0 ? from * TRANSITION_CLASS_SPAN + to : to;
    map.set(key, (map.get(key) ?? 0) + pixels);
  }
  return into;
}
