import type { PatchRecord } from '../vector/patch-record.ts';
import type { ReviewStatus } from './review-status.ts';

/** The measured fields of a patch, as src/vector builds them (`PatchRecord`). */
export type PatchFields = Pick<
  PatchRecord,
  | 'id'
  | 'code'
  | 'value'
  | 'fromClass'
  | 'toClass'
  | 'pixelCount'
  | 'areaM2'
  | 'areaEllipsoidM2'
  | 'perimeterM'
  | 'centroid'
  | 'centroidLonLat'
  | 'bbox'
  | 'bboxLonLat'
  | 'meanMagnitude'
>;

/**
 * What the store writes per patch. A `PatchRecord` plus its GeoJSON text fits as it is (`{ ...rec, geojson }`):
 * the store then encodes WKB from `rings`; pass `wkb` when it is already encoded.
 */
export interface PatchRow extends PatchFields {
  /** RFC 7946 GeoJSON geometry object in lon/lat, as text */
  geojson: string;
  /** native-CRS WKB; encoded from `rings` when absent */
  wkb?: Uint8Array;
  rings?: readonly Float64Array[];
  properties: Readonly<Record<string, unknown>> | null;
}

/** A patch read back (without its WKB). */
export interface StoredPatch extends PatchFields {
  jobId: string;
  geojson: string;
  properties: Record<string, unknown>;
  reviewStatus: ReviewStatus;
}

/** `getPatch` adds the native-CRS geometry. */
export interface StoredPatchWithWkb extends StoredPatch {
  wkb: Uint8Array;
}

export interface PatchQuery {
  /** [west, south, east, north] in degrees; the patch bbox must intersect it */
  bbox?: readonly [number, number, number, number];
  /** default 100 */
  limit?: number;
  offset?: number;
  /** change legend code(s) */
  code?: number | readonly number[];
  /** change legend key, e.g. 'cropland_to_construction' or '…_label_only'; unknown keys match nothing */
  changeType?: string;
  minAreaM2?: number;
  reviewStatus?: ReviewStatus;
}

export interface PatchPage {
  patches: StoredPatch[];
  /** every patch matching the filters, ignoring limit/offset */
  numberMatched: number;
}
