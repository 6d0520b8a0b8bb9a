import type { SqlRow, StoreDb } from './store-db.ts';
import { StoreError } from './store-error.ts';
import { readIso, readJsonObject, readNumber, readOptBytes, readString } from './row-read.ts';

export interface ThresholdInput {
  jobId: string;
  /** 'otsu', 'fixed', … one row per job and method */
  method: string;
  value: number;
  /** the merged global histogram the threshold came from (bin counts) */
  histogram: Float64Array | null;
  /** bins, range, bands … whatever reproduces the histogram */
  spec: Record<string, unknown> | null;
  /** ISO-8601 UTC; defaults to now */
  updated?: string;
}

export interface ThresholdRecord extends Omit<ThresholdInput, 'updated'> {
  updated: string;
}

export interface ThresholdsStore {
  /** Upserts the threshold of (job, method). */
  save(t: ThresholdInput): Promise<void>;
  get(jobId: string, method: string): Promise<ThresholdRecord | null>;
  list(jobId: string): Promise<ThresholdRecord[]>;
}

export function createThresholdsStore(db: StoreDb): ThresholdsStore {
  return {
    save: (t) =>
      db.exclusive(async (s) => {
        const h = t.histogram;
        // Float64 in platform byte order, which is little-endian on every platform DuckDB ships for
        const bytes = h ? new Uint8Array(h.buffer, h.byteOffset, h.byteLength) : null;
        await s.run('upsert_threshold', [
          t.jobId,
          t.method,
          t.value,
          bytes,
          t.spec ? JSON.stringify(t.spec) : null,
          t.updated ?? new Date().toISOString(),
        ]);
      }),

    get: (jobId, method) =>
      db.exclusive(async (s) => {
        const row = await s.one('list_thresholds', [jobId, method]);
        return row ? toThreshold(row) : null;
      }),

    list: (jobId) => db.exclusive(async (s) => (await s.all('list_thresholds', [jobId, null])).map(toThreshold)),
  };
}

function toThreshold(row: SqlRow): ThresholdRecord {
  const jobId = readString(row, 'job_id');
  const bytes = readOptBytes(row, 'histogram');
  let histogram: Float64Array | null = null;
  if (bytes) {
    if (bytes.byteLength % 8 !== 0) {
      throw new StoreError('E_STORE_INVALID', `job ${jobId}: histogram of ${bytes.byteLength} bytes is not Float64`, { job: jobId });
    }
    // copy: the bytes may sit at an offset that is not 8-aligned
    histogram = new Float64Array(new Uint8Array(bytes).buffer);
  }
  return {
    jobId,
    method: readString(row, 'method'),
    value: readNumber(row, 'value'),
    histogram,
    spec: readJsonObject(row, 'spec'),
    updated: readIso(row, 'updated_at'),
  };
}
