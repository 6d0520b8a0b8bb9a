import type { Feature } from 'geojson';

/** [minLon, minLat, maxLon, maxLat] in EPSG:4326/4490 degrees; minLon <= maxLon (no antimeridian crossing). */
export type BboxLonLat = [number, number, number, number];

/** One collection of change patches; the API serves one per job (collection id = job id). */
export interface CollectionInfo {
  id: string;
  title: string;
  description?: string;
  /** spatial extent of all items, or null when the collection is empty or unknown */
  bboxLonLat: BboxLonLat | null;
  /** ISO 8601 instants of the two epochs (or of the job), either may be null */
  interval?: [string | null, string | null];
}

export interface ItemFilters {
  /** change codes from the change legend (label-only codes included); any of them matches */
  changeCodes?: number[];
  /** keep patches whose area_m2 >= this */
  minAreaM2?: number;
}

export interface ItemQuery {
  /** items whose bbox intersects this one */
  bbox?: BboxLonLat;
  limit: number;
  offset: number;
  filters: ItemFilters;
}

export interface ItemPage {
  /** RFC 7946 features in a stable order (the same query returns the same order) */
  features: Feature[];
  /** all items matching bbox and filters, ignoring limit/offset */
  numberMatched: number;
}

/** What the Features API needs from wherever the patches live (the store, in production). */
export interface FeatureSource {
  listCollections(): Promise<CollectionInfo[]>;
  /** null when the collection does not exist */
  queryItems(collectionId: string, query: ItemQuery): Promise<ItemPage | null>;
  /** null when the collection or the feature does not exist */
  getItem(collectionId: string, featureId: string): Promise<Feature | null>;
}
