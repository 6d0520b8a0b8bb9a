import { rename, rm, writeFile } from 'node:fs/promises';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { geojson as fgb } from 'flatgeobuf';
import { magicbytes } from 'flatgeobuf/lib/mjs/constants.js';
import { ColumnType } from 'flatgeobuf/lib/mjs/flat-geobuf/column-type.js';
import { GeometryType } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js';
import { buildHeader } from 'flatgeobuf/lib/mjs/generic/featurecollection.js';
import type { CrsRef } from './crs.ts';
import type { PatchRecord } from './patch-record.ts';
import { featureProperties, geoJsonGeometry } from './export-geojson.ts';
import { VectorError } from './vector-error.ts';

/**
 * FlatGeobuf of the patches (with its packed Hilbert R-tree, so QGIS and GDAL read bbox windows fast), in the
 * native CRS when it has an EPSG code, else in lon/lat (EPSG:4326). Written to a temp file, then renamed.
 * flatgeobuf infers column types from the first feature, so absent values are written as typed defaults
 * (-1 for from/to class, NaN for magnitude) rather than nulls. With no records (identical epochs, nothing
 * over the threshold) the file holds the header alone: the fixed columns and the CRS of `crs`.
 */
export async function writeFlatGeobuf(path: string, records: readonly PatchRecord[], crs: CrsRef | null = null): Promise<void> {
  const epsg = (records[0]?.crs ?? crs)?.epsg ?? null;
  const native = epsg !== null;
  const features: Feature<Polygon>[] = records.map((rec) => {
    const props = featureProperties(rec);
    return {
      type: 'Feature',
      geometry: JSON.parse(geoJsonGeometry(rec, native)) as Polygon,
      properties: {
        ...props,
        from_class: rec.fromClass ?? -1,
        to_class: rec.toClass ?? -1,
        mean_magnitude: rec.meanMagnitude ?? Number.NaN,
      },
    };
  });
  const collection: FeatureCollection<Polygon> = { type: 'FeatureCollection', features };
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    const crsCode = native ? epsg : 4326;
    await writeFile(tmp, features.length === 0 ? emptyFlatGeobuf(crsCode) : fgb.serialize(collection as never, crsCode));
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new VectorError('E_VECTOR_EXPORT', `${path}: FlatGeobuf export failed: ${(err as Error).message}`, { file: path });
  }
}

/** Columns every patch has (featureProperties), typed as flatgeobuf infers them from a feature. */
const FIXED_COLUMNS: ReadonlyArray<[string, ColumnType]> = [
  ['id', ColumnType.String],
  ['code', ColumnType.Double],
  ['value', ColumnType.Double],
  ['from_class', ColumnType.Double],
  ['to_class', ColumnType.Double],
  ['pixel_count', ColumnType.Double],
  ['area_m2', ColumnType.Double],
  ['area_ellipsoid_m2', ColumnType.Double],
  ['perimeter_m', ColumnType.Double],
  ['mean_magnitude', ColumnType.Double],
];

/** A valid FlatGeobuf with zero polygons (flatgeobuf's serialize needs a first feature to infer the header). */
export function emptyFlatGeobuf(crsCode: number): Uint8Array {
  const header = buildHeader(
    {
      geometryType: GeometryType.Polygon,
      columns: FIXED_COLUMNS.map(([name, type]) => ({
        name, type, title: null, description: null, width: -1, precision: -1, scale: -1, nullable: true, unique: false, primary_key: false,
      })),
      envelope: null,
      featuresCount: 0,
      indexNodeSize: 0,
      crs: null,
      title: null,
      description: null,
      metadata: null,
    },
    crsCode,
  );
  const out = new Uint8Array(magicbytes.length + header.length);
  out.set(magicbytes);
  out.set(header, magicbytes.length);
  return out;
}
