/** Public surface of the store room. */
export { openStore, type Store, type OpenStoreOptions } from './open-store.ts';
export { StoreError, STORE_CODES, type StoreCode } from './store-error.ts';
export {
  JOB_STATUSES,
  type StoredJob,
  type StoredJobInput,
  type StoredJobChange,
  type StoredJobStatus,
  type StoredJobProgress,
  type StoredJobError,
} from './stored-job.ts';
export type { JobsStore } from './jobs-store.ts';
export {
  TILE_PASSES,
  TILE_STATUSES,
  type TilesStore,
  type TilePass,
  type TileStatus,
  type TileCommit,
  type TileCheckpoint,
  type TileSummary,
  type TilePayload,
} from './tiles-store.ts';
export type { PatchesStore } from './patches-store.ts';
export type { PatchRow, PatchFields, StoredPatch, StoredPatchWithWkb, PatchQuery, PatchPage } from './patch-row.ts';
export { REVIEW_STATUSES, isReviewStatus, type ReviewStatus } from './review-status.ts';
export type { ReviewsStore, ReviewInput, ReviewRecord } from './reviews-store.ts';
export type { ThresholdsStore, ThresholdInput, ThresholdRecord } from './thresholds-store.ts';
export type { TransitionsStore, TransitionRow, TransitionSummaryRow } from './transitions-store.ts';
export { DATASET_KINDS, type DatasetsStore, type DatasetInput, type DatasetRecord, type DatasetKind } from './datasets-store.ts';
export type { ViolationsStore, ViolationRow, ViolationRecord } from './violations-store.ts';
export type { AggregatesStore, ChangeAreaByCode, TileChange } from './aggregates-store.ts';
export type {
  LayersStore,
  LayerInput,
  LayerRecord,
  LayerFeatureRow,
  LayerFeatureRecord,
  OverlapRow,
  OverlapRecord,
  ViolationSummaryRow,
  ZoneTransitionRow,
} from './layers-store.ts';
export { writeGeoParquet, type GeoParquetOptions } from './export-geoparquet.ts';
