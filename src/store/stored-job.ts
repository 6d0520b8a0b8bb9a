/**
 * The job row as the store reads and writes it. It mirrors `JobRecord` of src/jobs/job-types.ts field for
 * field, but the store sits left of jobs and may not import it, so the jobs-room-specific parts stay open:
 * `processId` and `progress.phase` are text and `params` is the object that was stored. A `JobRecord` is
 * accepted as a `StoredJobInput` as it is; the runner narrows a `StoredJob` back (params, processId, phase).
 */
export const JOB_STATUSES = ['accepted', 'running', 'successful', 'failed', 'dismissed'] as const;
export type StoredJobStatus = (typeof JOB_STATUSES)[number];

export interface StoredJobProgress {
  phase: string;
  tilesDone: number;
  tilesTotal: number;
  /** 0..100 over the whole job */
  percent: number;
  etaSeconds: number | null;
}

export interface StoredJobError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export interface StoredJob<P extends object = Record<string, unknown>> {
  id: string;
  processId: string;
  status: StoredJobStatus;
  params: P;
  progress: StoredJobProgress;
  message: string | null;
  error: StoredJobError | null;
  /** ISO-8601 UTC timestamps */
  created: string;
  started: string | null;
  finished: string | null;
  updated: string;
}

/** What `insert` accepts: any params object (a `JobRecord` fits). */
export type StoredJobInput = StoredJob<object>;

/** Fields `update` may change; omitted ones keep their value, `updated` defaults to now. */
export type StoredJobChange = Partial<
  Pick<StoredJob, 'status' | 'progress' | 'message' | 'error' | 'started' | 'finished' | 'updated'>
>;
