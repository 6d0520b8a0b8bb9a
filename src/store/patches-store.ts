import type { DuckDBAppender } from '@duckdb/node-api';
import { CODE_BY_KEY } from '../kernels/index.ts';
import { encodeWkbPolygon } from '../vector/wkb.ts';
import type { PatchPage, PatchQuery, PatchRow, StoredPatch, StoredPatchWithWkb } from './patch-row.ts';
import { isReviewStatus, REVIEW_STATUSES } from './review-status.ts';
import { appendRows } from './append-rows.ts';
import type { SqlParam, SqlRow, StoreDb } from './store-db.ts';
import { StoreError } from './store-error.ts';
import { readBytes, readEnum, readInt, readJsonObject, readNumber, readOptInt, readOptNumber, readString } from './row-read.ts';

export interface PatchesStore {
  /**
   * Bulk insert through the DuckDB appender, all rows in one transaction: either every row lands or none.
   * A duplicate (job, id) raises E_STORE_CONSTRAINT. Resolves to the number inserted.
   */
  insertMany(jobId: string, rows: readonly PatchRow[]): Promise<number>;
  /** A page of patches plus numberMatched; every filter is a bound parameter. */
  query(jobId: string, q?: PatchQuery): Promise<PatchPage>;
  get(jobId: string, id: string): Promise<StoredPatchWithWkb | null>;
  count(jobId: string): Promise<number>;
  /** [west, south, east, north] of all patches of a job, null when it has none */
  extent(jobId: string): Promise<[number, number, number, number] | null>;
  /** Removes a job's patches (reviews stay in the audit table); resolves to the number removed. */
  deleteForJob(jobId: string): Promise<number>;
}

const DEFAULT_LIMIT = 100;
const PATCHES_TABLE = 'patches';


export function createPatchesStore(db: StoreDb): PatchesStore {
  return {
    insertMany: (jobId, rows) =>
      db.transaction((s) => appendRows(s, PATCHES_TABLE, rows, (a, p) => appendPatch(a, jobId, p), (p, i) => `job ${jobId}: patch ${p.id} (row ${i})`)),

    query: async (jobId, q = {}) => {
      const filters = filterParams(jobId, q);
      const { limit, offset } = paging(q);
      if (filters === null) return { patches: [], numberMatched: 0 };
      return db.read(async (s) => {
        const rows = await s.all('select_patches', [...filters, limit, offset]);
        const count = await s.one('count_matching_patches', filters);
        return { patches: rows.map(toStoredPatch), numberMatched: count ? readInt(count, 'matched') : 0 };
      });
    },

    get: (jobId, id) =>
      db.read(async (s) => {
        const row = await s.one('select_patch', [jobId, id]);
        return row ? { ...toStoredPatch(row), wkb: readBytes(row, 'geometry_wkb') } : null;
      }),

    count: (jobId) =>
      db.exclusive(async (s) => {
        const row = await s.one('count_patches', [jobId]);
        return row ? readInt(row, 'total') : 0;
      }),

    extent: (jobId) =>
      db.read(async (s) => {
        const row = await s.one('select_patch_extent', [jobId]);
        const w = row ? readOptNumber(row, 'lon_min') : null;
        if (!row || w === null) return null;
        return [w, readNumber(row, 'lat_min'), readNumber(row, 'lon_max'), readNumber(row, 'lat_max')];
      }),

    deleteForJob: (jobId) => db.exclusive((s) => s.run('delete_patches', [jobId])),
  };
}

/** Column order of `patches` in 0001_init.sql; a later ALTER … ADD COLUMN must be appended here too. */
function appendPatch(a: DuckDBAppender, jobId: string, p: PatchRow): void {
  a.appendVarchar(jobId);
  a.appendVarchar(p.id);
  a.appendUTinyInt(p.code);
  a.appendInteger(p.value);
  appendOptInt(a, p.fromClass);
  appendOptInt(a, p.toClass);
  a.appendBigInt(BigInt(p.pixelCount));
  a.appendDouble(p.areaM2);
  a.appendDouble(p.areaEllipsoidM2);
  a.appendDouble(p.perimeterM);
  a.appendDouble(p.centroid[0]);
  a.appendDouble(p.centroid[1]);
  a.appendDouble(p.centroidLonLat[0]);
  a.appendDouble(p.centroidLonLat[1]);
  a.appendDouble(p.bbox[0]);
  a.appendDouble(p.bbox[1]);
  a.appendDouble(p.bbox[2]);
  a.appendDouble(p.bbox[3]);
  a.appendDouble(p.bboxLonLat[0]);
  a.appendDouble(p.bboxLonLat[1]);
  a.appendDouble(p.bboxLonLat[2]);
  a.appendDouble(p.bboxLonLat[3]);
  if (p.meanMagnitude === null) a.appendNull();
  else a.appendDouble(p.meanMagnitude);
  a.appendBlob(wkbOf(p));
  a.appendVarchar(p.geojson);
  if (p.properties === null) a.appendNull();
  else a.appendVarchar(JSON.stringify(p.properties));
  a.appendVarchar('unreviewed');
  a.endRow();
}

function appendOptInt(a: DuckDBAppender, v: number | null): void {
  if (v === null) a.appendNull();
  else a.appendInteger(v);
}

function wkbOf(p: PatchRow): Uint8Array {
  if (p.wkb) return p.wkb;
  if (p.rings && p.rings.length > 0) return encodeWkbPolygon(p.rings);
  throw new StoreError('E_STORE_INVALID', `patch ${p.id}: needs wkb or rings`, { patch: p.id });
}

/** [$1…$8] of the patch filters, or null when they can match nothing (an unknown change type). */
function filterParams(jobId: string, q: PatchQuery): SqlParam[] | null {
  const [west, south, east, north] = q.bbox ?? [-Infinity, -Infinity, Infinity, Infinity];
  for (const v of [west, south, east, north]) {
    if (typeof v !== 'number' || Number.isNaN(v)) throw invalid(jobId, 'bbox values must be numbers');
  }
  if (west > east || south > north) throw invalid(jobId, 'bbox must be [west, south, east, north] (no antimeridian crossing)');
  let codes: number[] = [];
  if (q.code !== undefined) {
    codes = typeof q.code === 'number' ? [q.code] : [...q.code];
    for (const c of codes) if (!Number.isInteger(c)) throw invalid(jobId, 'code must be an integer');
  }
  if (q.changeType !== undefined) {
    const code = CODE_BY_KEY.get(q.changeType);
    if (code === undefined) return null;
    if (codes.length > 0 && !codes.includes(code)) return null;
    codes = [code];
  }
  const minArea = q.minAreaM2 ?? 0;
  if (typeof minArea !== 'number' || Number.isNaN(minArea)) throw invalid(jobId, 'minAreaM2 must be a number');
  if (q.reviewStatus !== undefined && !isReviewStatus(q.reviewStatus)) {
    throw invalid(jobId, `unknown review status '${String(q.reviewStatus)}'`);
  }
  return [jobId, west, south, east, north, codes, minArea, q.reviewStatus ?? null];
}

function paging(q: PatchQuery): { limit: number; offset: number } {
  const limit = q.limit ?? DEFAULT_LIMIT;
  const offset = q.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 0 || !Number.isInteger(offset) || offset < 0) {
    throw new StoreError('E_STORE_INVALID', `limit and offset must be non-negative integers (got ${limit}, ${offset})`, {});
  }
  return { limit, offset };
}

function invalid(jobId: string, what: string): StoreError {
  return new StoreError('E_STORE_INVALID', `job ${jobId}: patch query: ${what}`, { job: jobId });
}

function toStoredPatch(row: SqlRow): StoredPatch {
  return {
    jobId: readString(row, 'job_id'),
    id: readString(row, 'id'),
    code: readInt(row, 'code'),
    value: readInt(row, 'value'),
    fromClass: readOptInt(row, 'from_class'),
    toClass: readOptInt(row, 'to_class'),
    pixelCount: readNumber(row, 'pixel_count'),
    areaM2: readNumber(row, 'area_m2'),
    areaEllipsoidM2: readNumber(row, 'area_ellipsoid_m2'),
    perimeterM: readNumber(row, 'perimeter_m'),
    centroid: [readNumber(row, 'centroid_x'), readNumber(row, 'centroid_y')],
    centroidLonLat: [readNumber(row, 'centroid_lon'), readNumber(row, 'centroid_lat')],
    bbox: [readNumber(row, 'xmin'), readNumber(row, 'ymin'), readNumber(row, 'xmax'), readNumber(row, 'ymax')],
    bboxLonLat: [readNumber(row, 'lon_min'), readNumber(row, 'lat_min'), readNumber(row, 'lon_max'), readNumber(row, 'lat_max')],
    meanMagnitude: readOptNumber(row, 'mean_magnitude'),
    geojson: readString(row, 'geojson'),
    properties: readJsonObject(row, 'properties') ?? {},
    reviewStatus: readEnum(row, 'review_status', REVIEW_STATUSES),
  };
}
