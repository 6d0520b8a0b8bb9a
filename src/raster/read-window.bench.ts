import path from 'node:path';
import { fromFile } from 'geotiff';
import { bench, describe } from 'vitest';
import { openRaster } from './open-raster.ts';
import { planWindowRead } from './plan-window-read.ts';
import { executeWindowRead } from './read-window.ts';
import { dataDir, hasData } from './testing/test-data.ts';

/**
 * Whole-raster decode: our reader vs geotiff.js readRasters, on the shared data (deflate + predictor 2
 * pixel-interleaved Landsat, LZW palette land cover, deflate + predictor 3 float NDVI). Compare with GDAL:
 *   python3 -c 'from osgeo import gdal; ...ds.ReadRaster()' on the same files (see the reader's report).
 * Run: npx vitest bench src/raster/read-window.bench.ts
 */
const files = [
  'real/nanjing/nanjing_2000.tif',
  'real/newguinea_landcover/landcover_2001.tif',
  'gdal-autotest/tiff/gen_taizhou2000_ndvi_float32_deflate_pred3_tiled256.tif',
];

let sink = 0;
for (const file of hasData ? files : []) {
  const p = path.join(dataDir, file);
  describe(file, async () => {
    const src = await openRaster(p);
    const req = planWindowRead(src, { x: 0, y: 0, width: src.width, height: src.height });
    bench('landwatch executeWindowRead', async () => {
      const out = await executeWindowRead(req);
      sink += out[0][out[0].length >> 1];
    }, { warmupIterations: 5, iterations: 20 });
    bench('geotiff.js readRasters', async () => {
      const tiff = await fromFile(p);
      const rasters = await (await tiff.getImage()).readRasters();
      sink += Number((rasters[0] as ArrayLike<number>)[0]);
      await tiff.close();
    }, { warmupIterations: 2, iterations: 5 });
  });
}
export { sink };
