import type { StoreDb, SqlRow } from './store-db.ts';
import { appendRows } from './append-rows.ts';
import { readInt, readNumber, readOptNumber } from './row-read.ts';

/** Pixel and area counts of one land-use class transition of a job. */
export interface TransitionRow {
  fromClass: number;
  toClass: number;
  pixels: number;
  areaM2: number;
}

export interface TransitionSummaryRow extends TransitionRow {
  /** share of the job's changed area; null on the diagonal (class unchanged) */
  areaShare: number | null;
  /** polygons of this transition kept after the minimum mapping unit */
  patchCount: number;
  patchAreaM2: number;
}

export interface TransitionsStore {
  /** Replaces the job's transition counts in one transaction. */
  replace(jobId: string, rows: readonly TransitionRow[]): Promise<void>;
  list(jobId: string): Promise<TransitionRow[]>;
  /** The transition_summary view: changed transitions by area, then the diagonal. */
  summary(jobId: string): Promise<TransitionSummaryRow[]>;
}

export function createTransitionsStore(db: StoreDb): TransitionsStore {
  return {
    replace: (jobId, rows) =>
      db.transaction(async (s) => {
        await s.run('delete_transitions', [jobId]);
        // column order of `transitions` in 0001_init.sql
        await appendRows(
          s,
          'transitions',
          rows,
          (a, r) => {
            a.appendVarchar(jobId);
            a.appendInteger(r.fromClass);
            a.appendInteger(r.toClass);
            a.appendBigInt(BigInt(r.pixels));
            a.appendDouble(r.areaM2);
            a.endRow();
          },
          (r) => `job ${jobId}: transition ${r.fromClass}→${r.toClass}`,
        );
      }),

    list: (jobId) => db.exclusive(async (s) => (await s.all('list_transitions', [jobId])).map(toTransition)),

    summary: (jobId) =>
      db.exclusive(async (s) =>
        (await s.all('select_transition_summary', [jobId])).map((row) => ({
          ...toTransition(row),
          areaShare: readOptNumber(row, 'area_share'),
          patchCount: readInt(row, 'patch_count'),
          patchAreaM2: readNumber(row, 'patch_area_m2'),
        })),
      ),
  };
}

function toTransition(row: SqlRow): TransitionRow {
  return {
    fromClass: readInt(row, 'from_class'),
    toClass: readInt(row, 'to_class'),
    pixels: readNumber(row, 'pixels'),
    areaM2: readNumber(row, 'area_m2'),
  };
}
