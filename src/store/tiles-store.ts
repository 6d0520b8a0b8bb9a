import type { SqlRow, StoreDb, StoreSession } from './store-db.ts';
import { StoreError } from './store-error.ts';
import { readEnum, readInt, readIso, readJsonObject, readOptBytes, readOptInt, readOptNumber, readString } from './row-read.ts';

export const TILE_PASSES = ['stats', 'histogram', 'detect'] as const;
export type TilePass = (typeof TILE_PASSES)[number];
export const TILE_STATUSES = ['done', 'failed'] as const;
export type TileStatus = (typeof TILE_STATUSES)[number];

/** What the runner commits for a finished (or failed) tile. */
export interface TileCommit {
  jobId: string;
  pass: TilePass;
  tileId: number;
  col: number;
  row: number;
  status: TileStatus;
  stats: Record<string, unknown> | null;
  /** opaque encoded tile result; the store never looks inside */
  payload: Uint8Array | null;
  ms: number | null;
  attempts: number;
  /** ISO-8601 UTC; defaults to now */
  updated?: string;
}

export interface TileCheckpoint extends Omit<TileCommit, 'updated'> {
  updated: string;
}

/** A checkpoint without its payload (listing is cheap); `payloadBytes` is its size. */
export interface TileSummary extends Omit<TileCheckpoint, 'payload'> {
  payloadBytes: number | null;
}

export interface TilePayload {
  tileId: number;
  col: number;
  row: number;
  stats: Record<string, unknown> | null;
  /** null when the tile was committed with stats only */
  payload: Uint8Array | null;
}

export interface TilesStore {
  /**
   * Upserts a checkpoint. Idempotent: resolves false (and changes nothing) when the tile is already done
   * or identical; a failed tile is replaced by a later commit.
   */
  commit(tile: TileCommit): Promise<boolean>;
  get(jobId: string, pass: TilePass, tileId: number): Promise<TileCheckpoint | null>;
  /** Every checkpoint of a pass without payloads, by tile id. */
  list(jobId: string, pass: TilePass): Promise<TileSummary[]>;
  count(jobId: string, pass: TilePass): Promise<{ done: number; failed: number }>;
  /**
   * Done tiles with payloads in tile-id order, fetched `pageSize` at a time (default 32) so memory stays
   * bounded and the store stays usable between pages (each page is one short read).
   */
  listPayloads(jobId: string, pass: TilePass, opts?: { pageSize?: number }): AsyncIterableIterator<TilePayload>;
  /** Removes a job's checkpoints (one pass, or all when omitted); resolves to the number removed. */
  deleteForJob(jobId: string, pass?: TilePass): Promise<number>;
}

const DEFAULT_PAGE = 32;

export function createTilesStore(db: StoreDb): TilesStore {
  const group = createGroupCommit(db);
  return {
    commit: (t) => {
      try {
        validate(t);
      } catch (err) {
        return Promise.reject(err);
      }
      return group.commit(t);
    },

    get: (jobId, pass, tileId) =>
      db.exclusive(async (s) => {
        const row = await s.one('select_tile', [jobId, pass, tileId]);
        return row ? { ...toSummaryBase(row), payload: readOptBytes(row, 'payload') } : null;
      }),

    list: (jobId, pass) =>
      db.exclusive(async (s) =>
        (await s.all('list_tiles', [jobId, pass])).map((row) => ({
          ...toSummaryBase(row),
          payloadBytes: readOptInt(row, 'payload_bytes'),
        })),
      ),

    count: (jobId, pass) =>
      db.exclusive(async (s) => {
        const row = await s.one('count_tiles', [jobId, pass]);
        return row ? { done: readInt(row, 'done'), failed: readInt(row, 'failed') } : { done: 0, failed: 0 };
      }),

    listPayloads: (jobId, pass, opts) => payloadPages(db, jobId, pass, opts?.pageSize ?? DEFAULT_PAGE),

    deleteForJob: (jobId, pass) => db.exclusive((s) => s.run('delete_tiles', [jobId, pass ?? null])),
  };
}

async function* payloadPages(db: StoreDb, jobId: string, pass: TilePass, pageSize: number): AsyncIterableIterator<TilePayload> {
  checkPass(pass, jobId);
  const size = Math.max(1, Math.floor(pageSize));
  let after = -1;
  for (;;) {
    // the lock is held only while one page is read, never across a yield
    const rows = await db.exclusive((s) => s.all('list_tile_payloads', [jobId, pass, after, size]));
    for (const row of rows) {
      const tileId = readInt(row, 'tile_id');
      after = tileId;
      yield {
        tileId,
        col: readInt(row, 'tile_col'),
        row: readInt(row, 'tile_row'),
        stats: readJsonObject(row, 'stats'),
        payload: readOptBytes(row, 'payload'),
      };
    }
    if (rows.length < size) return;
  }
}

function toSummaryBase(row: SqlRow): Omit<TileCheckpoint, 'payload'> {
  return {
    jobId: readString(row, 'job_id'),
    pass: readEnum(row, 'pass', TILE_PASSES),
    tileId: readInt(row, 'tile_id'),
    col: readInt(row, 'tile_col'),
    row: readInt(row, 'tile_row'),
    status: readEnum(row, 'status', TILE_STATUSES),
    stats: readJsonObject(row, 'stats'),
    ms: readOptNumber(row, 'ms'),
    attempts: readInt(row, 'attempts'),
    updated: readIso(row, 'updated_at'),
  };
}

function checkPass(pass: string, jobId: string): void {
  if (!(TILE_PASSES as readonly string[]).includes(pass)) {
    throw new StoreError('E_STORE_INVALID', `job ${jobId}: unknown tile pass '${pass}'`, { job: jobId, pass });
  }
}

function validate(t: TileCommit): void {
  checkPass(t.pass, t.jobId);
  if (!(TILE_STATUSES as readonly string[]).includes(t.status)) {
    throw new StoreError('E_STORE_INVALID', `job ${t.jobId}: tile ${t.col},${t.row}: unknown status '${t.status}'`, {
      job: t.jobId,
      tile: `${t.col},${t.row}`,
    });
  }
}

function upsert(s: StoreSession, t: TileCommit): Promise<number> {
  return s.run('upsert_tile', [
    t.jobId,
    t.pass,
    t.tileId,
    t.col,
    t.row,
    t.status,
    t.stats ? JSON.stringify(t.stats) : null,
    t.payload,
    t.ms,
    t.attempts,
    t.updated ?? new Date().toISOString(),
  ]);
}

interface Pending {
  t: TileCommit;
  resolve: (changed: boolean) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: a DuckDB COMMIT costs an fsync (≈ 4 ms here) whatever it holds, so checkpoints that arrive
 * while one is being written go together in the next transaction. Each caller still resolves only once its
 * own row is durable; if a batch fails, its rows are retried one by one so one bad row fails alone.
 */
function createGroupCommit(db: StoreDb): { commit(t: TileCommit): Promise<boolean> } {
  let queue: Pending[] = [];
  let flushing = false;
  const flush = async () => {
    flushing = true;
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      try {
        const changed = await db.exclusive((s) =>
          batch.length === 1
            ? upsert(s, batch[0].t).then((n) => [n])
            : s.transaction(async () => {
                const out: number[] = [];
                for (const p of batch) out.push(await upsert(s, p.t));
                return out;
              }),
        );
        batch.forEach((p, i) => p.resolve(changed[i] > 0));
      } catch (err) {
        if (batch.length === 1) {
          batch[0].reject(err);
          continue;
        }
        for (const p of batch) {
          await db.exclusive((s) => upsert(s, p.t)).then((n) => p.resolve(n > 0), p.reject);
        }
      }
    }
    flushing = false;
  };
  return {
    commit: (t) =>
      new Promise<boolean>((resolve, reject) => {
        queue.push({ t, resolve, reject });
        if (!flushing) void flush();
      }),
  };
}
