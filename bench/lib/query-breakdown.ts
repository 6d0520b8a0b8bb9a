import { StoreDb } from '../../src/store/store-db.ts';
import type { SqlParam } from '../../src/store/store-db.ts';
import { mulberry32 } from '../../src/util/prng.ts';
import { randomBbox, type Bbox } from './random-bbox.ts';

export interface QueryBreakdown {
  queries: number;
  /** median ms of each statement the items route runs per request (select_job is the collection check) */
  medianMs: { selectJob: number; selectPatches: number; countMatching: number };
}

/**
 * Times, in process and one at a time, the three statements behind one `/items?bbox=` request on the same
 * random bboxes as the load: the job lookup, the page (select_patches) and numberMatched
 * (count_matching_patches). Shows which one dominates a request.
 */
export async function queryBreakdown(dbPath: string, jobId: string, extent: Bbox, limit: number, n: number, seed: number): Promise<QueryBreakdown> {
  const db = await StoreDb.open(dbPath);
  const t = { selectJob: [] as number[], selectPatches: [] as number[], countMatching: [] as number[] };
  const rand = mulberry32(seed);
  try {
    await db.exclusive(async (s) => {
      for (let i = 0; i < n; i++) {
        const [w, so, e, no] = randomBbox(rand, extent);
        const filters: SqlParam[] = [jobId, w, so, e, no, [], 0, null];
        let t0 = performance.now();
        await s.one('select_job', [jobId]);
        t.selectJob.push(performance.now() - t0);
        t0 = performance.now();
        await s.all('select_patches', [...filters, limit, 0]);
        t.selectPatches.push(performance.now() - t0);
        t0 = performance.now();
        await s.one('count_matching_patches', filters);
        t.countMatching.push(performance.now() - t0);
      }
    });
  } finally {
    await db.close();
  }
  const med = (v: number[]) => Math.round([...v].sort((a, b) => a - b)[v.length >> 1] * 100) / 100;
  return { queries: n, medianMs: { selectJob: med(t.selectJob), selectPatches: med(t.selectPatches), countMatching: med(t.countMatching) } };
}
