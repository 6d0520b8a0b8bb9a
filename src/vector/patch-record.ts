import { createHash } from 'node:crypto';
import type { GeoTransform } from '../raster/raster-types.ts';
import { polygonCentroid, polygonPerimeter, ringSignedArea, ringsBbox, type Bbox } from './area-planar.ts';
import { isAreaPlanarProj4, type CrsRef } from './crs.ts';
import { DEFAULT_MAX_SEGMENT_M, ellipsoidalArea, lonLatTransform } from './geodesic-area.ts';
import { pixelRingsToNative } from './pixel-rings-to-native.ts';
import { VectorError } from './vector-error.ts';

export type PropertyValue = string | number | boolean | null;

/** One change polygon with its measures, as every export and the store receive it. */
export interface PatchRecord {
  /** stable: first 16 hex of sha1(job id, canonical pixel rings); independent of tiling and ring start */
  id: string;
  /** uint8 change legend code (src/kernels/change-legend.ts) */
  code: number;
  /** the polygonized class value (e.g. the transition code) */
  value: number;
  fromClass: number | null;
  toClass: number | null;
  pixelCount: number;
  /** planar area in native CRS units² for a projected CRS (exact for pixel polygons); = areaEllipsoidM2 for a geographic or Mercator CRS */
  areaM2: number;
  /** area on the GRS80 ellipsoid, m² */
  areaEllipsoidM2: number;
  /** planar perimeter (native units) for a projected CRS, geodesic metres for a geographic or Mercator one; holes included */
  perimeterM: number;
  /** area centroid in native coordinates */
  centroid: [number, number];
  centroidLonLat: [number, number];
  /** [xmin, ymin, xmax, ymax] in native coordinates */
  bbox: Bbox;
  /** [west, south, east, north] in degrees (of the densified rings, so curved edges are covered) */
  bboxLonLat: Bbox;
  meanMagnitude: number | null;
  /** native CRS rings, closed, exterior counter-clockwise first, holes clockwise */
  rings: Float64Array[];
  /** the CRS of `rings` (one shared object per job) */
  crs: CrsRef;
  properties: Record<string, PropertyValue>;
}

/** What the stitcher knows about one polygon. */
export interface PatchInput {
  code: number;
  value: number;
  fromClass?: number | null;
  toClass?: number | null;
  /** defaults to the pixel-space area of the rings (equal for pixel polygons) */
  pixelCount?: number;
  meanMagnitude?: number | null;
  /** pixel-vertex rings, Int32Array x0,y0,x1,y1,…, exterior first */
  pixelRings: readonly Int32Array[];
  properties?: Record<string, PropertyValue>;
}

/** What is the same for every patch of a job. */
export interface PatchContext {
  jobId: string;
  geoTransform: GeoTransform;
  crs: CrsRef;
  /** densification step for the ellipsoidal area, metres (default DEFAULT_MAX_SEGMENT_M) */
  maxSegmentM?: number;
}

export function buildPatchRecord(input: PatchInput, ctx: PatchContext): PatchRecord {
  const { pixelRings } = input;
  if (pixelRings.length === 0) throw new VectorError('E_VECTOR_GEOMETRY', 'a patch needs at least an exterior ring', { jobId: ctx.jobId });
  const rings = pixelRingsToNative(pixelRings, ctx.geoTransform);
  const gt = ctx.geoTransform;
  const pixelAreaUnits = Math.abs(gt[1] * gt[5] - gt[2] * gt[4]);
  // exact: integer shoelace in pixel space times the pixel area
  let pixelArea = Math.abs(ringSignedArea(pixelRings[0]));
  for (let r = 1; r < pixelRings.length; r++) pixelArea -= Math.abs(ringSignedArea(pixelRings[r]));

  // geographic and Mercator CRSs: the planar measures are not ground measures, the ellipsoidal ones are
  const planar = isAreaPlanarProj4(ctx.crs.proj4);
  const ell = ellipsoidalArea(rings, ctx.crs, ctx.maxSegmentM ?? DEFAULT_MAX_SEGMENT_M);
  const centroid = polygonCentroid(rings);
  const transform = lonLatTransform(ctx.crs);
  const centroidLonLat: [number, number] = transform === null ? [centroid[0], centroid[1]] : transform(centroid[0], centroid[1]);

  return {
    id: patchId(ctx.jobId, pixelRings),
    code: input.code,
    value: input.value,
    fromClass: input.fromClass ?? null,
    toClass: input.toClass ?? null,
    pixelCount: input.pixelCount ?? pixelArea,
    areaM2: planar ? pixelArea * pixelAreaUnits : ell.areaM2,
    areaEllipsoidM2: ell.areaM2,
    perimeterM: planar ? polygonPerimeter(rings) : ell.perimeterM,
    centroid,
    centroidLonLat,
    bbox: ringsBbox(rings),
    bboxLonLat: ringsBbox(ell.lonLatRings),
    meanMagnitude: input.meanMagnitude ?? null,
    rings,
    crs: ctx.crs,
    properties: input.properties ?? {},
  };
}

/**
 * Stable patch id: first 16 hex of sha1 over the job id and the canonical pixel rings. Canonical: closing
 * vertex and collinear vertices dropped (a tile seam may split a straight edge), exterior positive /
 * holes negative signed area, each ring rotated to start at its smallest (row, col), holes sorted.
 * So the id does not depend on tile size, ring start vertex or hole order.
 */
export function patchId(jobId: string, pixelRings: readonly Int32Array[]): string {
  const hash = createHash('sha1');
  hash.update(jobId);
  hash.update('\0');
  const holes: Int32Array[] = [];
  for (let r = 1; r < pixelRings.length; r++) holes.push(canonicalIdRing(pixelRings[r], false));
  holes.sort(compareRingStart);
  const ext = canonicalIdRing(pixelRings[0], true);
  for (const ring of [ext, ...holes]) {
    hash.update(new Uint8Array(Int32Array.of(ring.length >> 1).buffer));
    hash.update(new Uint8Array(ring.buffer, ring.byteOffset, ring.byteLength));
  }
  return hash.digest('hex').slice(0, 16);
}

function compareRingStart(a: Int32Array, b: Int32Array): number {
  return a[1] - b[1] || a[0] - b[0] || a.length - b.length;
}

/** Open ring without collinear vertices, oriented and rotated to its smallest (row, col). */
export function canonicalIdRing(ring: Int32Array, exterior: boolean): Int32Array {
  let n = ring.length >> 1;
  if (n > 1 && ring[0] === ring[2 * n - 2] && ring[1] === ring[2 * n - 1]) n--;
  const keep = new Int32Array(2 * n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const p = (i + n - 1) % n;
    const q = (i + 1) % n;
    const ax = ring[2 * i] - ring[2 * p];
    const ay = ring[2 * i + 1] - ring[2 * p + 1];
    const bx = ring[2 * q] - ring[2 * i];
    const by = ring[2 * q + 1] - ring[2 * i + 1];
    if (ax * by - ay * bx === 0 && ax * bx + ay * by >= 0) continue; // straight through (or repeated)
    keep[2 * m] = ring[2 * i];
    keep[2 * m + 1] = ring[2 * i + 1];
    m++;
  }
  const pts = keep.subarray(0, 2 * m);
  const area = ringSignedArea(pts);
  const reverse = exterior ? area < 0 : area > 0;
  let start = 0;
  for (let i = 1; i < m; i++) {
    if (pts[2 * i + 1] < pts[2 * start + 1] || (pts[2 * i + 1] === pts[2 * start + 1] && pts[2 * i] < pts[2 * start])) start = i;
  }
  const out = new Int32Array(2 * m);
  for (let k = 0; k < m; k++) {
    const i = reverse ? (start - k + m) % m : (start + k) % m;
    out[2 * k] = pts[2 * i];
    out[2 * k + 1] = pts[2 * i + 1];
  }
  return out;
}
