import type { PixelArray } from './raster-types.ts';
import type { LevelGeometry, WriterPlan } from './tiff-writer-options.ts';
import { axisMap, RESAMPLERS, type ResampleArgs } from './tiff-writer-resample.ts';
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

const MAX_IN_FLIGHT = 4;

/**
 * Builds one overview level from the previous one (GDAL cascades levels the same way), one destination tile
 * at a time: decode the few source tiles it covers (kept in a small cache while neighbours need them),
 * gather them into a window, resample, compress and spool. Memory: O(tile × (factor + 1)²).
 */
export async function buildOverviewLevel(
  plan: WriterPlan,
  codec: TileCodec,
  spool: Spool,
  source: LevelTiles,
  dstGeom: LevelGeometry,
): Promise<LevelTiles> {
  const t = plan.tileSize;
  const spp = plan.bands;
  const src = source.geom;
  const out = emptyLevelTiles(dstGeom);
  const mapX = axisMap(src.width, dstGeom.width, plan.resampling);
  const mapY = axisMap(src.height, dstGeom.height, plan.resampling);
  const resample = RESAMPLERS[plan.resampling];
  let maxCount = 0;
  for (let i = 0; i < source.counts.length; i++) maxCount = Math.max(maxCount, source.counts[i]);
  const readBuf = new Uint8Array(maxCount);
  const cache = new Map<number, TileScratch>();
  let window: PixelArray = new plan.sample.ctor(0);
  let spanMax = 1;
  for (let i = 0; i < dstGeom.width; i++) spanMax = Math.max(spanMax, mapX.end[i] - mapX.start[i]);
  let spanMaxY = 1;
  for (let i = 0; i < dstGeom.height; i++) spanMaxY = Math.max(spanMaxY, mapY.end[i] - mapY.start[i]);
  const values = new Float64Array(spanMax * spanMaxY);
  const inFlight: Promise<void>[] = [];

  for (let tr = 0; tr < dstGeom.tilesDown; tr++) {
    for (let tc = 0; tc < dstGeom.tilesAcross; tc++) {
      const dx0 = tc * t;
      const dy0 = tr * t;
      const dx1 = Math.min(dstGeom.width, dx0 + t);
      const dy1 = Math.min(dstGeom.height, dy0 + t);
      const wx0 = mapX.start[dx0];
      const wy0 = mapY.start[dy0];
      const wx1 = mapX.end[dx1 - 1];
      const wy1 = mapY.end[dy1 - 1];
      const winW = wx1 - wx0;
      const winH = wy1 - wy0;
      const c0 = Math.floor(wx0 / t);
      const c1 = Math.floor((wx1 - 1) / t);
      const r0 = Math.floor(wy0 / t);
      const r1 = Math.floor((wy1 - 1) / t);
      for (const [key, tile] of cache) {
        const kc = key % src.tilesAcross;
        const kr = (key - kc) / src.tilesAcross;
        if (kc < c0 || kc > c1 || kr < r0 || kr > r1) {
          cache.delete(key);
          codec.release(tile);
        }
      }
      if (window.length < winW * winH * spp) window = new plan.sample.ctor(winW * winH * spp);
      for (let r = r0; r <= r1; r++) {
        for (let c = c0; c <= c1; c++) {
          const key = r * src.tilesAcross + c;
          let tile = cache.get(key);
          if (tile === undefined) {
            tile = codec.acquire();
            const bytes = await spool.read(source.offsets[key], source.counts[key], readBuf);
            await codec.decode(bytes, tile);
            cache.set(key, tile);
          }
          // copy the part of this source tile that lies in the window
          const ix0 = Math.max(wx0, c * t);
          const ix1 = Math.min(wx1, (c + 1) * t);
          const iy0 = Math.max(wy0, r * t);
          const iy1 = Math.min(wy1, (r + 1) * t);
          for (let y = iy0; y < iy1; y++) {
            const from = ((y - r * t) * t + (ix0 - c * t)) * spp;
            window.set(tile.pixels.subarray(from, from + (ix1 - ix0) * spp), ((y - wy0) * winW + (ix0 - wx0)) * spp);
          }
        }
      }
      const dst = codec.acquire();
      if (dx1 - dx0 < t || dy1 - dy0 < t) dst.bytes.fill(0);
      const args: ResampleArgs = {
        src: window, winW, wx0, wy0, dst: dst.pixels, dstStride: t, dx0, dy0, dx1, dy1, spp, mapX, mapY,
        nodata: plan.nodata, roundInt: plan.sample.format !== 3, values,
      };
      resample(args);
      const index = tr * dstGeom.tilesAcross + tc;
      const done = codec.encode(dst).then(async (compressed) => {
        out.offsets[index] = await spool.append(compressed);
        out.counts[index] = compressed.length;
      });
      // handled here so a failure while an older tile is awaited is not an unhandled rejection
      done.catch(() => undefined);
      inFlight.push(done);
      if (inFlight.length >= MAX_IN_FLIGHT) await inFlight.shift();
    }
  }
  await Promise.all(inFlight);
  for (const tile of cache.values()) codec.release(tile);
  return out;
}
