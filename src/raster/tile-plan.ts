import type { PixelWindow } from './raster-types.ts';
import { RasterError } from './raster-error.ts';

export interface PlannedTile {
  /** stable id: row-major index in the tile grid */
  id: number;
  col: number;
  row: number;
  /** the pixels this tile owns (results are written for these only) */
  core: PixelWindow;
  /** core grown by the halo and clipped to the raster: the pixels the tile must read */
  read: PixelWindow;
}

export interface TilePlan {
  width: number;
  height: number;
  tileSizePx: number;
  haloPx: number;
  cols: number;
  rows: number;
  tiles: PlannedTile[];
}

export interface TilePlanOptions {
  tileSizePx: number;
  haloPx?: number;
  /**
   * Source block size. When the tile size is not a multiple of it, the tile size is rounded down to one
   * (if that keeps ≥ 3/4 of the request), so that with halo 0 no block is decoded for two tiles.
   * A request far from a multiple (e.g. 777 over 512-px blocks) is kept as asked.
   */
  blockWidth?: number;
  blockHeight?: number;
}

/** Row-major grid of tiles over a width×height raster, clipped at the edges. */
export function planTiles(width: number, height: number, opts: TilePlanOptions): TilePlan {
  const haloPx = opts.haloPx ?? 0;
  if (!(width > 0 && height > 0)) {
    throw new RasterError('E_RASTER_DIMENSIONS', `cannot plan tiles over a ${width}×${height} raster`);
  }
  if (!Number.isInteger(opts.tileSizePx) || opts.tileSizePx < 16) {
    throw new RasterError('E_RASTER_DIMENSIONS', `tile size must be an integer ≥ 16 px, got ${opts.tileSizePx}`);
  }
  if (!Number.isInteger(haloPx) || haloPx < 0) {
    throw new RasterError('E_RASTER_DIMENSIONS', `halo must be a non-negative integer, got ${haloPx}`);
  }
  const tileSizePx = alignToBlocks(opts.tileSizePx, opts.blockWidth, opts.blockHeight);
  const cols = Math.ceil(width / tileSizePx);
  const rows = Math.ceil(height / tileSizePx);
  const tiles: PlannedTile[] = [];
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < cols; col++) {
      const x = col * tileSizePx;
      const y = row * tileSizePx;
      const core = { x, y, width: Math.min(tileSizePx, width - x), height: Math.min(tileSizePx, height - y) };
      tiles.push({ id: row * cols + col, col, row, core, read: growWindow(core, haloPx, width, height) });
    }
  }
  return { width, height, tileSizePx, haloPx, cols, rows, tiles };
}

/** Grows a window by `by` pixels on every side, clipped to the raster. */
export function growWindow(w: PixelWindow, by: number, width: number, height: number): PixelWindow {
  const x0 = Math.max(0, w.x - by);
  const y0 = Math.max(0, w.y - by);
  const x1 = Math.min(width, w.x + w.width + by);
  const y1 = Math.min(height, w.y + w.height + by);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

function alignToBlocks(size: number, bw?: number, bh?: number): number {
  if (!bw || !bh || bw !== bh || bw >= size) return size;
  if (size % bw === 0) return size;
  const aligned = Math.floor(size / bw) * bw;
  return aligned * 4 >= size * 3 ? aligned : size;
}
