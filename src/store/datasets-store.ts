import type { GeoTransform } from '../raster/index.ts';
import type { SqlRow, StoreDb } from './store-db.ts';
import { StoreError } from './store-error.ts';
import { readEnum, readIso, readJson, readOptDate, readOptInt, readOptString, readString } from './row-read.ts';

export const DATASET_KINDS = ['imagery', 'landuse', 'vector'] as const;
export type DatasetKind = (typeof DATASET_KINDS)[number];

/** An input the product has seen: an epoch image, a land-use raster or a vector layer. */
export interface DatasetInput {
  id: string;
  path: string;
  kind: DatasetKind;
  epsg: number | null;
  proj4: string | null;
  /** raster grid; null for vector layers */
  width: number | null;
  height: number | null;
  geoTransform: GeoTransform | null;
  bands: number | null;
  /** acquisition date 'YYYY-MM-DD' */
  acquired: string | null;
  /** ISO-8601 UTC; defaults to now */
  registered?: string;
}

export interface DatasetRecord extends Omit<DatasetInput, 'registered'> {
  registered: string;
}

export interface DatasetsStore {
  /** Inserts or refreshes the dataset with this id. */
  register(d: DatasetInput): Promise<DatasetRecord>;
  get(id: string): Promise<DatasetRecord | null>;
  /** Newest registration first; only those at `path` when given. */
  list(opts?: { path?: string }): Promise<DatasetRecord[]>;
}

const ACQUIRED = /^\d{4}-\d{2}-\d{2}$/;

export function createDatasetsStore(db: StoreDb): DatasetsStore {
  return {
    register: (d) => {
      if (!(DATASET_KINDS as readonly string[]).includes(d.kind)) {
        return Promise.reject(new StoreError('E_STORE_INVALID', `${d.path}: unknown dataset kind '${d.kind}'`, { file: d.path }));
      }
      if (d.acquired !== null && !ACQUIRED.test(d.acquired)) {
        return Promise.reject(new StoreError('E_STORE_INVALID', `${d.path}: acquired must be YYYY-MM-DD`, { file: d.path }));
      }
      const registered = d.registered ?? new Date().toISOString();
      return db.exclusive(async (s) => {
        await s.run('upsert_dataset', [
          d.id,
          d.path,
          d.kind,
          d.epsg,
          d.proj4,
          d.width,
          d.height,
          d.geoTransform ? JSON.stringify(d.geoTransform) : null,
          d.bands,
          d.acquired,
          registered,
        ]);
        const row = await s.one('select_dataset', [d.id]);
        if (!row) throw new StoreError('E_STORE_QUERY', `${d.path}: dataset ${d.id} vanished after upsert`, { file: d.path });
        return toDataset(row);
      });
    },

    get: (id) =>
      db.exclusive(async (s) => {
        const row = await s.one('select_dataset', [id]);
        return row ? toDataset(row) : null;
      }),

    list: (opts) => db.exclusive(async (s) => (await s.all('list_datasets', [opts?.path ?? null])).map(toDataset)),
  };
}

function toDataset(row: SqlRow): DatasetRecord {
  const path = readString(row, 'path');
  return {
    id: readString(row, 'id'),
    path,
    kind: readEnum(row, 'kind', DATASET_KINDS),
    epsg: readOptInt(row, 'epsg'),
    proj4: readOptString(row, 'proj4'),
    width: readOptInt(row, 'width'),
    height: readOptInt(row, 'height'),
    geoTransform: parseGeoTransform(readJson(row, 'geotransform'), path),
    bands: readOptInt(row, 'bands'),
    acquired: readOptDate(row, 'acquired'),
    registered: readIso(row, 'registered_at'),
  };
}

function parseGeoTransform(v: unknown, path: string): GeoTransform | null {
  if (v === null) return null;
  if (Array.isArray(v) && v.length === 6 && v.every((x) => typeof x === 'number')) {
    return [v[0], v[1], v[2], v[3], v[4], v[5]] as GeoTransform;
  }
  throw new StoreError('E_STORE_INVALID', `${path}: stored geotransform is not 6 numbers`, { file: path });
}
