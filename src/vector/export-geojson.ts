import { ringSignedArea } from './area-planar.ts';
import { lonLatTransform } from './geodesic-area.ts';
import type { PatchRecord, PropertyValue } from './patch-record.ts';
import { reverseClosedRing } from './pixel-rings-to-native.ts';
import { withExportTextFile } from './export-text-file.ts';
import { VectorError } from './vector-error.ts';

export interface GeoJsonOptions {
  /**
   * Write native CRS coordinates plus a legacy named `crs` member (urn:ogc:def:crs:EPSG::xxxx), as GDAL
   * does; every record's CRS must be this EPSG code. Without it: RFC 7946 lon/lat (WGS84/CGCS2000).
   */
  nativeCrs?: { epsg: number };
}

/**
 * Stream patches into a GeoJSON FeatureCollection, one feature per line. Default output is RFC 7946:
 * lon/lat rounded to 1e-9°, exterior counter-clockwise, holes clockwise (checked after the transform),
 * no `crs` member. Attributes: id, code, value, from_class, to_class, pixel_count, area_m2,
 * area_ellipsoid_m2, perimeter_m, mean_magnitude, then the record's own properties (a property named
 * like a fixed attribute is dropped).
 */
export async function writeGeoJson(
  path: string,
  records: AsyncIterable<PatchRecord> | Iterable<PatchRecord>,
  opts: GeoJsonOptions = {},
): Promise<void> {
  const native = opts.nativeCrs;
  await withExportTextFile(path, async (out) => {
    const crsMember = native ? `"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::${native.epsg}"}},\n` : '';
    await out.write(`{"type":"FeatureCollection",\n${crsMember}"features":[\n`);
    let first = true;
    for await (const rec of records) {
      if (native && rec.crs.epsg !== native.epsg) {
        throw new VectorError('E_VECTOR_EXPORT', `${path}: patch ${rec.id} is in ${rec.crs.epsg === null ? rec.crs.proj4 : `EPSG:${rec.crs.epsg}`}, not EPSG:${native.epsg}`, { file: path, id: rec.id });
      }
      const geometry = geoJsonGeometry(rec, native !== undefined);
      const feature = `{"type":"Feature","id":${JSON.stringify(rec.id)},"properties":${JSON.stringify(featureProperties(rec))},"geometry":${geometry}}`;
      await out.write(first ? feature : `,\n${feature}`);
      first = false;
    }
    await out.write('\n]}\n');
  });
}

/**
 * The GeoJSON Polygon geometry of one patch as text: RFC 7946 lon/lat (1e-9°, right-hand rule) by
 * default, native coordinates (full precision) when `native` is true.
 */
export function geoJsonGeometry(rec: PatchRecord, native = false): string {
  const coords = native ? ringsJson(rec.rings, null) : ringsJson(lonLatRings(rec), 1e9);
  return `{"type":"Polygon","coordinates":${coords}}`;
}

const FIXED = new Set(['id', 'code', 'value', 'from_class', 'to_class', 'pixel_count', 'area_m2', 'area_ellipsoid_m2', 'perimeter_m', 'mean_magnitude']);

/** The flat attribute record every export writes (snake_case, non-finite numbers as null). */
export function featureProperties(rec: PatchRecord): Record<string, PropertyValue> {
  const props: Record<string, PropertyValue> = {
    id: rec.id,
    code: rec.code,
    value: finite(rec.value),
    from_class: rec.fromClass,
    to_class: rec.toClass,
    pixel_count: rec.pixelCount,
    area_m2: finite(rec.areaM2),
    area_ellipsoid_m2: finite(rec.areaEllipsoidM2),
    perimeter_m: finite(rec.perimeterM),
    mean_magnitude: rec.meanMagnitude === null ? null : finite(rec.meanMagnitude),
  };
  for (const [k, v] of Object.entries(rec.properties)) {
    if (!FIXED.has(k)) props[k] = typeof v === 'number' ? finite(v) : v;
  }
  return props;
}

function finite(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** Vertices transformed to lon/lat, re-oriented if the projection mirrored them. */
function lonLatRings(rec: PatchRecord): Float64Array[] {
  const transform = lonLatTransform(rec.crs);
  return rec.rings.map((ring, r) => {
    const ll = new Float64Array(ring.length);
    for (let i = 0; i < ring.length; i += 2) {
      if (transform === null) {
        ll[i] = ring[i];
        ll[i + 1] = ring[i + 1];
      } else {
        const p = transform(ring[i], ring[i + 1]);
        ll[i] = p[0];
        ll[i + 1] = p[1];
      }
    }
    const area = ringSignedArea(ll);
    if ((r === 0 && area < 0) || (r > 0 && area > 0)) reverseClosedRing(ll);
    return ll;
  });
}

function ringsJson(rings: readonly Float64Array[], scale: number | null): string {
  const parts: string[] = [];
  for (const ring of rings) {
    const pts: string[] = [];
    for (let i = 0; i < ring.length; i += 2) {
      const x = scale === null ? ring[i] : Math.round(ring[i] * scale) / scale;
      const y = scale === null ? ring[i + 1] : Math.round(ring[i + 1] * scale) / scale;
      pts.push(`[${x},${y}]`);
    }
    parts.push(`[${pts.join(',')}]`);
  }
  return `[${parts.join(',')}]`;
}
