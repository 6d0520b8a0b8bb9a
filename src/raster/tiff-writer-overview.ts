import type { PixelArray } from './raster-types.ts';
import type { LevelGeometry, WriterPlan } from './tiff-writer-options.ts';
import { axisMap, RESAMPLERS, type AxisMap, type ResampleArgs } from './tiff-writer-resample.ts';
import type { Spool } from './tiff-writer-spool.ts';
import type { TileCodec, TileScratch } from './tiff-writer-tile-codec.ts';

/** Where each tile of one level sits in the spool (row-major tile index). */
export interface LevelTiles {
  geom: LevelGeometry;
  offsets: Float64Array;
  counts: Uint32Array;
}

export function emptyLevelTiles(geom: LevelGeometry): LevelTiles {
  const n = geom.tilesAcross * geom.tilesDown;
  return { geom, offsets: new Float64Array(n), counts: new Uint32Array(n) };
}

/** Decoded source tiles kept for neighbouring destination tiles (entries are dropped, never recycled). */
const SOURCE_CACHE = 8;

/** Inclusive range of tiles along one axis. */
interface TileSpan {
  lo: number;
  hi: number;
}

/**
 * Builds the tiles of one overview level from the level below (GDAL cascades levels the same way), one
 * destination tile at a time: decode the few source tiles it covers, gather them into a window, resample,
 * compress. Also answers which source tiles a destination tile needs and the reverse, so tiles can be built
 * as soon as their sources exist. Memory: O(tile × (factor + 1)²) plus a few cached source tiles.
 */
export class OverviewTileBuilder {
  private readonly mapX: AxisMap;
  private readonly mapY: AxisMap;
  private readonly values: Float64Array;
  /** decoded source tiles by index, with the spool offset they were read from (a rewrite moves the offset) */
  private readonly cache = new Map<number, { offset: number; tile: TileScratch }>();
  /** per source tile column / row: the destination tile columns / rows whose windows include it */
  private readonly dependentCols: TileSpan[];
  private readonly dependentRows: TileSpan[];

  constructor(
    private readonly plan: WriterPlan,
    private readonly codec: TileCodec,
    private readonly spool: Spool,
    readonly source: LevelTiles,
    readonly dst: LevelGeometry,
  ) {
    const src = source.geom;
    this.mapX = axisMap(src.width, dst.width, plan.resampling);
    this.mapY = axisMap(src.height, dst.height, plan.resampling);
    let spanX = 1;
    for (let i = 0; i < dst.width; i++) spanX = Math.max(spanX, this.mapX.end[i] - this.mapX.start[i]);
    let spanY = 1;
    for (let i = 0; i < dst.height; i++) spanY = Math.max(spanY, this.mapY.end[i] - this.mapY.start[i]);
    this.values = new Float64Array(spanX * spanY);
    this.dependentCols = invert(dst.tilesAcross, src.tilesAcross, (tc) => this.sourceCols(tc));
    this.dependentRows = invert(dst.tilesDown, src.tilesDown, (tr) => this.sourceRows(tr));
  }

  /** How many source tiles destination tile (tc, tr) reads. */
  sourceCount(tc: number, tr: number): number {
    const c = this.sourceCols(tc);
    const r = this.sourceRows(tr);
    return (c.hi - c.lo + 1) * (r.hi - r.lo + 1);
  }

  /** Destination tile indices that read source tile `index`. */
  dependents(index: number): number[] {
    const sc = index % this.source.geom.tilesAcross;
    const sr = (index - sc) / this.source.geom.tilesAcross;
    const cols = this.dependentCols[sc];
    const rows = this.dependentRows[sr];
    const out: number[] = [];
    for (let r = rows.lo; r <= rows.hi; r++) for (let c = cols.lo; c <= cols.hi; c++) out.push(r * this.dst.tilesAcross + c);
    return out;
  }

  /** Whether every source tile of destination tile `index` is in the spool. */
  sourcesReady(index: number): boolean {
    const tc = index % this.dst.tilesAcross;
    const tr = (index - tc) / this.dst.tilesAcross;
    const cols = this.sourceCols(tc);
    const rows = this.sourceRows(tr);
    for (let r = rows.lo; r <= rows.hi; r++) {
      for (let c = cols.lo; c <= cols.hi; c++) if (this.source.counts[r * this.source.geom.tilesAcross + c] === 0) return false;
    }
    return true;
  }

  /** A source tile changed: drop its decoded copy. */
  forget(index: number): void {
    this.cache.delete(index);
  }

  /** Resamples destination tile `index` from the spooled source tiles and compresses it. */
  async build(index: number): Promise<Buffer> {
    const { plan } = this;
    const t = plan.tileSize;
    const spp = plan.bands;
    const tc = index % this.dst.tilesAcross;
    const tr = (index - tc) / this.dst.tilesAcross;
    const dx0 = tc * t;
    const dy0 = tr * t;
    const dx1 = Math.min(this.dst.width, dx0 + t);
    const dy1 = Math.min(this.dst.height, dy0 + t);
    const wx0 = this.mapX.start[dx0];
    const wy0 = this.mapY.start[dy0];
    const winW = this.mapX.end[dx1 - 1] - wx0;
    const winH = this.mapY.end[dy1 - 1] - wy0;
    const cols = this.sourceCols(tc);
    const rows = this.sourceRows(tr);
    const tiles: TileScratch[] = [];
    for (let r = rows.lo; r <= rows.hi; r++) for (let c = cols.lo; c <= cols.hi; c++) tiles.push(await this.sourceTile(r * this.source.geom.tilesAcross + c));
    // gathered after every await, so the window only ever holds one consistent set of sources
    const window: PixelArray = new plan.sample.ctor(winW * winH * spp);
    let k = 0;
    for (let r = rows.lo; r <= rows.hi; r++) {
      for (let c = cols.lo; c <= cols.hi; c++) {
        const tile = tiles[k++];
        const ix0 = Math.max(wx0, c * t);
        const ix1 = Math.min(wx0 + winW, (c + 1) * t);
        const iy0 = Math.max(wy0, r * t);
        const iy1 = Math.min(wy0 + winH, (r + 1) * t);
        for (let y = iy0; y < iy1; y++) {
          const from = ((y - r * t) * t + (ix0 - c * t)) * spp;
          window.set(tile.pixels.subarray(from, from + (ix1 - ix0) * spp), ((y - wy0) * winW + (ix0 - wx0)) * spp);
        }
      }
    }
    const out = this.codec.acquire();
    if (dx1 - dx0 < t || dy1 - dy0 < t) out.bytes.fill(0);
    const args: ResampleArgs = {
      src: window, winW, wx0, wy0, dst: out.pixels, dstStride: t, dx0, dy0, dx1, dy1, spp,
      mapX: this.mapX, mapY: this.mapY, nodata: plan.nodata, roundInt: plan.sample.format !== 3, values: this.values,
    };
    RESAMPLERS[plan.resampling](args);
    return this.codec.encode(out);
  }

  private sourceCols(tc: number): TileSpan {
    return sourceSpan(this.mapX, tc, this.dst.width, this.plan.tileSize);
  }

  private sourceRows(tr: number): TileSpan {
    return sourceSpan(this.mapY, tr, this.dst.height, this.plan.tileSize);
  }

  private async sourceTile(index: number): Promise<TileScratch> {
    const offset = this.source.offsets[index];
    const hit = this.cache.get(index);
    if (hit !== undefined && hit.offset === offset) {
      this.cache.delete(index); // re-inserted: most recently used last
      this.cache.set(index, hit);
      return hit.tile;
    }
    const count = this.source.counts[index];
    if (count === 0) throw new Error(`overview source tile ${index} is not in the spool`);
    const bytes = await this.spool.read(offset, count, new Uint8Array(count));
    const tile: TileScratch = this.codec.acquire();
    await this.codec.decode(bytes, tile);
    this.cache.set(index, { offset, tile });
    if (this.cache.size > SOURCE_CACHE) this.cache.delete(this.cache.keys().next().value as number);
    return tile;
  }
}

function sourceSpan(map: AxisMap, dstTile: number, dstSize: number, t: number): TileSpan {
  const d0 = dstTile * t;
  const d1 = Math.min(dstSize, d0 + t);
  return { lo: Math.floor(map.start[d0] / t), hi: Math.floor((map.end[d1 - 1] - 1) / t) };
}

function invert(dstTiles: number, srcTiles: number, spanOf: (d: number) => TileSpan): TileSpan[] {
  const out = Array.from({ length: srcTiles }, () => ({ lo: Number.MAX_SAFE_INTEGER, hi: -1 }));
  for (let d = 0; d < dstTiles; d++) {
    const s = spanOf(d);
    for (let i = s.lo; i <= s.hi; i++) {
      out[i].lo = Math.min(out[i].lo, d);
      out[i].hi = Math.max(out[i].hi, d);
    }
  }
  return out;
}
