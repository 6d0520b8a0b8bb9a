import type { Bbox } from '../vector/area-planar.ts';
import type { CrsRef } from '../vector/crs.ts';
import type { LayerKind } from './layer-kind.ts';

export type LayerPropertyValue = string | number | boolean | null;

/** One polygon: rings as flat x0,y0,x1,y1,… (closed), exterior first, holes after. */
export type PolygonRings = Float64Array[];

/** One feature of a planning or management layer, in the layer's own CRS. */
export interface LayerFeature {
  /** 0-based position in the source file */
  index: number;
  /** the feature's id (GeoJSON `id`, or an `id`/`*_id` property), else `<layer>#<index>` */
  id: string;
  properties: Record<string, LayerPropertyValue>;
  /** one or more polygons (a MultiPolygon has several), coordinates in the layer's CRS */
  polygons: PolygonRings[];
  /** [west, south, east, north] in degrees */
  bboxLonLat: Bbox;
  /** true when the geometry was repaired on request (see GeometryProblem) */
  repaired: boolean;
}

export type GeometryProblemKind =
  | 'empty'
  | 'wrong_type'
  | 'non_finite'
  | 'too_few_points'
  | 'unclosed_ring'
  | 'self_intersection'
  | 'hole_outside'
  | 'out_of_range';

/** An invalid geometry, reported with where it is; `action` says what was done with it. */
export interface GeometryProblem {
  layer: string;
  /** 0-based feature index in the file */
  index: number;
  id: string;
  kind: GeometryProblemKind;
  message: string;
  /** 'excluded': left out of the overlay; 'repaired': fixed (on request) and used */
  action: 'excluded' | 'repaired';
}

/** A layer read from one file. */
export interface Layer {
  /** file stem, unique within a layers folder; the store's layer id */
  name: string;
  kind: LayerKind;
  file: string;
  /** CRS of the coordinates in `features` */
  crs: CrsRef;
  /** valid (or repaired) features */
  features: LayerFeature[];
  problems: GeometryProblem[];
  /** features in the file, valid or not */
  featureCount: number;
}
