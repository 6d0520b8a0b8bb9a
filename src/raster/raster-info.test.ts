import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeBandStats } from './band-stats.ts';
import { openRaster } from './open-raster.ts';
import { formatRasterInfo, rasterInfo } from './raster-info.ts';
import { dataDir, hasData } from './testing/test-data.ts';

describe.skipIf(!hasData)('rasterInfo', () => {
  it('describes a tiled, pixel-interleaved Landsat scene like gdalinfo', async () => {
    const info = rasterInfo(await openRaster(path.join(dataDir, 'real/taizhou/taizhou_2000.tif')));
    expect(info).toMatchObject({
      width: 400, height: 400, bandCount: 6, dtype: 'uint8', compression: 'DEFLATE', predictor: 2,
      tiling: { tiled: true, blockWidth: 256, blockHeight: 256 }, planar: 'pixel', nodata: null, epsg: 32651,
      geographic: false, geotransform: [203325, 30, 0, 3604935, 0, -30], pixelSize: { x: 30, y: 30 },
      bounds: { minX: 203325, minY: 3604935 - 12000, maxX: 203325 + 12000, maxY: 3604935 }, overviews: [],
      bigTiff: false, byteOrder: 'little', colorTable: false,
    });
    expect(info.bands).toHaveLength(6);
    expect(JSON.parse(JSON.stringify(info))).toEqual(info); // plain JSON
  });

  it('keeps NaN nodata through JSON as "nan"', async () => {
    const info = rasterInfo(await openRaster(path.join(dataDir, 'gdal-autotest/tiff/nan32_nodata.tif')));
    expect(info.nodata).toBe('nan');
    expect(JSON.parse(JSON.stringify(info)).bands[0].nodata).toBe('nan');
  });

  it('formats text naming size, compression, CRS and bands', async () => {
    const text = formatRasterInfo(rasterInfo(await openRaster(path.join(dataDir, 'gdal-autotest/tiff/separate_tiled.tif'))));
    expect(text).toContain('35 × 37, 3 bands of uint8');
    expect(text).toContain('compression PACKBITS');
    expect(text).toContain('big-endian');
    expect(text).toContain('Georeferencing: none');
    expect(text).toContain('Band 3: uint8');
  });
});

describe.skipIf(!hasData)('computeBandStats', () => {
  it('matches GDAL ComputeStatistics on the Taizhou 2000 bands', async () => {
    const ref = JSON.parse(readFileSync(path.join(dataDir, 'real/reference.json'), 'utf8'));
    const src = await openRaster(path.join(dataDir, 'real/taizhou/taizhou_2000.tif'));
    const stats = await computeBandStats(src);
    ref.imagery.taizhou.date1_gdal_ComputeStatistics.forEach(([min, max, mean, std]: number[], b: number) => {
      expect([stats[b].min, stats[b].max]).toEqual([min, max]);
      expect(stats[b].mean).toBeCloseTo(mean, 9);
      expect(stats[b].std).toBeCloseTo(std, 9);
      expect(stats[b].validCount).toBe(160000);
    });
    const info = rasterInfo(src, stats);
    expect(info.bands[0]).toMatchObject({ index: 1, min: 87, max: 183 });
    expect(formatRasterInfo(info)).toContain('mean 99.111188');
  });

  it('skips nodata and NaN (NDVI with NaN nodata; check_area with -32768)', async () => {
    const corpus = JSON.parse(readFileSync(path.join(dataDir, 'gdal-autotest/corpus.json'), 'utf8'));
    const name = 'tiff/gen_taizhou2000_ndvi_float32_deflate_pred3_tiled256.tif';
    const f = corpus.files.find((x: { file: string }) => x.file === name);
    const [ndvi] = await computeBandStats(await openRaster(path.join(dataDir, 'gdal-autotest', name)));
    expect([ndvi.min, ndvi.max]).toEqual([f.bands[0].min, f.bands[0].max]);
    expect(ndvi.validCount).toBe(400 * 400 - 64);
    // gdalinfo -mm: Computed Min/Max=0.000,1059.000 (corpus.json's min counts the nodata value)
    const [area] = await computeBandStats(await openRaster(path.join(dataDir, 'gdal-autotest/polygonize_check_area.tif')));
    expect([area.min, area.max]).toEqual([0, 1059]);
  });
});
