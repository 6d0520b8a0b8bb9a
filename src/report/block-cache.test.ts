import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { executeWindowRead, openRaster, planWindowRead } from '../raster/index.ts';
import { mulberry32 } from '../util/prng.ts';
import { BlockCache } from './block-cache.ts';

const dataDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..', '../shared/data');

describe.skipIf(!existsSync(dataDir))('BlockCache.read', () => {
  it.each([
    'gdal-autotest/tiff/gen_check_area_int16_deflate_pred2_tiled256.tif', // tiles, partial edge tiles
    'gdal-autotest/polygonize_check_area.tif', // strips of 8 rows
    'real/taizhou/taizhou_2003.tif', // 6 bands
  ])('%s: equals a direct window read, and reuses blocks', async (file) => {
    const src = await openRaster(path.join(dataDir, file));
    const cache = new BlockCache();
    const rnd = mulberry32(12);
    const bands = src.bands > 2 ? [2, 0] : [0];
    for (let k = 0; k < 6; k++) {
      const x = Math.floor(rnd() * (src.width - 1));
      const y = Math.floor(rnd() * (src.height - 1));
      const w = { x, y, width: 1 + Math.floor(rnd() * Math.min(300, src.width - x)), height: 1 + Math.floor(rnd() * Math.min(300, src.height - y)) };
      const ours = await cache.read(src, w, bands);
      const ref = await executeWindowRead(planWindowRead(src, w, bands));
      expect(ours.map((a) => [...a]), JSON.stringify(w)).toEqual(ref.map((a) => [...a]));
    }
    const edge = { x: src.width - 5, y: src.height - 3, width: 5, height: 3 };
    expect((await cache.read(src, edge, bands)).map((a) => [...a])).toEqual((await executeWindowRead(planWindowRead(src, edge, bands))).map((a) => [...a]));
    const before = cache.stats().misses;
    await cache.read(src, edge, bands);
    expect(cache.stats().misses).toBe(before);
  });
});
