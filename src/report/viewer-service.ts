import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Geometry } from 'geojson';
import type { Store } from '../store/index.ts';
import { buildReport } from './build-report.ts';
import { jobFiles } from './job-files.ts';
import { LruCache } from './lru-cache.ts';
import { renderPatchThumbnail } from './patch-thumbnail.ts';
import { ReportError } from './report-error.ts';
import { createTileService, type TileJson, type TileLayerInfo, type TileService } from './tile-service.ts';

export interface ViewerServiceOptions {
  store: Store;
  /** PNG tile cache; default 64 MiB */
  cacheBytes?: number;
}

/**
 * Tiles, thumbnails and reports over a store: the object `buildServer({ viewer })` takes (it matches the
 * api room's ViewerService contract structurally; the CLI wires the two).
 */
export interface ViewerServiceImpl {
  readonly tiles: TileService;
  jobLayers(jobId: string): Promise<TileLayerInfo[]>;
  tileJson(datasetId: string, urlTemplate: string): Promise<TileJson>;
  tilePng(datasetId: string, z: number, x: number, y: number): Promise<Buffer>;
  patchThumbnail(jobId: string, patchId: string, kind: 'a' | 'b' | 'change'): Promise<Buffer>;
  planningLayers(jobId: string): Promise<string[]>;
  planningLayer(jobId: string, name: string): Promise<string>;
  reportHtml(jobId: string): Promise<string>;
}

export function createViewerService(opts: ViewerServiceOptions): ViewerServiceImpl {
  const { store } = opts;
  const tiles = createTileService({ store, cacheBytes: opts.cacheBytes });
  const thumbs = new LruCache<Buffer>(16 * 1024 * 1024);
  return {
    tiles,
    async jobLayers(jobId) {
      if ((await store.jobs.get(jobId)) === null) throw new ReportError('E_REPORT_JOB', `job ${jobId} does not exist`, { jobId });
      return tiles.jobLayers(jobId);
    },
    tileJson: (id, url) => tiles.tileJson(id, url),
    tilePng: (id, z, x, y) => tiles.tilePng(id, z, x, y),
    async patchThumbnail(jobId, patchId, kind) {
      const key = `${jobId}/${patchId}/${kind}`;
      const hit = thumbs.get(key);
      if (hit) return hit;
      const p = await store.patches.get(jobId, patchId);
      if (p === null) throw new ReportError('E_REPORT_PATCH', `job ${jobId} has no patch ${patchId}`, { jobId, patchId });
      const layer = await tiles.layer(`${jobId}:${kind}`);
      const png = await renderPatchThumbnail(layer, { bbox: p.bbox, geometry: JSON.parse(p.geojson) as Geometry }, { sizePx: 192 });
      thumbs.set(key, png);
      return png;
    },
    async planningLayers(jobId) {
      const dir = await layersDir(store, jobId);
      if (dir === null) return [];
      return (await readdir(dir)).filter((f) => f.endsWith('.geojson')).map((f) => f.slice(0, -'.geojson'.length)).sort();
    },
    async planningLayer(jobId, name) {
      const dir = await layersDir(store, jobId);
      if (dir === null || !(await this.planningLayers(jobId)).includes(name)) {
        throw new ReportError('E_REPORT_DATASET', `job ${jobId} has no planning layer ${name}`, { jobId, layer: name });
      }
      return readFile(path.join(dir, `${name}.geojson`), 'utf8');
    },
    reportHtml: (jobId) => buildReport(store, jobId, { tiles }),
  };
}

/** The job's layers folder (a path the job's inputs were validated against), or null. */
async function layersDir(store: Store, jobId: string): Promise<string | null> {
  const job = await store.jobs.get(jobId);
  if (job === null) throw new ReportError('E_REPORT_JOB', `job ${jobId} does not exist`, { jobId });
  const dir = jobFiles(job).layersDir;
  if (dir === null) return null;
  try {
    await readdir(dir);
    return dir;
  } catch {
    return null;
  }
}
