import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { encodePng } from './encode-png.ts';
import { renderTileRgba, TILE_PX } from './tile-layer.ts';
import type { TileService } from './tile-service.ts';
import { lonLatToTile } from './web-mercator.ts';

export interface TilePyramidOptions {
  minZoom: number;
  maxZoom: number;
  outDir: string;
  /** tiles rendered at once; default 4 */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface TilePyramidResult {
  /** PNG files written */
  written: number;
  /** tiles with no raster pixel, not written */
  empty: number;
  total: number;
}

/** Tile addresses covering a lon/lat box at zoom z. */
export function tilesCovering(bounds: readonly [number, number, number, number], z: number): Array<[number, number, number]> {
  const [x0, y0] = lonLatToTile(bounds[0], bounds[3], z);
  const [x1, y1] = lonLatToTile(bounds[2], bounds[1], z);
  const out: Array<[number, number, number]> = [];
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) out.push([z, x, y]);
  return out;
}

/**
 * Pre-renders a dataset's tiles for a zoom range into `outDir/{z}/{x}/{y}.png` plus a `tilejson.json`
 * with a relative tile URL, so the folder can be served by any static file server. Empty tiles are skipped.
 */
export async function writeTilePyramid(tiles: TileService, datasetId: string, opts: TilePyramidOptions): Promise<TilePyramidResult> {
  const layer = await tiles.layer(datasetId);
  const jobs: Array<[number, number, number]> = [];
  for (let z = opts.minZoom; z <= opts.maxZoom; z++) jobs.push(...tilesCovering(layer.raster.boundsLonLat, z));
  const res: TilePyramidResult = { written: 0, empty: 0, total: jobs.length };
  let next = 0;
  let done = 0;
  const worker = async () => {
    const rgba = new Uint8Array(TILE_PX * TILE_PX * 4);
    while (next < jobs.length) {
      const [z, x, y] = jobs[next++]!;
      const out = await renderTileRgba(layer, z, x, y, rgba, tiles.blocks);
      if (out === null) res.empty++;
      else {
        const dir = path.join(opts.outDir, String(z), String(x));
        await mkdir(dir, { recursive: true });
        await writeFile(path.join(dir, `${y}.png`), await encodePng(out, TILE_PX, TILE_PX));
        res.written++;
      }
      opts.onProgress?.(++done, jobs.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, worker));
  const tj = await tiles.tileJson(datasetId, '{z}/{x}/{y}.png');
  await mkdir(opts.outDir, { recursive: true });
  await writeFile(path.join(opts.outDir, 'tilejson.json'), `${JSON.stringify({ ...tj, minzoom: opts.minZoom, maxzoom: opts.maxZoom }, null, 2)}\n`);
  return res;
}
