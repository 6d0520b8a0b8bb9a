import { labelTile } from '../kernels/label-tile.ts';
import { tileInputFromRaster, type ClassRaster } from '../kernels/label-tile-input.ts';
import { createStitcher, type StitchedPolygon } from './stitch-tiles.ts';

export interface PolygonizeOptions {
  connectivity?: 4 | 8;
  /** tile size in pixels (square tiles of a regular grid); default: one tile for the whole raster */
  tileSizePx?: number;
  /** tile arrival order at the stitcher, a permutation of the row-major tile indices (tests) */
  order?: number[];
}

/**
 * Polygonizes an in-memory class raster on the main thread: tiles → labelTile → stitcher. Same result as
 * the pooled pipeline; for tests, benchmarks and small rasters.
 */
export function polygonizeRaster(raster: ClassRaster, opts: PolygonizeOptions = {}): StitchedPolygon[] {
  const connectivity = opts.connectivity ?? 4;
  const { width: W, height: H } = raster;
  const ts = opts.tileSizePx ?? Math.max(W, H);
  const across = Math.ceil(W / ts);
  const down = Math.ceil(H / ts);
  const stitcher = createStitcher({ connectivity, rasterWidth: W, rasterHeight: H });
  const n = across * down;
  for (let k = 0; k < n; k++) {
    const t = opts.order === undefined ? k : opts.order[k];
    const x = (t % across) * ts;
    const y = Math.floor(t / across) * ts;
    const w = Math.min(ts, W - x);
    const h = Math.min(ts, H - y);
    const tc = labelTile(tileInputFromRaster(raster, x, y, w, h), { x0: x, y0: y, connectivity });
    stitcher.addTile({ x, y, width: w, height: h }, tc);
  }
  return stitcher.finish();
}
