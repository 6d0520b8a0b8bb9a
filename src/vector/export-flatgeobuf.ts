import { rename, rm, writeFile } from 'node:fs/promises';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { geojson as fgb } from 'flatgeobuf';
import type { PatchRecord } from './patch-record.ts';
import { featureProperties, geoJsonGeometry } from './export-geojson.ts';
import { VectorError } from './vector-error.ts';

/**
 * FlatGeobuf of the patches (with its packed Hilbert R-tree, so QGIS and GDAL read bbox windows fast), in the
 * native CRS when it has an EPSG code, else in lon/lat (EPSG:4326). Written to a temp file, then renamed.
 * flatgeobuf infers column types from the first feature, so absent values are written as typed defaults
 * (-1 for from/to class, NaN for magnitude) rather than nulls.
 */
export async function writeFlatGeobuf(path: string, records: readonly PatchRecord[]): Promise<void> {
  const epsg = records[0]?.crs.epsg ?? null;
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
    await writeFile(tmp, fgb.serialize(collection as never, native ? epsg : 4326));
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new VectorError('E_VECTOR_EXPORT', `${path}: FlatGeobuf export failed: ${(err as Error).message}`, { file: path });
  }
}
