import { bench, describe } from 'vitest';
import { migrate } from './migrate.ts';
import { createPatchesStore } from './patches-store.ts';
import { StoreDb } from './store-db.ts';
import { testPatches } from './test-patches.ts';

/** Cost per patch of the appender bulk insert: 10k seeded patches per iteration, a fresh job id each time. */
const N = 10_000;
const rows = testPatches(N, 1);
const db = await StoreDb.open(':memory:');
await migrate(db);
const patches = createPatchesStore(db);
let run = 0;

describe(`patches.insertMany (${N} patches)`, () => {
  bench(
    'appender, one transaction',
    async () => {
      await patches.insertMany(`bench-${run++}`, rows);
    },
    { iterations: 10, warmupIterations: 2, time: 0 },
  );
});
