/**
 * What the map tiles, thumbnails, report and viewer routes need. The report room implements it
 * (`createViewerService` in src/report) over the store; the api room only knows this contract, because
 * top rooms do not import each other — the CLI wires the two together.
 */
export interface ViewerLayerInfo {
  /** dataset id, `{jobId}:{a|a-false|b|b-false|change|landuse-a|landuse-b}` */
  id: string;
  title: string;
  role: 'imagery' | 'change' | 'landuse';
  boundsLonLat: [number, number, number, number];
  minzoom: number;
  maxzoom: number;
}

export type ThumbnailKind = 'a' | 'b' | 'change';

export interface ViewerService {
  /** Layers of a job; throws E_REPORT_JOB when the job is unknown. */
  jobLayers(jobId: string): Promise<ViewerLayerInfo[]>;
  /** TileJSON 3.0.0 of a dataset, whose tile URL is `urlTemplate`. */
  tileJson(datasetId: string, urlTemplate: string): Promise<object>;
  /** PNG of an XYZ tile (EPSG:3857); transparent where the raster has no pixel. */
  tilePng(datasetId: string, z: number, x: number, y: number): Promise<Uint8Array>;
  /** PNG thumbnail of a patch on epoch A, epoch B or the change raster. */
  patchThumbnail(jobId: string, patchId: string, kind: ThumbnailKind): Promise<Uint8Array>;
  /** Planning/management layers of a job (its layers folder), names only; [] when it has none. */
  planningLayers(jobId: string): Promise<string[]>;
  /** One planning layer as GeoJSON text (lon/lat); E_REPORT_DATASET when unknown. */
  planningLayer(jobId: string, name: string): Promise<string>;
  /** Self-contained HTML change report of a job. */
  reportHtml(jobId: string): Promise<string>;
}
