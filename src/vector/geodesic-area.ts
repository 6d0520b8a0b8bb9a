import geodesic from 'geographiclib-geodesic';
import { isAreaPlanarProj4, isGeographicProj4, toLonLat, type CrsRef, type PointTransform } from './crs.ts';
import type { Ring } from './area-planar.ts';

/**
 * Area and perimeter on the GRS80 ellipsoid (CGCS2000: a = 6378137, f = 1/298.257222101) with Karney's
 * algorithm (geographiclib PolygonArea), for polygons in any supported CRS.
 *
 * Edges are densified before the lon/lat vertices are handed to PolygonArea, which joins them with
 * geodesics:
 * - projected CRS: an edge is straight in the projection, not a geodesic. It is cut into pieces of at most
 *   `maxSegmentM` (native units taken as metres), interpolated in native coordinates and then inverse
 *   projected. In a GK/UTM zone the chord–geodesic offset of a piece of length L at distance x from the
 *   central meridian is about L²·x/(8R²); for L = 100 m, x = 300 km that is ≈ 1e-5 m, so the area error is
 *   far below 1e-9 relative.
 * - geographic CRS: pixel edges are meridians (geodesics) and parallels (not geodesics: between a 1°
 *   parallel edge at 30°N and the geodesic lies ~6.6 km², 0.06 % of a 1°×1° cell; in a rectangle the top
 *   and bottom edges mostly cancel). Edges are cut into pieces of at most
 *   `maxSegmentM` interpolated linearly in lon/lat, so they follow the parallel; the remaining error per
 *   piece is ≈ tan(φ)·L³/(12R), i.e. 0.01 m² per 100 m of parallel edge.
 * The WGS84 and GRS80 ellipsoids differ by 0.1 mm in the semi-minor axis, so GRS80 serves both.
 */
export const GRS80 = { a: 6378137, f: 1 / 298.257222101 } as const;

/** Default longest edge piece before inverse projection, in metres (see above for the error bound). */
export const DEFAULT_MAX_SEGMENT_M = 100;

const geod = new geodesic.Geodesic.Geodesic(GRS80.a, GRS80.f);
const polygon = geod.Polygon(false);

/** Approximate metres per degree, only used to decide how finely to cut geographic edges. */
const M_PER_DEG_LAT = 110574;
const M_PER_DEG_LON_EQ = 111320;
const DEG = Math.PI / 180;

export interface GeodesicMeasure {
  /** area in m², counter-clockwise positive for one ring; for a polygon: |exterior| − Σ|hole| */
  areaM2: number;
  /** length of every ring, in metres */
  perimeterM: number;
}

/**
 * Signed area (counter-clockwise positive) and perimeter of one lon/lat ring (flat lon0,lat0,lon1,…),
 * closed or not; consecutive vertices are joined by geodesics.
 */
export function geodesicRingArea(lonLat: Float64Array): GeodesicMeasure {
  polygon.Clear();
  let n = lonLat.length >> 1;
  if (n > 1 && lonLat[0] === lonLat[2 * n - 2] && lonLat[1] === lonLat[2 * n - 1]) n--;
  for (let i = 0; i < n; i++) polygon.AddPoint(lonLat[2 * i + 1], lonLat[2 * i]);
  const r = polygon.Compute(false, true);
  return { areaM2: r.area ?? 0, perimeterM: r.perimeter };
}

/** Area (|exterior| − Σ|hole|) and perimeter of a polygon whose rings are already lon/lat. */
export function geodesicPolygonArea(lonLatRings: readonly Float64Array[]): GeodesicMeasure {
  let areaM2 = 0;
  let perimeterM = 0;
  for (let r = 0; r < lonLatRings.length; r++) {
    const m = geodesicRingArea(lonLatRings[r]);
    areaM2 += r === 0 ? Math.abs(m.areaM2) : -Math.abs(m.areaM2);
    perimeterM += m.perimeterM;
  }
  return { areaM2, perimeterM };
}

/**
 * Densify one native ring (closed or not) and convert it to lon/lat. The output is closed. `transform`
 * is null for a geographic CRS (the ring already is lon/lat).
 */
export function densifyRingToLonLat(
  ring: Ring,
  transform: PointTransform | null,
  maxSegmentM: number = DEFAULT_MAX_SEGMENT_M,
): Float64Array {
  let n = ring.length >> 1;
  if (n > 1 && ring[0] === ring[2 * n - 2] && ring[1] === ring[2 * n - 1]) n--;
  // first pass: how many points
  let total = 1;
  for (let i = 0; i < n; i++) total += edgePieces(ring, i, (i + 1) % n, transform === null, maxSegmentM);
  const out = new Float64Array(2 * total);
  let o = 0;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    const pieces = edgePieces(ring, i, j, transform === null, maxSegmentM);
    const x0 = ring[2 * i];
    const y0 = ring[2 * i + 1];
    const dx = ring[2 * j] - x0;
    const dy = ring[2 * j + 1] - y0;
    for (let p = 0; p < pieces; p++) {
      const t = p / pieces;
      o = put(out, o, x0 + dx * t, y0 + dy * t, transform);
    }
  }
  out[o] = out[0];
  out[o + 1] = out[1];
  return out;
}

function put(out: Float64Array, o: number, x: number, y: number, transform: PointTransform | null): number {
  if (transform === null) {
    out[o] = x;
    out[o + 1] = y;
  } else {
    const ll = transform(x, y);
    out[o] = ll[0];
    out[o + 1] = ll[1];
  }
  return o + 2;
}

function edgePieces(ring: Ring, i: number, j: number, geographic: boolean, maxSegmentM: number): number {
  const dx = ring[2 * j] - ring[2 * i];
  const dy = ring[2 * j + 1] - ring[2 * i + 1];
  let lengthM: number;
  if (geographic) {
    const latMid = (ring[2 * j + 1] + ring[2 * i + 1]) / 2;
    lengthM = Math.hypot(dx * M_PER_DEG_LON_EQ * Math.cos(latMid * DEG), dy * M_PER_DEG_LAT);
  } else {
    lengthM = Math.hypot(dx, dy);
  }
  return lengthM > maxSegmentM ? Math.ceil(lengthM / maxSegmentM) : 1;
}

export interface EllipsoidalResult extends GeodesicMeasure {
  /** densified lon/lat rings (closed), same order as the input */
  lonLatRings: Float64Array[];
}

const transforms = new Map<string, PointTransform>();

/** Cached native → lon/lat transformer for a CRS; null for a geographic CRS. */
export function lonLatTransform(crs: CrsRef): PointTransform | null {
  if (isGeographicProj4(crs.proj4)) return null;
  let t = transforms.get(crs.proj4);
  if (t === undefined) {
    t = toLonLat(crs.proj4);
    transforms.set(crs.proj4, t);
  }
  return t;
}

/** Ellipsoidal area and perimeter of a polygon given in native CRS coordinates. */
export function ellipsoidalArea(
  rings: readonly Ring[],
  crs: CrsRef,
  maxSegmentM: number = DEFAULT_MAX_SEGMENT_M,
): EllipsoidalResult {
  const transform = lonLatTransform(crs);
  const lonLatRings = rings.map((ring) => densifyRingToLonLat(ring, transform, maxSegmentM));
  const m = geodesicPolygonArea(lonLatRings);
  return { areaM2: m.areaM2, perimeterM: m.perimeterM, lonLatRings };
}

/**
 * Ground area of one pixel of the scene, m²: the planar |det| of the geotransform where planar areas are
 * ground areas (isAreaPlanarProj4), else the ellipsoidal area of a pixel of the centre row (its corners
 * taken to lon/lat), the figure the MMU sieve threshold and per-pixel transition areas use.
 */
export function scenePixelAreaM2(geoTransform: readonly number[], crs: CrsRef, height: number): number {
  const gt = geoTransform;
  if (isAreaPlanarProj4(crs.proj4)) return Math.abs(gt[1] * gt[5] - gt[2] * gt[4]);
  const row = Math.floor(height / 2);
  const toLL = lonLatTransform(crs);
  const ring = new Float64Array(8);
  const corners = [0, row, 1, row, 1, row + 1, 0, row + 1];
  for (let k = 0; k < 8; k += 2) {
    const x = gt[0] + corners[k] * gt[1] + corners[k + 1] * gt[2];
    const y = gt[3] + corners[k] * gt[4] + corners[k + 1] * gt[5];
    const ll = toLL === null ? [x, y] : toLL(x, y);
    ring[k] = ll[0];
    ring[k + 1] = ll[1];
  }
  return Math.abs(geodesicRingArea(ring).areaM2);
}
