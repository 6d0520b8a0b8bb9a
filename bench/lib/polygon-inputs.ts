import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { openRaster, readWindow, writeTiff } from '../../src/raster/index.ts';
import { mulberry32 } from '../../src/util/prng.ts';
import { cacheRoot } from './sample-cache.ts';
import { runOursDetect } from './ours-detect.ts';

/** Same grid as the sample scene (CGCS2000 / GK CM 120E, 2 m pixels), so GeoJSON coordinates look real. */
const GEO = { epsg: 4549, geoTransform: [480000, 2, 0, 3470000, 0, -2] as [number, number, number, number, number, number] };

/**
 * Worst case for vectorisers: seeded per-pixel noise, 30 % background (0) and three classes, so 4-connected
 * patches are tiny and many (about 0.38 patches per pixel: 512² gives 100 553, 1024² ≈ 4·10⁵).
 * uint8, nodata 0, cached by size and seed.
 */
export async function noiseRaster(size: number, seed: number, cache: string | null): Promise<string> {
  const dir = join(cacheRoot(cache), 'polygons');
  const file = join(dir, `noise-${size}-${seed}.tif`);
  if (existsSync(file)) return file;
  await mkdir(dir, { recursive: true });
  const rnd = mulberry32(seed);
  const px = new Uint8Array(size * size);
  for (let i = 0; i < px.length; i++) {
    const r = rnd();
    px[i] = r < 0.3 ? 0 : 1 + Math.floor(((r - 0.3) / 0.7) * 3);
  }
  await writeTiff(file, { width: size, height: size, bands: 1, sampleType: 'uint8', tileSize: 512, compression: 'deflate', predictor: 2, nodata: 0, geographic: false, overviews: [], ...GEO }, [px]);
  return file;
}

/**
 * The sample's change raster with background (0) and nodata (255) both written as 0 = nodata, so that
 * gdal_polygonize (nodata mask) and we (0 = background) vectorise exactly the changed pixels. Made once by
 * running our detect (default cleanup: --open 1 --close 1) on the cached sample.
 */
export async function sampleChangeRaster(epochA: string, epochB: string, size: number, seed: number, cache: string | null): Promise<string> {
  const dir = join(cacheRoot(cache), 'polygons');
  const file = join(dir, `changes-${size}-${seed}.tif`);
  if (existsSync(file)) return file;
  await mkdir(dir, { recursive: true });
  const run = await runOursDetect(epochA, epochB, { workers: null, mmuM2: 400, openPx: 1, closePx: 1, keep: true });
  const change = join(run.outDir, 'change.tif');
  const src = await openRaster(change);
  const codes = (await readWindow(change, { x: 0, y: 0, width: src.width, height: src.height }))[0] as Uint8Array;
  for (let i = 0; i < codes.length; i++) if (codes[i] === 255) codes[i] = 0;
  await writeTiff(file, {
    width: src.width, height: src.height, bands: 1, sampleType: 'uint8', tileSize: 512, compression: 'deflate', predictor: 2, nodata: 0,
    geographic: false, overviews: [], epsg: src.geo.epsg ?? GEO.epsg, geoTransform: src.geo.geoTransform ?? GEO.geoTransform,
  }, [codes]);
  await rm(run.outDir, { recursive: true, force: true });
  return file;
}
