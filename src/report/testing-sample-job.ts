import path from 'node:path';
import { DETECT_DEFAULTS, type DetectParams } from '../jobs/job-types.ts';
import { LocalJobService } from '../jobs/local-job-service.ts';
import type { TaskMap } from '../pool/messages.ts';
import { TilePool } from '../pool/tile-pool.ts';
import { generateSample } from '../sample/index.ts';
import { openStore, type Store } from '../store/index.ts';

/** Test support: a sample scene, detected in combined mode into a store, with the service that ran it. */
export interface SampleJob {
  dir: string;
  store: Store;
  pool: TilePool<TaskMap>;
  jobs: LocalJobService;
  jobId: string;
  close(): Promise<void>;
}

export async function makeSampleJob(dir: string, size = 512, seed = 3): Promise<SampleJob> {
  const s = await generateSample({ outDir: path.join(dir, 'sample'), size, seed });
  const store = await openStore(path.join(dir, 'monitor.duckdb'));
  const pool = new TilePool<TaskMap>({ workers: 1 });
  const jobs = new LocalJobService({ store, pool });
  const params: DetectParams = {
    ...DETECT_DEFAULTS,
    epochA: s.files.epochA!,
    epochB: s.files.epochB!,
    landuseA: s.files.landuseA!,
    landuseB: s.files.landuseB!,
    mode: 'combined',
    outDir: path.join(dir, 'jobs', 'run1'),
  };
  const rec = await jobs.submit('change-detection', params);
  const done = await jobs.waitFor(rec.id, 120_000);
  if (done?.status !== 'successful') throw new Error(`sample job ended ${done?.status}: ${JSON.stringify(done?.error)}`);
  return {
    dir,
    store,
    pool,
    jobs,
    jobId: rec.id,
    async close() {
      await jobs.stop();
      await pool.destroy();
      await store.close();
    },
  };
}
