import { featureCollection } from '@turf/helpers';
import { union } from '@turf/union';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { Bbox } from '../vector/area-planar.ts';
import { isGeographicProj4, toLonLat } from '../vector/crs.ts';
import { geoJsonCrs } from './geojson-crs.ts';
import type { LayerKind } from './layer-kind.ts';
import type { GeometryProblem, Layer, LayerFeature, LayerPropertyValue, PolygonRings } from './layer-types.ts';
import { polygonProblems, type PolygonProblem } from './polygon-problems.ts';
import { SuperviseError } from './supervise-error.ts';

export interface ParseLayerOptions {
  /** file path, for messages */
  file: string;
  /** layer name (default: file stem) */
  name: string;
  kind: LayerKind;
  /** fix what can be fixed (close rings, untangle self-intersections) instead of excluding the feature */
  repair?: boolean;
}

/**
 * A planning/management layer from a parsed GeoJSON FeatureCollection (or one Feature). Polygon and
 * MultiPolygon features are kept in the file's CRS; every invalid geometry is reported with its index and
 * id, and left out of the overlay unless `repair` fixed it. Nothing is dropped silently.
 */
export function parseGeoJsonLayer(doc: unknown, opts: ParseLayerOptions): Layer {
  const { file, name } = opts;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new SuperviseError('E_SUPERVISE_LAYER', `${file}: not a GeoJSON object`, { file });
  }
  const root = doc as Record<string, unknown>;
  let rawFeatures: unknown[];
  if (root.type === 'FeatureCollection' && Array.isArray(root.features)) rawFeatures = root.features;
  else if (root.type === 'Feature') rawFeatures = [root];
  else throw new SuperviseError('E_SUPERVISE_LAYER', `${file}: expected a GeoJSON FeatureCollection, got type ${JSON.stringify(root.type)}`, { file });
  const crs = geoJsonCrs(root, file);
  const geographic = isGeographicProj4(crs.proj4);
  const toLL = geographic ? null : toLonLat(crs.proj4);

  const features: LayerFeature[] = [];
  const problems: GeometryProblem[] = [];
  for (let index = 0; index < rawFeatures.length; index++) {
    const raw = rawFeatures[index];
    const f = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const properties = cleanProperties(f.properties);
    const id = featureId(f, properties, name, index);
    const report = (p: PolygonProblem, action: GeometryProblem['action']) =>
      problems.push({ layer: name, index, id, kind: p.kind, message: `${file}: feature ${index} (${id}): ${p.message}`, action });

    const geometry = f.geometry as { type?: unknown; coordinates?: unknown; geometries?: unknown } | null | undefined;
    if (f.type !== 'Feature' || geometry === null || geometry === undefined) {
      report({ kind: 'empty', message: f.type !== 'Feature' ? 'not a GeoJSON Feature' : 'geometry is null' }, 'excluded');
      continue;
    }
    let parts: unknown[];
    if (geometry.type === 'Polygon') parts = [geometry.coordinates];
    else if (geometry.type === 'MultiPolygon' && Array.isArray(geometry.coordinates)) parts = geometry.coordinates;
    else if (geometry.type === 'GeometryCollection' && collectionPolygons(geometry).parts.length > 0) {
      // the polygon members count; the others (points, lines) cannot overlap an area and are reported
      const c = collectionPolygons(geometry);
      parts = c.parts;
      for (const t of c.skipped) report({ kind: 'wrong_type', message: `GeometryCollection member ${t} is not a polygon: left out, the polygon members are used` }, 'repaired');
    } else {
      report({ kind: 'wrong_type', message: `geometry type ${String(geometry.type)} is not Polygon or MultiPolygon` }, 'excluded');
      continue;
    }
    if (!Array.isArray(parts) || parts.length === 0 || parts.some((p) => !Array.isArray(p))) {
      report({ kind: 'empty', message: 'geometry has no coordinates' }, 'excluded');
      continue;
    }
    const found = (parts as unknown[][]).flatMap((rings, k) =>
      polygonProblems(rings, geographic).map((p) => (parts.length > 1 ? { ...p, message: `polygon ${k}: ${p.message}` } : p)),
    );
    let polygons: PolygonRings[];
    let repaired = false;
    if (found.length === 0) polygons = (parts as number[][][][]).map(toRings);
    else {
      const fixed = opts.repair ? repairPolygons(parts as number[][][][], found, geographic) : null;
      if (fixed === null) {
        for (const p of found) report(p, 'excluded');
        continue;
      }
      for (const p of found) report(p, 'repaired');
      polygons = fixed;
      repaired = true;
    }
    features.push({ index, id, properties, polygons, bboxLonLat: lonLatBbox(polygons, toLL), repaired });
  }
  // every feature outside lon/lat: the file is projected (GK metres, say) and lost its crs member — a file error
  const outOfRange = problems.filter((p) => p.kind === 'out_of_range');
  if (geographic && features.length === 0 && outOfRange.length > 0) {
    const declared = root.crs === undefined || root.crs === null ? 'has no crs member, so RFC 7946 WGS84 lon/lat is assumed' : `declares a lon/lat CRS`;
    throw new SuperviseError(
      'E_SUPERVISE_LAYER',
      `${file}: no feature has longitude/latitude coordinates (${outOfRange.length} of ${rawFeatures.length} out of range, e.g. ` +
        `${outOfRange[0].message.slice(file.length + 2)}); the file ${declared} — give it its real CRS as a crs member ` +
        '(e.g. "urn:ogc:def:crs:EPSG::4549") or reproject it to lon/lat',
      { file, features: outOfRange.length },
    );
  }
  return { name, kind: opts.kind, file, crs, features, problems, featureCount: rawFeatures.length };
}


/** Polygon parts of a GeometryCollection (members and nested collections), and what else it held. */
function collectionPolygons(g: { geometries?: unknown }): { parts: unknown[]; skipped: string[] } {
  const parts: unknown[] = [];
  const skipped: string[] = [];
  const walk = (members: unknown, path: string) => {
    if (!Array.isArray(members)) return;
    members.forEach((m, i) => {
      const member = (typeof m === 'object' && m !== null ? m : {}) as { type?: unknown; coordinates?: unknown; geometries?: unknown };
      if (member.type === 'Polygon') parts.push(member.coordinates);
      else if (member.type === 'MultiPolygon' && Array.isArray(member.coordinates)) parts.push(...member.coordinates);
      else if (member.type === 'GeometryCollection') walk(member.geometries, `${path}${i}.`);
      else skipped.push(`${path}${i} (${String(member.type)})`);
    });
  };
  walk(g.geometries, '');
  return { parts, skipped };
}

function toRings(polygon: number[][][]): PolygonRings {
  return polygon.map((ring) => {
    const n = ring.length;
    const closed = n > 1 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1];
    const out = new Float64Array(2 * (closed ? n : n + 1));
    for (let i = 0; i < n; i++) {
      out[2 * i] = ring[i][0];
      out[2 * i + 1] = ring[i][1];
    }
    if (!closed) {
      out[2 * n] = ring[0][0];
      out[2 * n + 1] = ring[0][1];
    }
    return out;
  });
}

const REPAIRABLE = new Set(['unclosed_ring', 'self_intersection', 'hole_outside']);

/**
 * Repairs on request: rings are closed, then tangled polygons are rebuilt by a polygon union of the
 * feature with itself (polyclip, even–odd), which splits bow-ties and turns stray holes into parts.
 * Returns null when something cannot be repaired (empty, too few points, non-finite).
 */
function repairPolygons(parts: number[][][][], found: readonly PolygonProblem[], geographic: boolean): PolygonRings[] | null {
  if (found.some((p) => !REPAIRABLE.has(p.kind))) return null;
  const closed = parts.map((rings) => toRings(rings).map((r) => Array.from({ length: r.length >> 1 }, (_, i) => [r[2 * i], r[2 * i + 1]])));
  if (!found.some((p) => p.kind !== 'unclosed_ring')) return closed.map(toRings);
  const geom: MultiPolygon = { type: 'MultiPolygon', coordinates: closed };
  const feature: Feature<MultiPolygon> = { type: 'Feature', properties: {}, geometry: geom };
  let out: Feature<Polygon | MultiPolygon> | null;
  try {
    out = union(featureCollection([feature, feature]));
  } catch {
    return null;
  }
  if (out === null) return null;
  const polys = out.geometry.type === 'Polygon' ? [out.geometry.coordinates] : out.geometry.coordinates;
  const rings = polys.map(toRings);
  // the union's output must itself be valid
  if (polys.some((p) => polygonProblems(p, geographic).length > 0)) return null;
  return rings;
}

/**
 * [west, south, east, north] of the polygons. For a projected layer the native bbox's corners and edge
 * midpoints are transformed (not every vertex: that is the cost of reading a big layer), padded by 1e-7°
 * (~1 cm) for the curvature of grid lines over one feature.
 */
function lonLatBbox(polygons: readonly PolygonRings[], toLL: ((x: number, y: number) => [number, number]) | null): Bbox {
  const b: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const rings of polygons) {
    const ring = rings[0];
    for (let i = 0; i < ring.length; i += 2) {
      const x = ring[i];
      const y = ring[i + 1];
      if (x < b[0]) b[0] = x;
      if (y < b[1]) b[1] = y;
      if (x > b[2]) b[2] = x;
      if (y > b[3]) b[3] = y;
    }
  }
  if (toLL === null) return b;
  const out: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  const xs = [b[0], (b[0] + b[2]) / 2, b[2]];
  const ys = [b[1], (b[1] + b[3]) / 2, b[3]];
  for (const x of xs) {
    for (const y of ys) {
      const [lon, lat] = toLL(x, y);
      if (lon < out[0]) out[0] = lon;
      if (lat < out[1]) out[1] = lat;
      if (lon > out[2]) out[2] = lon;
      if (lat > out[3]) out[3] = lat;
    }
  }
  const pad = 1e-7;
  return [out[0] - pad, out[1] - pad, out[2] + pad, out[3] + pad];
}

function cleanProperties(raw: unknown): Record<string, LayerPropertyValue> {
  const out: Record<string, LayerPropertyValue> = {};
  if (typeof raw !== 'object' || raw === null) return out;
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') out[k] = v;
    else if (typeof v === 'number') out[k] = Number.isFinite(v) ? v : null;
    else out[k] = JSON.stringify(v);
  }
  return out;
}

/** GeoJSON `id`, else an `id` property, else the first `*_id` property, else `<layer>#<index>`. */
function featureId(f: Record<string, unknown>, props: Record<string, LayerPropertyValue>, layer: string, index: number): string {
  if (typeof f.id === 'string' || typeof f.id === 'number') return String(f.id);
  const direct = props.id ?? props.ID ?? props.fid;
  if (typeof direct === 'string' || typeof direct === 'number') return String(direct);
  for (const [k, v] of Object.entries(props)) {
    if (/_id$/i.test(k) && (typeof v === 'string' || typeof v === 'number')) return String(v);
  }
  return `${layer}#${index}`;
}

