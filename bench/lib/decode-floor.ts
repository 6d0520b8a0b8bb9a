import { fromFile } from 'geotiff';
import { openRaster, planWindowRead, type WindowRead } from '../../src/raster/index.ts';
import { TilePool } from '../../src/pool/tile-pool.ts';
import type { TaskMap } from '../../src/pool/messages.ts';

/** Keeps V8 from dropping decoded pixels nobody looks at. */
export let sink = 0;

export interface ReadFigures {
  ms: number;
  /** pixels decoded (all files), each counted once whatever its band count */
  pixels: number;
  mpxPerS: number;
  [key: string]: number;
}

/** One WindowRead per source block (all bands), for every file: the pool decodes each block exactly once. */
export async function planBlockReads(paths: readonly string[]): Promise<{ reads: WindowRead[]; pixels: number }> {
  const reads: WindowRead[] = [];
  let pixels = 0;
  for (const p of paths) {
    const src = await openRaster(p);
    pixels += src.width * src.height;
    for (let by = 0; by < src.blocksDown; by++) {
      for (let bx = 0; bx < src.blocksAcross; bx++) {
        const x = bx * src.blockWidth;
        const y = by * src.blockHeight;
        const w = Math.min(src.blockWidth, src.width - x);
        const h = Math.min(src.blockHeight, src.height - y);
        reads.push(planWindowRead(src, { x, y, width: w, height: h }));
      }
    }
  }
  return { reads, pixels };
}

/**
 * The decode floor: every block of every file decoded on the pool (`decode` task), `inFlight` blocks at a
 * time (default 2 per worker), results moved back and dropped. No pass of the pipeline can be faster.
 */
export async function decodeOnPool(pool: TilePool<TaskMap>, reads: readonly WindowRead[], pixels: number, inFlight = pool.workers * 2): Promise<ReadFigures> {
  const t0 = performance.now();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < reads.length) {
      const r = await pool.run('decode', { read: reads[next++] });
      const b = r.bands[0];
      sink += b[b.length >> 1];
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, reads.length) }, lane));
  const ms = performance.now() - t0;
  return { ms, pixels, mpxPerS: pixels / 1e3 / ms };
}

/** The naive baseline: geotiff.js `readRasters()` of each whole file on the main thread, no pool. */
export async function readRastersNaive(paths: readonly string[]): Promise<ReadFigures> {
  const t0 = performance.now();
  let pixels = 0;
  for (const p of paths) {
    const tiff = await fromFile(p);
    const image = await tiff.getImage();
    const rasters = await image.readRasters();
    pixels += image.getWidth() * image.getHeight();
    sink += Number((rasters[0] as ArrayLike<number>)[rasters.width >> 1]);
    await tiff.close();
  }
  const ms = performance.now() - t0;
  return { ms, pixels, mpxPerS: pixels / 1e3 / ms };
}
