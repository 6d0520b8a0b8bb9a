import type { ReviewRecord, Store, ViolationRecord } from '../store/index.ts';
import type { ViolationCandidate, ViolationEvidence } from './evaluate-rules.ts';
import { SEVERITIES, type Severity } from './rule-types.ts';
import { violationProperties, violationsCsv, type ViolationFeatureInput } from './violations-geojson.ts';

const PAGE = 1000;
const REVIEW_COLUMNS = ['review_status', 'reviewer', 'comment', 'approval_ref', 'reviewed_at'];

/**
 * Confirmed violations of a job for enforcement: every rule hit on a patch whose review status is
 * 'confirmed', with the patch geometry and the latest review (who, when, comment). GeoJSON (RFC 7946)
 * or CSV text.
 */
export async function exportConfirmedViolations(store: Store, jobId: string, format: 'geojson' | 'csv'): Promise<{ text: string; count: number }> {
  const geometry = new Map<string, string>();
  for (let offset = 0; ; offset += PAGE) {
    const page = await store.patches.query(jobId, { reviewStatus: 'confirmed', limit: PAGE, offset });
    for (const p of page.patches) geometry.set(p.id, p.geojson);
    if (page.patches.length < PAGE) break;
  }
  const latest = new Map<string, ReviewRecord>();
  for (const r of await store.reviews.history(jobId)) if (geometry.has(r.patchId)) latest.set(r.patchId, r);
  const items: ViolationFeatureInput[] = [];
  for (const rec of await store.violations.list(jobId)) {
    const geom = geometry.get(rec.patchId);
    if (geom === undefined) continue;
    const review = latest.get(rec.patchId);
    items.push({
      violation: violationFromRecord(rec),
      geometry: geom,
      extra: { review_status: 'confirmed', reviewer: review?.reviewer ?? null, comment: review?.comment ?? null, approval_ref: review?.approvalRef ?? null, reviewed_at: review?.at ?? null },
    });
  }
  if (format === 'csv') return { text: violationsCsv(items, REVIEW_COLUMNS), count: items.length };
  const lines = items.map(
    (it) => `{"type":"Feature","id":${JSON.stringify(`${it.violation.patchId}:${it.violation.ruleId}`)},"geometry":${it.geometry},"properties":${JSON.stringify({ ...violationProperties(it.violation), ...it.extra })}}`,
  );
  return { text: `{"type":"FeatureCollection","name":"confirmed_violations","features":[\n${lines.join(',\n')}\n]}\n`, count: items.length };
}

/** A stored rule hit back as a candidate; evidence written by superviseJob, narrowed field by field. */
export function violationFromRecord(rec: ViolationRecord): ViolationCandidate {
  const e = rec.evidence ?? {};
  const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
  const optNum = (v: unknown): number | null => (typeof v === 'number' ? v : null);
  const evidence: ViolationEvidence = {
    code: num(e.code),
    changeType: typeof e.changeType === 'string' ? e.changeType : '',
    fromClass: optNum(e.fromClass),
    toClass: optNum(e.toClass),
    areaM2: num(e.areaM2),
    spectral: e.spectral === true,
    layers: Array.isArray(e.layers) ? (e.layers as ViolationEvidence['layers']) : [],
    ...(typeof e.exceeds === 'object' && e.exceeds !== null ? { exceeds: e.exceeds as NonNullable<ViolationEvidence['exceeds']> } : {}),
  };
  const severity: Severity = (SEVERITIES as readonly string[]).includes(rec.severity) ? (rec.severity as Severity) : 'medium';
  return { patchId: rec.patchId, ruleId: rec.ruleId, title: typeof e.title === 'string' ? e.title : rec.ruleId, severity, message: rec.message ?? '', evidence };
}
