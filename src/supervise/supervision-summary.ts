import type { ViolationCandidate } from './evaluate-rules.ts';
import type { LayerKind } from './layer-kind.ts';
import type { PatchOverlay } from './overlay.ts';
import { SEVERITIES, type Severity } from './rule-types.ts';

/** What a patch contributes to the summary (a PatchRecord fits). */
export interface SummaryPatch {
  id: string;
  code: number;
  fromClass: number | null;
  toClass: number | null;
}

export interface ZoneSummary {
  kind: LayerKind;
  /** patches overlapping the zone */
  patches: number;
  overlapM2: number;
  /** changed area inside the zone by transition (from → to; null classes for spectral codes) */
  transitions: Array<{ code: number; fromClass: number | null; toClass: number | null; patches: number; overlapM2: number }>;
}

export interface SupervisionSummary {
  patches: number;
  overlaps: number;
  violations: number;
  violatingPatches: number;
  bySeverity: Record<Severity, { violations: number; areaM2: number }>;
  byRule: Array<{ ruleId: string; severity: Severity; violations: number; areaM2: number }>;
  zones: ZoneSummary[];
}

const r2 = (v: number) => Math.round(v * 100) / 100;

/** Counts by severity and rule, and changed area by transition inside each layer kind (zone). */
export function summarizeSupervision(
  patches: readonly SummaryPatch[],
  overlays: readonly PatchOverlay[],
  violations: readonly ViolationCandidate[],
): SupervisionSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, { violations: 0, areaM2: 0 }])) as SupervisionSummary['bySeverity'];
  const byRule = new Map<string, { ruleId: string; severity: Severity; violations: number; areaM2: number }>();
  for (const v of violations) {
    bySeverity[v.severity].violations++;
    bySeverity[v.severity].areaM2 += v.evidence.areaM2;
    const r = byRule.get(v.ruleId) ?? { ruleId: v.ruleId, severity: v.severity, violations: 0, areaM2: 0 };
    r.violations++;
    r.areaM2 += v.evidence.areaM2;
    byRule.set(v.ruleId, r);
  }
  for (const s of SEVERITIES) bySeverity[s].areaM2 = r2(bySeverity[s].areaM2);

  const zones = new Map<LayerKind, { kind: LayerKind; patches: Set<string>; overlapM2: number; transitions: Map<string, ZoneSummary['transitions'][number] & { ids: Set<string> }> }>();
  let overlaps = 0;
  patches.forEach((p, i) => {
    for (const o of overlays[i]?.overlaps ?? []) {
      overlaps++;
      let z = zones.get(o.kind);
      if (!z) zones.set(o.kind, (z = { kind: o.kind, patches: new Set(), overlapM2: 0, transitions: new Map() }));
      z.patches.add(p.id);
      z.overlapM2 += o.overlapM2;
      const key = `${p.code}:${p.fromClass}:${p.toClass}`;
      let t = z.transitions.get(key);
      if (!t) z.transitions.set(key, (t = { code: p.code, fromClass: p.fromClass, toClass: p.toClass, patches: 0, overlapM2: 0, ids: new Set() }));
      t.ids.add(p.id);
      t.overlapM2 += o.overlapM2;
    }
  });

  return {
    patches: patches.length,
    overlaps,
    violations: violations.length,
    violatingPatches: new Set(violations.map((v) => v.patchId)).size,
    bySeverity,
    byRule: [...byRule.values()].map((r) => ({ ...r, areaM2: r2(r.areaM2) })).sort((a, b) => (a.ruleId < b.ruleId ? -1 : 1)),
    zones: [...zones.values()]
      .sort((a, b) => (a.kind < b.kind ? -1 : 1))
      .map((z) => ({
        kind: z.kind,
        patches: z.patches.size,
        overlapM2: r2(z.overlapM2),
        transitions: [...z.transitions.values()]
          .map(({ ids, ...t }) => ({ ...t, patches: ids.size, overlapM2: r2(t.overlapM2) }))
          .sort((a, b) => a.code - b.code || (a.fromClass ?? -1) - (b.fromClass ?? -1) || (a.toClass ?? -1) - (b.toClass ?? -1)),
      })),
  };
}
