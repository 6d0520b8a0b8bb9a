import type { ClassSet } from './class-set.ts';
import type { LayerKind } from './layer-kind.ts';

export const SEVERITIES = ['high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const RELATIONS = ['inside', 'outside', 'overlaps'] as const;
export type Relation = (typeof RELATIONS)[number];

/** Which changes a rule looks at. */
export interface ChangeCondition {
  from: ClassSet;
  to: ClassSet;
  /** change legend codes the patch must have (null: any code) */
  codes: ReadonlySet<number> | null;
  /**
   * spectral-only codes (1–19, no land-use classes) that take part, with the classes they imply
   * (SPECTRAL_IMPLIED); empty: spectral patches never match
   */
  spectralCodes: ReadonlySet<number>;
  /** patch area (m²) at least */
  minAreaM2: number;
}

/**
 * A relation of the patch to one layer kind, over all features of that kind:
 * inside = overlap share ≥ share; outside = overlap share < share; overlaps = overlap m² ≥ minAreaM2 (> 0).
 */
export interface LayerCondition {
  kind: LayerKind;
  relation: Relation;
  share: number;
  minAreaM2: number;
}

/** The change is larger than the overlapped features' `property` (m²) sum by more than `percent` %. */
export interface ExceedsCondition {
  kind: LayerKind;
  property: string;
  percent: number;
}

export interface Rule {
  id: string;
  title: string;
  severity: Severity;
  change: ChangeCondition;
  layers: LayerCondition[];
  exceeds: ExceedsCondition | null;
  /** message template with {placeholders} (MESSAGE_PLACEHOLDERS) */
  message: string;
}

export interface RuleSet {
  version: 1;
  rules: Rule[];
  /** file path or 'default' */
  source: string;
}
