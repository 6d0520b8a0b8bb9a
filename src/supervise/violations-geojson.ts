import { rename, writeFile } from 'node:fs/promises';
import type { ViolationCandidate } from './evaluate-rules.ts';

/** One violation as a GeoJSON Feature: the patch geometry (lon/lat text) and flat properties. */
export interface ViolationFeatureInput {
  violation: ViolationCandidate;
  /** RFC 7946 geometry of the patch, as text */
  geometry: string;
  /** extra properties (review status, approval reference, …) */
  extra?: Record<string, string | number | boolean | null>;
}

export function violationProperties(v: ViolationCandidate): Record<string, string | number | boolean | null> {
  const e = v.evidence;
  const first = e.layers[0];
  const featureIds = e.exceeds?.featureIds ?? e.layers.flatMap((l) => l.features.map((f) => f.id));
  return {
    patch_id: v.patchId,
    rule_id: v.ruleId,
    severity: v.severity,
    title: v.title,
    message: v.message,
    code: e.code,
    change_type: e.changeType,
    from_class: e.fromClass,
    to_class: e.toClass,
    area_m2: round(e.areaM2, 2),
    layer_kind: first?.kind ?? e.exceeds?.kind ?? null,
    overlap_m2: first ? round(first.overlapM2, 2) : null,
    share: first ? round(first.share, 6) : null,
    feature_ids: featureIds.join(','),
    approved_m2: e.exceeds ? round(e.exceeds.approvedM2, 2) : null,
    excess_pct: e.exceeds ? round(e.exceeds.excessPct, 2) : null,
  };
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** Writes a FeatureCollection of violations (sorted by patch, then rule), atomically. */
export async function writeViolationsGeoJson(path: string, items: readonly ViolationFeatureInput[]): Promise<void> {
  const sorted = [...items].sort((a, b) => cmp(a.violation.patchId, b.violation.patchId) || cmp(a.violation.ruleId, b.violation.ruleId));
  const lines = sorted.map(
    (it) => `{"type":"Feature","id":${JSON.stringify(`${it.violation.patchId}:${it.violation.ruleId}`)},"geometry":${it.geometry},"properties":${JSON.stringify({ ...violationProperties(it.violation), ...(it.extra ?? {}) })}}`,
  );
  const text = `{"type":"FeatureCollection","name":"violations","features":[\n${lines.join(',\n')}\n]}\n`;
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}

const CSV_COLUMNS = ['patch_id', 'rule_id', 'severity', 'title', 'message', 'code', 'change_type', 'from_class', 'to_class', 'area_m2', 'layer_kind', 'overlap_m2', 'share', 'feature_ids', 'approved_m2', 'excess_pct'];

/** CSV text of violations (one row each, RFC 4180 quoting), with extra columns appended in order. */
export function violationsCsv(items: readonly ViolationFeatureInput[], extraColumns: readonly string[] = []): string {
  const cols = [...CSV_COLUMNS, ...extraColumns];
  const rows = items.map((it) => {
    const p: Record<string, unknown> = { ...violationProperties(it.violation), ...(it.extra ?? {}) };
    return cols.map((c) => csvCell(p[c])).join(',');
  });
  return `${cols.join(',')}\n${rows.map((r) => `${r}\n`).join('')}`;
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
