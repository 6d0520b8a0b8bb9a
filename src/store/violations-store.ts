import { appendRows } from './append-rows.ts';
import type { SqlRow, StoreDb } from './store-db.ts';
import { readIso, readJsonObject, readOptString, readString } from './row-read.ts';

/** One rule hit from src/supervise. */
export interface ViolationRow {
  patchId: string;
  ruleId: string;
  severity: string;
  message: string | null;
  /** overlapping layer features, areas … */
  evidence: Record<string, unknown> | null;
}

export interface ViolationRecord extends ViolationRow {
  jobId: string;
  created: string;
}

export interface ViolationsStore {
  /** Replaces the job's rule hits in one transaction. */
  replace(jobId: string, rows: readonly ViolationRow[]): Promise<void>;
  list(jobId: string, opts?: { patchId?: string }): Promise<ViolationRecord[]>;
}

export function createViolationsStore(db: StoreDb): ViolationsStore {
  return {
    replace: (jobId, rows) =>
      db.transaction(async (s) => {
        await s.run('delete_violations', [jobId]);
        const created = new Date();
        // column order of `violations` in 0001_init.sql; created_at is appended as ISO text (cast by DuckDB)
        await appendRows(
          s,
          'violations',
          rows,
          (a, v) => {
            a.appendVarchar(jobId);
            a.appendVarchar(v.patchId);
            a.appendVarchar(v.ruleId);
            a.appendVarchar(v.severity);
            if (v.message === null) a.appendNull();
            else a.appendVarchar(v.message);
            if (v.evidence === null) a.appendNull();
            else a.appendVarchar(JSON.stringify(v.evidence));
            a.appendVarchar(created.toISOString());
            a.endRow();
          },
          (v) => `job ${jobId}: patch ${v.patchId}: rule ${v.ruleId}`,
        );
      }),

    list: (jobId, opts) =>
      db.exclusive(async (s) =>
        (await s.all('list_violations', [jobId, opts?.patchId ?? null])).map(
          (row: SqlRow): ViolationRecord => ({
            jobId: readString(row, 'job_id'),
            patchId: readString(row, 'patch_id'),
            ruleId: readString(row, 'rule_id'),
            severity: readString(row, 'severity'),
            message: readOptString(row, 'message'),
            evidence: readJsonObject(row, 'evidence'),
            created: readIso(row, 'created_at'),
          }),
        ),
      ),
  };
}
