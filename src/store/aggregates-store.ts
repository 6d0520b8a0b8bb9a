import type { StoreDb } from './store-db.ts';
import { readInt, readNumber, readOptInt, readOptNumber } from './row-read.ts';

export interface ChangeAreaByCode {
  code: number;
  patchCount: number;
  pixelCount: number;
  areaM2: number;
  areaEllipsoidM2: number;
  unreviewedCount: number;
  falseDetectionCount: number;
}

export interface TileChange {
  tileId: number;
  col: number;
  row: number;
  /** from the tile's stats JSON (`changedPixels`, `changedAreaM2`); null when not recorded */
  changedPixels: number | null;
  changedAreaM2: number | null;
  ms: number | null;
  attempts: number;
}

/** Read-only aggregates over the views of 0002_aggregate_views.sql. */
export interface AggregatesStore {
  changeAreaByCode(jobId: string): Promise<ChangeAreaByCode[]>;
  changeByTile(jobId: string): Promise<TileChange[]>;
}

export function createAggregatesStore(db: StoreDb): AggregatesStore {
  return {
    changeAreaByCode: (jobId) =>
      db.exclusive(async (s) =>
        (await s.all('select_change_area_by_code', [jobId])).map((row) => ({
          code: readInt(row, 'code'),
          patchCount: readInt(row, 'patch_count'),
          pixelCount: readNumber(row, 'pixel_count'),
          areaM2: readNumber(row, 'area_m2'),
          areaEllipsoidM2: readNumber(row, 'area_ellipsoid_m2'),
          unreviewedCount: readInt(row, 'unreviewed_count'),
          falseDetectionCount: readInt(row, 'false_detection_count'),
        })),
      ),

    changeByTile: (jobId) =>
      db.exclusive(async (s) =>
        (await s.all('select_change_by_tile', [jobId])).map((row) => ({
          tileId: readInt(row, 'tile_id'),
          col: readInt(row, 'tile_col'),
          row: readInt(row, 'tile_row'),
          changedPixels: readOptInt(row, 'changed_pixels'),
          changedAreaM2: readOptNumber(row, 'changed_area_m2'),
          ms: readOptNumber(row, 'ms'),
          attempts: readInt(row, 'attempts'),
        })),
      ),
  };
}
