import { defaultBandRoles } from '../kernels/band-roles.ts';
import type { Store } from '../store/index.ts';
import { BlockCache } from './block-cache.ts';
import { emptyTilePng, encodePng } from './encode-png.ts';
import { jobFiles } from './job-files.ts';
import { LruCache } from './lru-cache.ts';
import { openRasterLayer, type RasterLayer } from './raster-layer.ts';
import { ReportError } from './report-error.ts';
import { CHANGE_PALETTE, LANDUSE_PALETTE, renderTileRgba, styleBands, TILE_PX, type TileLayer, type TileStyle } from './tile-layer.ts';
import { isValidTile, MAX_ZOOM } from './web-mercator.ts';

/** What the viewer lists per layer. */
export interface TileLayerInfo {
  id: string;
  title: string;
  role: TileLayer['role'];
  boundsLonLat: [number, number, number, number];
  minzoom: number;
  maxzoom: number;
}

/** TileJSON 3.0.0 (https://github.com/mapbox/tilejson-spec/tree/master/3.0.0). */
export interface TileJson {
  tilejson: '3.0.0';
  name: string;
  tiles: string[];
  minzoom: number;
  maxzoom: number;
  bounds: [number, number, number, number];
  center: [number, number, number];
  scheme: 'xyz';
  /** landwatch: the native zoom, where one tile pixel is about one raster pixel */
  nativezoom: number;
}

export interface TileService {
  /** Every layer of a job (epochs true/false colour, change, land use); E_REPORT_JOB when unknown. */
  jobLayers(jobId: string): Promise<TileLayerInfo[]>;
  layer(datasetId: string): Promise<TileLayer>;
  /** TileJSON whose tile URL is `urlTemplate` (with {z}/{x}/{y}). */
  tileJson(datasetId: string, urlTemplate: string): Promise<TileJson>;
  /** PNG of tile z/x/y; a transparent tile where the raster has no pixel. */
  tilePng(datasetId: string, z: number, x: number, y: number): Promise<Buffer>;
  /** Adds a layer over a file (the CLI's `tiles` command); the id is returned. */
  addFileLayer(id: string, path: string, style: 'rgb' | 'false' | 'change' | 'landuse' | 'auto'): Promise<TileLayer>;
  cacheStats(): { hits: number; misses: number; tiles: number; bytes: number };
  /** the decoded-block cache tiles read through */
  readonly blocks: BlockCache;
}

export interface TileServiceOptions {
  /** store holding the jobs whose layers are served; without it only file layers exist */
  store?: Store;
  /** PNG cache size; default 64 MiB */
  cacheBytes?: number;
  /** decoded-block cache size; default 128 MiB */
  blockCacheBytes?: number;
}

const SUFFIXES = ['a', 'a-false', 'b', 'b-false', 'change', 'landuse-a', 'landuse-b'] as const;
type Suffix = (typeof SUFFIXES)[number];

/** `{jobId}:{suffix}` → parts; null when it is not of that shape. */
export function parseDatasetId(id: string): { jobId: string; suffix: Suffix } | null {
  const i = id.lastIndexOf(':');
  if (i <= 0) return null;
  const suffix = id.slice(i + 1);
  return (SUFFIXES as readonly string[]).includes(suffix) ? { jobId: id.slice(0, i), suffix: suffix as Suffix } : null;
}

function imageryStyles(bandCount: number): { rgb: [number, number, number]; falseColor: [number, number, number] | null } {
  const r = defaultBandRoles(bandCount);
  const rgb: [number, number, number] =
    r.red !== undefined && r.green !== undefined && r.blue !== undefined ? [r.red, r.green, r.blue] : bandCount >= 3 ? [0, 1, 2] : [0, 0, 0];
  const falseColor: [number, number, number] | null = r.nir !== undefined && r.red !== undefined && r.green !== undefined ? [r.nir, r.red, r.green] : null;
  return { rgb, falseColor };
}

export function createTileService(opts: TileServiceOptions = {}): TileService {
  const cache = new LruCache<Buffer>(opts.cacheBytes ?? 64 * 1024 * 1024);
  const rasters = new Map<string, Promise<RasterLayer>>();
  const layers = new Map<string, Promise<TileLayer>>();
  const inflight = new Map<string, Promise<Buffer>>();
  const blocks = new BlockCache(opts.blockCacheBytes);

  function raster(path: string, bands: number[]): Promise<RasterLayer> {
    const key = `${path}\u0000${bands.join(',')}`;
    let p = rasters.get(key);
    if (!p) {
      p = openRasterLayer(path, bands);
      rasters.set(key, p);
      p.catch(() => rasters.delete(key));
    }
    return p;
  }

  async function imageryLayer(id: string, title: string, path: string, falseColor: boolean): Promise<TileLayer> {
    const probe = await raster(path, [0]);
    const st = imageryStyles(probe.source.bands);
    const all = [...new Set([...st.rgb, ...(st.falseColor ?? [])])].sort((a, b) => a - b);
    const r = await raster(path, all);
    if (falseColor && st.falseColor === null) throw new ReportError('E_REPORT_DATASET', `${id}: ${path} has no NIR band for false colour`, { file: path });
    return { id, title, raster: r, style: { kind: 'rgb', bands: falseColor ? st.falseColor! : st.rgb }, role: 'imagery' };
  }

  async function paletteLayer(id: string, title: string, path: string, palette: Uint8Array, role: TileLayer['role']): Promise<TileLayer> {
    return { id, title, raster: await raster(path, [0]), style: { kind: 'palette', palette }, role };
  }

  async function buildJobLayer(jobId: string, suffix: Suffix): Promise<TileLayer> {
    if (!opts.store) throw new ReportError('E_REPORT_JOB', `no store: cannot look up job ${jobId}`, { jobId });
    const job = await opts.store.jobs.get(jobId);
    if (job === null) throw new ReportError('E_REPORT_JOB', `job ${jobId} does not exist`, { jobId });
    const f = jobFiles(job);
    const id = `${jobId}:${suffix}`;
    const missing = () => new ReportError('E_REPORT_DATASET', `${id}: the job has no such raster`, { jobId, dataset: id });
    switch (suffix) {
      case 'a':
        return imageryLayer(id, 'Epoch A', f.epochA, false);
      case 'a-false':
        return imageryLayer(id, 'Epoch A (false colour)', f.epochA, true);
      case 'b':
        return imageryLayer(id, 'Epoch B', f.epochB, false);
      case 'b-false':
        return imageryLayer(id, 'Epoch B (false colour)', f.epochB, true);
      case 'change':
        if (f.change === null) throw missing();
        return paletteLayer(id, 'Change', f.change, CHANGE_PALETTE, 'change');
      case 'landuse-a':
        if (f.landuseA === null) throw missing();
        return paletteLayer(id, 'Land use A', f.landuseA, LANDUSE_PALETTE, 'landuse');
      case 'landuse-b':
        if (f.landuseB === null) throw missing();
        return paletteLayer(id, 'Land use B', f.landuseB, LANDUSE_PALETTE, 'landuse');
    }
  }

  function layer(datasetId: string): Promise<TileLayer> {
    let p = layers.get(datasetId);
    if (p) return p;
    const parsed = parseDatasetId(datasetId);
    if (parsed === null) {
      return Promise.reject(new ReportError('E_REPORT_DATASET', `dataset "${datasetId}" is not {jobId}:{${SUFFIXES.join('|')}}`, { dataset: datasetId }));
    }
    p = buildJobLayer(parsed.jobId, parsed.suffix);
    layers.set(datasetId, p);
    p.catch(() => layers.delete(datasetId));
    return p;
  }

  function info(l: TileLayer): TileLayerInfo {
    return { id: l.id, title: l.title, role: l.role, boundsLonLat: l.raster.boundsLonLat, ...zoomRange(l.raster) };
  }

  return {
    async jobLayers(jobId) {
      const out: TileLayerInfo[] = [];
      for (const s of SUFFIXES) {
        try {
          out.push(info(await layer(`${jobId}:${s}`)));
        } catch (err) {
          if (err instanceof ReportError && err.code === 'E_REPORT_DATASET') continue;
          throw err;
        }
      }
      return out;
    },
    layer,
    async tileJson(datasetId, urlTemplate) {
      const l = await layer(datasetId);
      const { minzoom, maxzoom } = zoomRange(l.raster);
      const b = l.raster.boundsLonLat;
      return {
        tilejson: '3.0.0',
        name: l.title,
        tiles: [urlTemplate],
        minzoom,
        maxzoom,
        bounds: b,
        center: [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2, Math.max(minzoom, l.raster.nativeZoom - 2)],
        scheme: 'xyz',
        nativezoom: l.raster.nativeZoom,
      };
    },
    async tilePng(datasetId, z, x, y) {
      if (!isValidTile(z, x, y)) throw new ReportError('E_REPORT_TILE', `tile ${z}/${x}/${y} is not in the Web Mercator grid`, { dataset: datasetId, tile: `${z}/${x}/${y}` });
      const l = await layer(datasetId);
      const key = `${datasetId}/${z}/${x}/${y}`;
      const hit = cache.get(key);
      if (hit) return hit;
      let p = inflight.get(key);
      if (!p) {
        p = (async () => {
          const rgba = await renderTileRgba(l, z, x, y, undefined, blocks);
          const png = rgba === null ? await emptyTilePng() : await encodePng(rgba, TILE_PX, TILE_PX);
          cache.set(key, png);
          return png;
        })();
        inflight.set(key, p);
        p.finally(() => inflight.delete(key)).catch(() => {});
      }
      return p;
    },
    async addFileLayer(id, path, style) {
      const probe = await raster(path, [0]);
      let kind = style;
      if (kind === 'auto') {
        kind = isChangeRaster(probe.source.gdalMetadata) ? 'change' : probe.source.bands >= 3 ? 'rgb' : probe.source.sampleType === 'uint8' ? 'landuse' : 'rgb';
      }
      const p =
        kind === 'rgb' || kind === 'false'
          ? imageryLayer(id, id, path, kind === 'false')
          : paletteLayer(id, id, path, kind === 'change' ? CHANGE_PALETTE : LANDUSE_PALETTE, kind === 'change' ? 'change' : 'landuse');
      layers.set(id, p);
      return p;
    },
    blocks,
    cacheStats: () => ({ hits: cache.hits, misses: cache.misses, tiles: cache.size, bytes: cache.byteSize }),
  };
}

/** Zooms worth requesting: from the one where the raster spans about a tile to 3 past native. */
export function zoomRange(r: RasterLayer): { minzoom: number; maxzoom: number } {
  const spanTiles = Math.log2(Math.max(r.source.width, r.source.height) / TILE_PX);
  return { minzoom: Math.max(0, r.nativeZoom - Math.ceil(Math.max(0, spanTiles)) - 1), maxzoom: Math.min(MAX_ZOOM, r.nativeZoom + 3) };
}

export type { TileStyle };
export { styleBands };

/** change.tif (and the sample's truth.tif) carry the change legend in their GDAL metadata. */
function isChangeRaster(gdalMetadata: string | null): boolean {
  return gdalMetadata !== null && (gdalMetadata.includes('no_change') || gdalMetadata.includes('change legend'));
}
