import { rename, rm } from 'node:fs/promises';
import { DuckDBInstance, type DuckDBAppender } from '@duckdb/node-api';
import { crsToProjJson, type ProjJson } from '../vector/crs-projjson.ts';
import { crsRef, type CrsRef } from '../vector/crs.ts';
import type { PatchRecord } from '../vector/patch-record.ts';
import { encodeWkbPolygon } from '../vector/wkb.ts';
import { StoreError } from './store-error.ts';

/**
 * GeoParquet 1.1.0 export through an in-memory DuckDB: rows go in through the Appender API (bulk, no
 * INSERT per row), then one `COPY (SELECT …) TO '<path>.tmp' (FORMAT parquet, KV_METADATA {geo: …})` and a
 * rename, so no half-written file carries the final name.
 *
 * Columns: id, code, value, from_class, to_class, pixel_count, area_m2, area_ellipsoid_m2, perimeter_m,
 * mean_magnitude, centroid_x, centroid_y, centroid_lon, centroid_lat, xmin, ymin, xmax, ymax (native bbox),
 * properties (JSON text of the free properties), geometry (WKB Polygon, native CRS, exterior CCW).
 * `geo` metadata: version, primary_column, columns.geometry {encoding WKB, geometry_types [Polygon],
 * crs PROJJSON, orientation counterclockwise, bbox}. The flat bbox columns are not declared as a 1.1
 * "covering" (that must be a struct column). When no PROJJSON can be built for the CRS, `crs` is null
 * ("unknown"), never omitted: an omitted crs means OGC:CRS84, which native coordinates are not.
 *
 * The SQL lives here, not in src/store/queries: COPY's target path and KV_METADATA are literals that
 * cannot be bound as parameters, and the temporary table is not part of the store schema.
 */
export interface GeoParquetOptions {
  /** EPSG code of the records' native CRS (null/absent for a user-defined CRS) */
  epsg?: number | null;
  /** proj4 string of the native CRS; with epsg this makes the CrsRef used for the PROJJSON */
  proj4?: string;
  /** rows per Parquet row group (DuckDB default when absent) */
  rowGroupSize?: number;
}

const CREATE_SQL = `CREATE TABLE patches (
  id VARCHAR, code UTINYINT, value DOUBLE, from_class INTEGER, to_class INTEGER, pixel_count BIGINT,
  area_m2 DOUBLE, area_ellipsoid_m2 DOUBLE, perimeter_m DOUBLE, mean_magnitude DOUBLE,
  centroid_x DOUBLE, centroid_y DOUBLE, centroid_lon DOUBLE, centroid_lat DOUBLE,
  xmin DOUBLE, ymin DOUBLE, xmax DOUBLE, ymax DOUBLE, properties VARCHAR, geometry BLOB)`;

export async function writeGeoParquet(
  path: string,
  records: AsyncIterable<PatchRecord> | Iterable<PatchRecord>,
  opts: GeoParquetOptions = {},
): Promise<{ rows: number }> {
  const tmpPath = `${path}.tmp`;
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  let rows = 0;
  let crs: CrsRef | null =
    opts.proj4 !== undefined ? { epsg: opts.epsg ?? null, proj4: opts.proj4 } : opts.epsg != null ? crsRef(opts.epsg) : null;
  const bbox = [Infinity, Infinity, -Infinity, -Infinity];
  try {
    await conn.run(CREATE_SQL);
    const app = await conn.createAppender('patches');
    for await (const rec of records) {
      if (crs === null) crs = rec.crs;
      else if (rec.crs.proj4 !== crs.proj4 && rec.crs.epsg !== crs.epsg) {
        throw new StoreError('E_STORE_QUERY', `${path}: patch ${rec.id} is in another CRS than the file (${rec.crs.epsg ?? rec.crs.proj4})`, { file: path, id: rec.id });
      }
      appendRecord(app, rec);
      if (rec.bbox[0] < bbox[0]) bbox[0] = rec.bbox[0];
      if (rec.bbox[1] < bbox[1]) bbox[1] = rec.bbox[1];
      if (rec.bbox[2] > bbox[2]) bbox[2] = rec.bbox[2];
      if (rec.bbox[3] > bbox[3]) bbox[3] = rec.bbox[3];
      rows++;
    }
    app.closeSync();
    const geo = geoMetadata(crs, rows > 0 ? bbox : null);
    const rowGroup = opts.rowGroupSize !== undefined ? `, ROW_GROUP_SIZE ${Math.floor(opts.rowGroupSize)}` : '';
    await conn.run(
      `COPY (SELECT * FROM patches) TO ${sqlString(tmpPath)} (FORMAT parquet, COMPRESSION zstd${rowGroup}, KV_METADATA {geo: ${sqlString(JSON.stringify(geo))}})`,
    );
    conn.closeSync();
    instance.closeSync();
    await rename(tmpPath, path);
    return { rows };
  } catch (err) {
    conn.closeSync();
    instance.closeSync();
    await rm(tmpPath, { force: true });
    if (err instanceof StoreError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new StoreError('E_STORE_QUERY', `${path}: GeoParquet export failed: ${reason}`, { file: path });
  }
}

function appendRecord(app: DuckDBAppender, rec: PatchRecord): void {
  app.appendVarchar(rec.id);
  app.appendUTinyInt(rec.code);
  appendDouble(app, rec.value);
  appendInt(app, rec.fromClass);
  appendInt(app, rec.toClass);
  app.appendBigInt(BigInt(Math.round(rec.pixelCount)));
  appendDouble(app, rec.areaM2);
  appendDouble(app, rec.areaEllipsoidM2);
  appendDouble(app, rec.perimeterM);
  appendDouble(app, rec.meanMagnitude);
  appendDouble(app, rec.centroid[0]);
  appendDouble(app, rec.centroid[1]);
  appendDouble(app, rec.centroidLonLat[0]);
  appendDouble(app, rec.centroidLonLat[1]);
  for (let i = 0; i < 4; i++) appendDouble(app, rec.bbox[i]);
  app.appendVarchar(JSON.stringify(rec.properties));
  app.appendBlob(encodeWkbPolygon(rec.rings));
  app.endRow();
}

function appendDouble(app: DuckDBAppender, v: number | null): void {
  if (v === null || !Number.isFinite(v)) app.appendNull();
  else app.appendDouble(v);
}

function appendInt(app: DuckDBAppender, v: number | null): void {
  if (v === null) app.appendNull();
  else app.appendInteger(v);
}

/** The GeoParquet `geo` file metadata for the one geometry column. */
export function geoMetadata(crs: CrsRef | null, bbox: number[] | null): Record<string, unknown> {
  const projjson: ProjJson | null = crs === null ? null : crsToProjJson(crs);
  const column: Record<string, unknown> = {
    encoding: 'WKB',
    geometry_types: ['Polygon'],
    crs: projjson,
    orientation: 'counterclockwise',
  };
  if (bbox !== null) column.bbox = bbox;
  return { version: '1.1.0', primary_column: 'geometry', columns: { geometry: column } };
}

function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}
