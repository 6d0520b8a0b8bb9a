import { createAggregatesStore, type AggregatesStore } from './aggregates-store.ts';
import { createDatasetsStore, type DatasetsStore } from './datasets-store.ts';
import { createJobsStore, type JobsStore } from './jobs-store.ts';
import { createLayersStore, type LayersStore } from './layers-store.ts';
import { migrate, type MigrateOptions } from './migrate.ts';
import { createPatchesStore, type PatchesStore } from './patches-store.ts';
import { createReviewsStore, type ReviewsStore } from './reviews-store.ts';
import { StoreDb } from './store-db.ts';
import { createThresholdsStore, type ThresholdsStore } from './thresholds-store.ts';
import { createTilesStore, type TilesStore } from './tiles-store.ts';
import { createTransitionsStore, type TransitionsStore } from './transitions-store.ts';
import { createViolationsStore, type ViolationsStore } from './violations-store.ts';

/** Everything the runner, the API and the reports persist, one interface per table family. */
export interface Store {
  /** absolute path of the database file, or ':memory:' */
  readonly path: string;
  /** schema version after opening */
  readonly schemaVersion: number;
  readonly jobs: JobsStore;
  readonly tiles: TilesStore;
  readonly patches: PatchesStore;
  readonly reviews: ReviewsStore;
  readonly thresholds: ThresholdsStore;
  readonly transitions: TransitionsStore;
  readonly datasets: DatasetsStore;
  readonly violations: ViolationsStore;
  readonly aggregates: AggregatesStore;
  /** supervision layers, their features and patch × feature overlaps */
  readonly layers: LayersStore;
  /** Waits for running operations, then closes the connection and releases the file. */
  close(): Promise<void>;
}

export interface OpenStoreOptions extends MigrateOptions {}

/**
 * Opens the DuckDB database at `path` (':memory:' for a throwaway one), creating its folder, and applies
 * pending migrations. One connection, operations serialised (DuckDB is single-writer).
 */
export async function openStore(path: string, opts: OpenStoreOptions = {}): Promise<Store> {
  const db = await StoreDb.open(path);
  let schemaVersion: number;
  try {
    schemaVersion = (await migrate(db, opts)).version;
  } catch (err) {
    await db.close();
    throw err;
  }
  return {
    path: db.path,
    schemaVersion,
    jobs: createJobsStore(db),
    tiles: createTilesStore(db),
    patches: createPatchesStore(db),
    reviews: createReviewsStore(db),
    thresholds: createThresholdsStore(db),
    transitions: createTransitionsStore(db),
    datasets: createDatasetsStore(db),
    violations: createViolationsStore(db),
    aggregates: createAggregatesStore(db),
    layers: createLayersStore(db),
    close: () => db.close(),
  };
}
