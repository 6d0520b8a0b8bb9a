import type { Geometry } from 'geojson';
import type { Store } from '../store/index.ts';
import { crsName } from '../vector/crs.ts';
import { jobFiles } from './job-files.ts';
import { renderOverviewPng } from './overview-image.ts';
import { renderPatchThumbnail } from './patch-thumbnail.ts';
import { loadReportData } from './report-data.ts';
import { ReportError } from './report-error.ts';
import { renderReportHtml, type EpochInfo, type ReportImages } from './report-html.ts';
import type { TileLayer } from './tile-layer.ts';
import { createTileService, type TileService } from './tile-service.ts';

export interface BuildReportOptions {
  /** largest patches shown with thumbnails; default 12 */
  topN?: number;
  /** reuse the tile service's opened rasters and stretches (the server passes its own) */
  tiles?: TileService;
  /** fixed timestamp for reproducible output; default now */
  generated?: string;
}

async function tryLayer(tiles: TileService, id: string): Promise<TileLayer | null> {
  try {
    return await tiles.layer(id);
  } catch (err) {
    if (err instanceof ReportError) return null;
    throw err;
  }
}

function epochInfo(label: string, l: TileLayer, acquired: string | null): EpochInfo {
  const s = l.raster.source;
  const epsg = s.geo.epsg;
  return {
    label,
    path: l.raster.path,
    width: s.width,
    height: s.height,
    bands: s.bands,
    sampleType: s.sampleType,
    crs: epsg !== null ? `EPSG:${epsg} ${crsName(epsg) ?? ''}`.trim() : l.raster.proj4,
    pixelSizeM: l.raster.pixelSizeM,
    boundsLonLat: l.raster.boundsLonLat,
    acquired,
  };
}

/** The self-contained HTML change report of a job in `store`. */
export async function buildReport(store: Store, jobId: string, opts: BuildReportOptions = {}): Promise<string> {
  const data = await loadReportData(store, jobId, opts.topN ?? 12);
  const tiles = opts.tiles ?? createTileService({ store });
  const files = jobFiles(data.job);
  const [a, b, change] = [await tryLayer(tiles, `${jobId}:a`), await tryLayer(tiles, `${jobId}:b`), await tryLayer(tiles, `${jobId}:change`)];
  const registered = await store.datasets.list();
  const acquired = (path: string) => registered.find((d) => d.path === path)?.acquired ?? null;
  const epochs: EpochInfo[] = [];
  if (a) epochs.push(epochInfo('A', a, acquired(files.epochA)));
  if (b) epochs.push(epochInfo('B', b, acquired(files.epochB)));
  const images: ReportImages = { overview: null, thumbs: new Map() };
  if (b) images.overview = (await renderOverviewPng(b, change)).png;
  for (const p of data.topPatches) {
    const patch = { bbox: p.bbox, geometry: JSON.parse(p.geojson) as Geometry };
    images.thumbs.set(p.id, {
      a: a ? await renderPatchThumbnail(a, patch, { sizePx: 200 }) : null,
      b: b ? await renderPatchThumbnail(b, patch, { sizePx: 200 }) : null,
    });
  }
  return renderReportHtml(data, epochs, images, opts.generated ?? new Date().toISOString());
}
