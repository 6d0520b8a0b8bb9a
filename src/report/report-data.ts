import { MU_M2 } from '../jobs/index.ts';
import type { ChangeAreaByCode, Store, StoredJob, StoredPatch, ThresholdRecord, TransitionRow, ViolationRecord } from '../store/index.ts';
import { ReportError } from './report-error.ts';

/** Everything the report shows, read from the store in one place (numbers exactly as SQL returns them). */
export interface ReportData {
  job: StoredJob;
  thresholds: ThresholdRecord[];
  transitions: TransitionRow[];
  changeByCode: ChangeAreaByCode[];
  violations: ViolationRecord[];
  /** violations grouped by rule and severity */
  violationGroups: Array<{ ruleId: string; severity: string; count: number; patchIds: string[] }>;
  patchCount: number;
  topPatches: StoredPatch[];
}

export { MU_M2 };

const PAGE = 5000;

/** Largest `n` patches by area (ties by id), scanning the job's patches page by page. */
async function topPatches(store: Store, jobId: string, n: number): Promise<{ top: StoredPatch[]; count: number }> {
  let top: StoredPatch[] = [];
  let offset = 0;
  let count = 0;
  for (;;) {
    const page = await store.patches.query(jobId, { limit: PAGE, offset });
    count = page.numberMatched;
    top = top.concat(page.patches).sort((a, b) => b.areaM2 - a.areaM2 || (a.id < b.id ? -1 : 1)).slice(0, n);
    offset += page.patches.length;
    if (page.patches.length < PAGE || offset >= count) break;
  }
  return { top, count };
}

export async function loadReportData(store: Store, jobId: string, topN = 12): Promise<ReportData> {
  const job = await store.jobs.get(jobId);
  if (job === null) throw new ReportError('E_REPORT_JOB', `job ${jobId} does not exist in ${store.path}`, { jobId });
  const [thresholds, transitions, changeByCode, violations, patches] = [
    await store.thresholds.list(jobId),
    await store.transitions.list(jobId),
    await store.aggregates.changeAreaByCode(jobId),
    await store.violations.list(jobId),
    await topPatches(store, jobId, topN),
  ];
  const groups = new Map<string, { ruleId: string; severity: string; count: number; patchIds: string[] }>();
  for (const v of violations) {
    const key = `${v.ruleId}\u0000${v.severity}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ruleId: v.ruleId, severity: v.severity, count: 0, patchIds: [] }));
    g.count++;
    g.patchIds.push(v.patchId);
  }
  return {
    job,
    thresholds,
    transitions,
    changeByCode,
    violations,
    violationGroups: [...groups.values()].sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : a.severity < b.severity ? -1 : 1)),
    patchCount: patches.count,
    topPatches: patches.top,
  };
}
