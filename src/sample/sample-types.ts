/**
 * Contracts of the sample room. The scene is vector/parametric (O(features) memory); pixels come from
 * renderTile, a pure function of (scene, window), so any tile can be generated alone.
 *
 * Pixel space: x = column, y = row, continuous, from the raster's top-left corner; pixel (c, r) covers
 * [c, c+1) × [r, r+1) and belongs to a polygon when its centre (c+0.5, r+0.5) does.
 */
import type { GeoTransform } from '../raster/index.ts';

/** A ring in pixel space: flat [x0, y0, x1, y1, …], not closed (the first point is not repeated). */
export type RingPx = number[];

export interface BBoxPx {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** First ring is the exterior, the others holes (even–odd fill). */
export interface PolygonPx {
  rings: RingPx[];
  bbox: BBoxPx;
}

/** Rule ids the supervision engine must reproduce (see RULES in plant-changes.ts for their definitions). */
export type RuleId =
  | 'basic_farmland_occupied'
  | 'redline_violated'
  | 'construction_without_approval'
  | 'outside_growth_boundary'
  | 'exceeds_approval';

/** Field parcels: vertical strips of variable width, each cut into rows with jittered boundaries. */
export interface FieldGrid {
  /** strip boundaries in px, ascending, length strips + 1 */
  stripX: Float64Array;
  /** row pitch of each strip, px */
  stripPitchPx: Float64Array;
  /** row phase of each strip, px */
  stripOffsetPx: Float64Array;
}

/** A meandering river: centre = base + a1·sin(2πt/len1 + ph1) + a2·sin(2πt/len2 + ph2) along t (x or y). */
export interface River {
  horizontal: boolean;
  basePx: number;
  amp1Px: number;
  len1Px: number;
  phase1: number;
  amp2Px: number;
  len2Px: number;
  phase2: number;
  halfWidthPx: number;
  widthAmp: number;
  widthLenPx: number;
  widthPhase: number;
  bankPx: number;
}

/** A straight road across the scene: pixels whose centre is within halfWidthPx of the line. */
export interface Road {
  /** a point on the centre line */
  px: number;
  py: number;
  /** unit normal of the line */
  nx: number;
  ny: number;
  halfWidthPx: number;
}

export interface Town {
  id: string;
  cx: number;
  cy: number;
  radiusPx: number;
  polygon: PolygonPx;
  blockPitchPx: number;
  streetPx: number;
  originX: number;
  originY: number;
  seed: number;
}

/** Raises the forest noise around a point, so forests (and red lines around them) exist where needed. */
export interface ForestCore {
  cx: number;
  cy: number;
  radiusPx: number;
}

/** A polygon feature of the base landscape (village, pond). */
export interface AreaFeature {
  polygon: PolygonPx;
  seed: number;
}

export interface PlantedChange {
  id: string;
  kind: string;
  from: number;
  to: number;
  /** change legend code (transitionCode(from, to)) */
  code: number;
  polygon: PolygonPx;
  /** polygon area (exterior − holes) in px² and in projected m² */
  areaPx: number;
  areaM2: number;
  /** pixels whose centre lies in the polygon (= truth.tif pixels of this change) */
  pixels: number;
  legal: boolean;
  expectedRules: RuleId[];
  approvalId: string | null;
  seed: number;
}

export interface LayerFeature {
  polygon: PolygonPx;
  properties: Record<string, string | number | boolean | null>;
}

export interface SceneLayers {
  permanentBasicFarmland: LayerFeature[];
  ecologicalRedline: LayerFeature[];
  urbanGrowthBoundary: LayerFeature[];
  /** properties: approval_id, approved_area_m2, year, purpose */
  landApprovals: LayerFeature[];
  landSupply: LayerFeature[];
}

export interface SpectralShift {
  /** per band (blue, green, red, NIR): epoch B = A·gain + offset before noise */
  gain: [number, number, number, number];
  offset: [number, number, number, number];
}

export interface Scene {
  seed: number;
  size: number;
  pixelSizeM: number;
  epsg: number;
  geoTransform: GeoTransform;
  fields: FieldGrid;
  rivers: River[];
  roads: Road[];
  towns: Town[];
  forestCores: ForestCore[];
  villages: AreaFeature[];
  ponds: AreaFeature[];
  changes: PlantedChange[];
  layers: SceneLayers;
  /** nodata areas of each epoch's imagery (and land use) */
  nodataA: PolygonPx[];
  nodataB: PolygonPx[];
  shift: SpectralShift;
}

export interface ManifestChange {
  id: string;
  kind: string;
  from: number;
  to: number;
  code: number;
  area_m2: number;
  pixels: number;
  legal: boolean;
  expected_rules: RuleId[];
  approval_id: string | null;
  /** pixel bbox [minCol, minRow, maxCol, maxRow] (exclusive max) */
  bbox_px: [number, number, number, number];
}

export interface SampleManifest {
  generator: 'landwatch sample';
  formatVersion: 1;
  seed: number;
  size: number;
  tileSizePx: number;
  pixelSizeM: number;
  epsg: number;
  geoTransform: GeoTransform;
  /** projected bounds (EPSG:epsg) and lon/lat bounds [west, south, east, north] */
  bounds: [number, number, number, number];
  lonLatBounds: [number, number, number, number];
  bands: string[];
  nodata: { imagery: number; landuse: number; truth: number };
  seasonalShift: SpectralShift;
  rules: Record<RuleId, string>;
  changes: ManifestChange[];
  layers: Record<string, number>;
  files: Record<string, string>;
}

export interface SampleOptions {
  outDir: string;
  /** raster width and height in px (512–16384) */
  size?: number;
  seed?: number;
  /** tile size of the written GeoTIFFs, px */
  tileSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SampleResult {
  dir: string;
  /** logical name → absolute path */
  files: Record<string, string>;
  changes: number;
  manifest: SampleManifest;
}
