import type { SqlParam, SqlRow, StoreDb, StoreSession } from './store-db.ts';
import { StoreError } from './store-error.ts';
import {
  readEnum,
  readInt,
  readIso,
  readJsonObject,
  readNumber,
  readOptIso,
  readOptNumber,
  readOptString,
  readString,
} from './row-read.ts';
import {
  JOB_STATUSES,
  type StoredJob,
  type StoredJobChange,
  type StoredJobError,
  type StoredJobInput,
  type StoredJobProgress,
  type StoredJobStatus,
} from './stored-job.ts';

/** The jobs table behind the runner: it never sees a connection. */
export interface JobsStore {
  /** Creates the job; a duplicate id raises E_STORE_CONSTRAINT. */
  insert(job: StoredJobInput): Promise<void>;
  get(id: string): Promise<StoredJob | null>;
  /** Newest first; `total` counts every job of the filter. */
  list(opts: { limit: number; offset: number; status?: StoredJobStatus }): Promise<{ jobs: StoredJob[]; total: number }>;
  /** Accepted or running jobs, oldest first: what a restarted runner resumes. */
  listUnfinished(): Promise<StoredJob[]>;
  /** Merges `change` into the job atomically; null when the id is unknown. */
  update(id: string, change: StoredJobChange): Promise<StoredJob | null>;
  /** The cheap, frequent progress write; false when the id is unknown. */
  setProgress(id: string, progress: StoredJobProgress, updated?: string): Promise<boolean>;
}

export function createJobsStore(db: StoreDb): JobsStore {
  return {
    insert: (job) =>
      db.exclusive(async (s) => {
        checkStatus(job.status, job.id);
        await s.run('insert_job', [
          job.id,
          job.processId,
          job.status,
          JSON.stringify(job.params),
          job.progress.phase,
          job.progress.tilesDone,
          job.progress.tilesTotal,
          job.progress.percent,
          job.progress.etaSeconds,
          job.message,
          job.error ? JSON.stringify(job.error) : null,
          job.created,
          job.started,
          job.finished,
          job.updated,
        ]);
      }),

    get: (id) => db.exclusive((s) => selectJob(s, id)),

    list: ({ limit, offset, status }) =>
      db.exclusive(async (s) => {
        const params: SqlParam[] = [status ?? null];
        const rows = await s.all('list_jobs', [...params, limit, offset]);
        const total = await s.one('count_jobs', params);
        return { jobs: rows.map(toStoredJob), total: total ? readInt(total, 'total') : 0 };
      }),

    listUnfinished: () => db.exclusive(async (s) => (await s.all('list_unfinished_jobs')).map(toStoredJob)),

    update: (id, change) =>
      db.exclusive((s) =>
        s.transaction(async () => {
          const current = await selectJob(s, id);
          if (!current) return null;
          const next = mergeChange(current, change);
          checkStatus(next.status, id);
          const p = next.progress;
          await s.run('update_job', [
            id,
            next.status,
            p.phase,
            p.tilesDone,
            p.tilesTotal,
            p.percent,
            p.etaSeconds,
            next.message,
            next.error ? JSON.stringify(next.error) : null,
            next.started,
            next.finished,
            next.updated,
          ]);
          return next;
        }),
      ),

    setProgress: (id, p, updated) =>
      db.exclusive(async (s) => {
        const changed = await s.run('update_job_progress', [
          id,
          p.phase,
          p.tilesDone,
          p.tilesTotal,
          p.percent,
          p.etaSeconds,
          updated ?? new Date().toISOString(),
        ]);
        return changed > 0;
      }),
  };
}

async function selectJob(s: StoreSession, id: string): Promise<StoredJob | null> {
  const row = await s.one('select_job', [id]);
  return row ? toStoredJob(row) : null;
}

/** `{ ...current, ...change }` except that keys given as undefined keep their current value. */
function mergeChange(current: StoredJob, change: StoredJobChange): StoredJob {
  return {
    ...current,
    status: change.status ?? current.status,
    progress: change.progress ?? current.progress,
    message: change.message === undefined ? current.message : change.message,
    error: change.error === undefined ? current.error : change.error,
    started: change.started === undefined ? current.started : change.started,
    finished: change.finished === undefined ? current.finished : change.finished,
    updated: change.updated ?? new Date().toISOString(),
  };
}

function checkStatus(status: string, id: string): void {
  if (!(JOB_STATUSES as readonly string[]).includes(status)) {
    throw new StoreError('E_STORE_INVALID', `job ${id}: unknown status '${status}'`, { job: id, status });
  }
}

function toStoredJob(row: SqlRow): StoredJob {
  const id = readString(row, 'id');
  return {
    id,
    processId: readString(row, 'process_id'),
    status: readEnum(row, 'status', JOB_STATUSES),
    params: readJsonObject(row, 'params') ?? {},
    progress: {
      phase: readString(row, 'phase'),
      tilesDone: readInt(row, 'tiles_done'),
      tilesTotal: readInt(row, 'tiles_total'),
      percent: readNumber(row, 'percent'),
      etaSeconds: readOptNumber(row, 'eta_seconds'),
    },
    message: readOptString(row, 'message'),
    error: parseJobError(readJsonObject(row, 'error'), id),
    created: readIso(row, 'created_at'),
    started: readOptIso(row, 'started_at'),
    finished: readOptIso(row, 'finished_at'),
    updated: readIso(row, 'updated_at'),
  };
}

function parseJobError(v: Record<string, unknown> | null, id: string): StoredJobError | null {
  if (v === null) return null;
  const { code, message, details } = v;
  if (typeof code !== 'string' || typeof message !== 'string') {
    throw new StoreError('E_STORE_INVALID', `job ${id}: error JSON lacks code/message`, { job: id });
  }
  const out: StoredJobError = { code, message };
  if (details !== undefined && details !== null && typeof details === 'object' && !Array.isArray(details)) {
    out.details = details as Record<string, unknown>;
  }
  return out;
}
