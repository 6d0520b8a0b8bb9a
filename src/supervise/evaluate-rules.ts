import { CHANGE_LEGEND, legendEntry } from '../kernels/change-legend.ts';
import { LANDUSE_CLASSES, gbFirstLevel, isAgricultural, isConstruction } from '../kernels/landuse-codes.ts';
import { classSet, classSetsMeet, inClassSet, type ClassSet } from './class-set.ts';
import type { LayerKind } from './layer-kind.ts';
import type { LayerPropertyValue } from './layer-types.ts';
import { renderMessage, type Placeholder } from './message-template.ts';
import type { Overlap, PatchOverlay } from './overlay.ts';
import type { LayerCondition, Rule, RuleSet, Severity } from './rule-types.ts';

/** What rules read of a patch (a PatchRecord fits). */
export interface RulePatch {
  id: string;
  code: number;
  fromClass: number | null;
  toClass: number | null;
  /**
   * classes assumed instead of fromClass/toClass (a siting check: a planned construction of unknown
   * origin); the change codes and spectral opt-in are then not consulted
   */
  assumed?: { from?: ClassSet; to?: ClassSet };
}

export interface LayerEvidence {
  kind: LayerKind;
  relation: LayerCondition['relation'];
  overlapM2: number;
  share: number;
  features: Array<{ layer: string; id: string; index: number; overlapM2: number; share: number }>;
}

export interface ViolationEvidence {
  code: number;
  changeType: string;
  fromClass: number | null;
  toClass: number | null;
  areaM2: number;
  /** classes implied by a spectral-only code (the rule opted in) */
  spectral: boolean;
  layers: LayerEvidence[];
  exceeds?: { kind: LayerKind; property: string; approvedM2: number; excessPct: number; featureIds: string[] };
}

export interface ViolationCandidate {
  patchId: string;
  ruleId: string;
  title: string;
  severity: Severity;
  message: string;
  evidence: ViolationEvidence;
}

export interface SkippedRule {
  ruleId: string;
  reason: string;
}

/**
 * Classes a spectral-only change code implies when a rule opts in through `spectralCodes`; a side not
 * listed is unknown and does not restrict. 1 vegetation loss: from agricultural; 2 vegetation gain: to
 * agricultural; 3 water gain: to water; 4 water loss: from water; 5 built-up gain: to construction.
 */
export const SPECTRAL_IMPLIED: Readonly<Record<number, { from?: ClassSet; to?: ClassSet }>> = {
  1: { from: classSet(LANDUSE_CLASSES.map((c) => c.code).filter(isAgricultural)) },
  2: { to: classSet(LANDUSE_CLASSES.map((c) => c.code).filter(isAgricultural)) },
  3: { to: classSet([11]) },
  4: { from: classSet([11]) },
  5: { to: classSet(LANDUSE_CLASSES.map((c) => c.code).filter(isConstruction)) },
};

/**
 * The rules that can be judged with the loaded layer kinds, and those skipped because a kind they need is
 * missing (a patch is never "outside" a layer that was not given).
 */
export function activeRules(rules: RuleSet, kinds: ReadonlySet<LayerKind>): { active: Rule[]; skipped: SkippedRule[] } {
  const active: Rule[] = [];
  const skipped: SkippedRule[] = [];
  for (const rule of rules.rules) {
    const need = [...rule.layers.map((l) => l.kind), ...(rule.exceeds ? [rule.exceeds.kind] : [])];
    const missing = need.filter((k) => !kinds.has(k));
    if (missing.length > 0) skipped.push({ ruleId: rule.id, reason: `no ${[...new Set(missing)].join(', ')} layer loaded` });
    else active.push(rule);
  }
  return { active, skipped };
}

/** Look-up of a layer feature's property, for exceeds conditions. */
export type FeatureProperty = (layer: string, featureIndex: number, property: string) => LayerPropertyValue | undefined;

/**
 * Every rule hit of one patch, in rule order. `overlay` holds its overlaps (areas in m² of the work
 * frame, where `overlay.areaM2` is the patch's own area); `rules` are the active ones (activeRules).
 */
export function evaluatePatch(patch: RulePatch, overlay: PatchOverlay, rules: readonly Rule[], property: FeatureProperty): ViolationCandidate[] {
  const out: ViolationCandidate[] = [];
  for (const rule of rules) {
    const hit = evaluateRule(rule, patch, overlay, property);
    if (hit !== null) out.push(hit);
  }
  return out;
}

function evaluateRule(rule: Rule, patch: RulePatch, overlay: PatchOverlay, property: FeatureProperty): ViolationCandidate | null {
  const c = rule.change;
  const spectral = patch.assumed === undefined && patch.fromClass === null && patch.toClass === null && patch.code > 0 && patch.code < 20;
  if (patch.assumed !== undefined) {
    if (patch.assumed.from && !classSetsMeet(c.from, patch.assumed.from)) return null;
    if (patch.assumed.to && !classSetsMeet(c.to, patch.assumed.to)) return null;
  } else if (c.codes !== null && !c.codes.has(patch.code)) return null;
  else if (spectral) {
    if (!c.spectralCodes.has(patch.code)) return null;
    const implied = SPECTRAL_IMPLIED[patch.code] ?? {};
    if (implied.from && !classSetsMeet(c.from, implied.from)) return null;
    if (implied.to && !classSetsMeet(c.to, implied.to)) return null;
  } else if (!inClassSet(c.from, patch.fromClass) || !inClassSet(c.to, patch.toClass)) return null;
  if (overlay.areaM2 < c.minAreaM2) return null;

  const layers: LayerEvidence[] = [];
  for (const cond of rule.layers) {
    const ev = layerEvidence(cond, overlay.overlaps);
    if (!holds(cond, ev)) return null;
    layers.push(ev);
  }

  let exceeds: ViolationEvidence['exceeds'];
  if (rule.exceeds) {
    const e = rule.exceeds;
    let approvedM2 = 0;
    const featureIds: string[] = [];
    for (const o of overlay.overlaps) {
      if (o.kind !== e.kind) continue;
      const v = property(o.layer, o.featureIndex, e.property);
      const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
      if (!Number.isFinite(n) || n <= 0) continue;
      approvedM2 += n;
      featureIds.push(o.featureId);
    }
    if (approvedM2 <= 0 || overlay.areaM2 <= approvedM2 * (1 + e.percent / 100)) return null;
    exceeds = { kind: e.kind, property: e.property, approvedM2, excessPct: (overlay.areaM2 / approvedM2 - 1) * 100, featureIds };
  }

  const evidence: ViolationEvidence = {
    code: patch.code,
    changeType: legendEntry(patch.code)?.key ?? String(patch.code),
    fromClass: patch.fromClass,
    toClass: patch.toClass,
    areaM2: overlay.areaM2,
    spectral,
    layers,
    ...(exceeds ? { exceeds } : {}),
  };
  return { patchId: patch.id, ruleId: rule.id, title: rule.title, severity: rule.severity, message: renderMessage(rule.message, placeholders(rule, patch, evidence)), evidence };
}

function layerEvidence(cond: LayerCondition, overlaps: readonly Overlap[]): LayerEvidence {
  let overlapM2 = 0;
  let share = 0;
  const features: LayerEvidence['features'] = [];
  for (const o of overlaps) {
    if (o.kind !== cond.kind) continue;
    overlapM2 += o.overlapM2;
    share += o.share;
    features.push({ layer: o.layer, id: o.featureId, index: o.featureIndex, overlapM2: o.overlapM2, share: o.share });
  }
  // features of one layer should not overlap each other; if they do, the share is capped at the patch
  return { kind: cond.kind, relation: cond.relation, overlapM2, share: Math.min(1, share), features };
}

function holds(cond: LayerCondition, ev: LayerEvidence): boolean {
  if (cond.relation === 'inside') return ev.share >= cond.share;
  if (cond.relation === 'outside') return ev.share < cond.share;
  return ev.overlapM2 > 0 && ev.overlapM2 >= cond.minAreaM2;
}

const r1 = (v: number) => (Math.round(v * 10) / 10).toFixed(1);

function className(code: number | null, zh: boolean): string {
  if (code === null) return '?';
  const first = gbFirstLevel(code);
  const c = LANDUSE_CLASSES.find((x) => x.code === first);
  if (!c) return String(code);
  // a second-level code keeps its digits beside the first-level name: "cropland 0101"
  return first === code ? (zh ? c.zh : c.key) : `${zh ? c.zh : c.key} ${String(code).padStart(4, '0')}`;
}

function placeholders(rule: Rule, patch: RulePatch, ev: ViolationEvidence): Record<Placeholder, string> {
  const first = ev.layers[0];
  const spectralTo = ev.spectral && patch.code === 5 ? 'construction (spectral)' : null;
  return {
    rule_id: rule.id,
    title: rule.title,
    severity: rule.severity,
    patch_id: patch.id,
    code: String(patch.code),
    change_type: ev.changeType,
    from: patch.fromClass === null ? '?' : String(patch.fromClass),
    to: patch.toClass === null ? '?' : String(patch.toClass),
    from_name: patch.assumed ? 'planned site' : ev.spectral ? (CHANGE_LEGEND.find((e) => e.code === patch.code)?.en.toLowerCase() ?? '?') : className(patch.fromClass, false),
    to_name: patch.assumed ? 'construction' : (spectralTo ?? className(patch.toClass, false)),
    from_zh: className(patch.fromClass, true),
    to_zh: className(patch.toClass, true),
    area_m2: r1(ev.areaM2),
    area_mu: (ev.areaM2 / (10000 / 15)).toFixed(2),
    layer: first?.kind ?? ev.exceeds?.kind ?? '',
    overlap_m2: r1(first?.overlapM2 ?? 0),
    share_pct: r1((first?.share ?? 0) * 100),
    feature_ids: (ev.exceeds?.featureIds ?? first?.features.map((f) => f.id) ?? []).join(', ') || 'none',
    approved_m2: r1(ev.exceeds?.approvedM2 ?? 0),
    excess_pct: r1(ev.exceeds?.excessPct ?? 0),
  };
}
