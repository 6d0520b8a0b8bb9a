import { LANDUSE_CLASSES, gbFirstLevel, isAgricultural, isConstruction } from '../kernels/landuse-codes.ts';

/**
 * A set of land-use classes a rule's `from` / `to` names: codes (1, 7, 20), class keys ('cropland',
 * 'forest'), or groups: 'construction' (05–10, 20), 'agricultural' (01–04), 'non_construction' (every
 * class that is not construction land) and 'any' (no restriction, also matches an unknown class).
 */
export interface ClassSet {
  any: boolean;
  codes: ReadonlySet<number>;
}

export const CLASS_GROUPS = ['any', 'construction', 'agricultural', 'non_construction'] as const;

const ALL_CODES = LANDUSE_CLASSES.map((c) => c.code);

/** The codes a name stands for, or null when the name is unknown. */
export function classNameCodes(name: string): number[] | null {
  if (name === 'construction') return ALL_CODES.filter(isConstruction);
  if (name === 'agricultural') return ALL_CODES.filter(isAgricultural);
  if (name === 'non_construction') return ALL_CODES.filter((c) => !isConstruction(c));
  const cls = LANDUSE_CLASSES.find((c) => c.key === name);
  return cls ? [cls.code] : null;
}

export function anyClass(): ClassSet {
  return { any: true, codes: new Set() };
}

export function classSet(codes: Iterable<number>): ClassSet {
  return { any: false, codes: new Set(codes) };
}

/** A second-level code (0101 水田) is in a set that holds it or its first-level class (01 cropland). */
export function inClassSet(set: ClassSet, code: number | null): boolean {
  if (set.any) return true;
  if (code === null) return false;
  if (set.codes.has(code)) return true;
  const first = gbFirstLevel(code);
  return first >= 0 && first !== code && set.codes.has(first);
}

/** True when the two sets share a class (an 'any' side shares with everything). */
export function classSetsMeet(a: ClassSet, b: ClassSet): boolean {
  if (a.any || b.any) return true;
  for (const c of a.codes) if (b.codes.has(c)) return true;
  return false;
}

/** Every valid name for messages. */
export function classNames(): string[] {
  return [...CLASS_GROUPS, ...LANDUSE_CLASSES.map((c) => c.key)];
}
