/**
 * What gets planted, per district of 4096² px (counts scale with area; `min` keeps every rule
 * represented in small scenes). Zone requirements: 'in' = inside a polygon of that layer, 'out' =
 * outside all of them, 'any' = either (but never straddling).
 */
export type ChangeBase = 'field' | 'forest' | 'pond';
export type ChangeShape = 'block' | 'courtyard' | 'blob' | 'road' | 'pond';
export type Zone = 'in' | 'out' | 'any';
export type ApprovalPlan = 'cover' | 'partial' | 'none';

export interface ChangeScenario {
  kind: string;
  from: number;
  /** one of these, picked at random */
  to: readonly number[];
  base: ChangeBase;
  shape: ChangeShape;
  growthBoundary: Zone;
  farmland: Zone;
  redline: Zone;
  approval: ApprovalPlan;
  per4096: number;
  min: number;
}

const s = (
  kind: string, from: number, to: number[], base: ChangeBase, shape: ChangeShape,
  growthBoundary: Zone, farmland: Zone, redline: Zone, approval: ApprovalPlan, per4096: number, min: number,
): ChangeScenario => ({ kind, from, to, base, shape, growthBoundary, farmland, redline, approval, per4096, min });

export const CHANGE_SCENARIOS: readonly ChangeScenario[] = [
  // violations with tight zones first, so they find room
  s('forest_to_construction', 3, [6, 9], 'forest', 'block', 'out', 'out', 'in', 'none', 2, 1),
  s('cropland_to_residential', 1, [7, 6], 'field', 'block', 'out', 'in', 'out', 'none', 3, 1),
  s('cropland_to_industrial', 1, [6], 'field', 'block', 'out', 'in', 'out', 'cover', 1, 0),
  s('new_road', 1, [10], 'field', 'road', 'out', 'in', 'out', 'none', 1, 0),
  // inside the growth boundary: legal with approvals, one courtyard, exceeding, unapproved
  s('cropland_to_industrial', 1, [6, 5], 'field', 'block', 'in', 'out', 'out', 'partial', 2, 1),
  s('cropland_to_commercial', 1, [5], 'field', 'courtyard', 'in', 'out', 'out', 'cover', 1, 1),
  s('cropland_to_residential', 1, [7], 'field', 'block', 'in', 'out', 'out', 'cover', 4, 1),
  s('cropland_to_industrial', 1, [6], 'field', 'block', 'in', 'out', 'out', 'cover', 2, 0),
  s('cropland_to_residential', 1, [7], 'field', 'block', 'in', 'out', 'out', 'none', 3, 1),
  s('water_fill', 11, [6], 'pond', 'pond', 'in', 'out', 'out', 'cover', 1, 1),
  s('new_road', 1, [10], 'field', 'road', 'in', 'out', 'out', 'cover', 1, 0),
  s('other_to_construction', 12, [6], 'field', 'block', 'in', 'out', 'out', 'cover', 1, 0),
  s('grassland_to_construction', 4, [7], 'field', 'block', 'in', 'out', 'out', 'none', 1, 0),
  // outside the growth boundary
  s('cropland_to_builtup', 1, [20], 'field', 'block', 'out', 'out', 'out', 'cover', 2, 1),
  s('cropland_to_builtup', 1, [20, 6], 'field', 'block', 'out', 'out', 'out', 'none', 2, 0),
  s('forest_to_construction', 3, [6], 'forest', 'block', 'out', 'out', 'out', 'cover', 1, 0),
  s('water_fill', 11, [20], 'pond', 'pond', 'out', 'out', 'out', 'none', 1, 0),
  s('new_road', 1, [10], 'field', 'road', 'out', 'out', 'out', 'none', 1, 1),
  // not construction: no rule applies
  s('forest_clearing', 3, [12], 'forest', 'blob', 'any', 'out', 'out', 'none', 2, 1),
];
