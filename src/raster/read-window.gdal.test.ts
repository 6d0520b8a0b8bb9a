import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../util/prng.ts';
import { openRaster } from './open-raster.ts';
import type { PixelArray, PixelWindow } from './raster-types.ts';
import { readWindow } from './read-window.ts';
import { dataDir, gdal, hasData, hasGdal } from './testing/test-data.ts';

/**
 * GDAL as the oracle: `gdal_translate -of ENVI` writes a window's raw pixels band-sequential in native
 * byte order, which is exactly what readWindow returns, band after band.
 */
const tmp = mkdtempSync(path.join(tmpdir(), 'landwatch-gdal-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let seq = 0;
function gdalRaw(file: string, w?: PixelWindow): Buffer {
  const out = path.join(tmp, `oracle-${seq++}.raw`);
  const win = w ? ['-srcwin', String(w.x), String(w.y), String(w.width), String(w.height)] : [];
  gdal('gdal_translate', ['-q', '-of', 'ENVI', '-co', 'INTERLEAVE=BSQ', ...win, file, out]);
  return readFileSync(out);
}

function ourRaw(bands: PixelArray[]): Buffer {
  return Buffer.concat(bands.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength)));
}

const run = hasData && hasGdal;

describe.skipIf(!run)('readWindow vs gdal_translate -srcwin (GDAL oracle)', () => {
  const files = [
    'gdal-autotest/tiff/gen_check_area_int16_deflate_pred2_tiled256.tif', // tiled, partial edge tiles
    'gdal-autotest/polygonize_check_area.tif', // strips of 8 rows, LZW + predictor 2
    'gdal-autotest/tiff/gen_rgbsmall_lzw_band_tiled16.tif', // planar
    'gdal-autotest/tiff/gen_taizhou2000_ndvi_float32_deflate_pred3_tiled256.tif', // predictor 3
    'real/taizhou/taizhou_2003.tif', // 6-band pixel interleaved
  ];
  it.each(files)('%s: a corner window and 2 seeded windows', async (file) => {
    const p = path.join(dataDir, file);
    const src = await openRaster(p);
    const rnd = mulberry32(20240601);
    const windows: PixelWindow[] = [{ x: src.width - 7, y: src.height - 5, width: 7, height: 5 }];
    for (let k = 0; k < 2; k++) {
      const x = Math.floor(rnd() * (src.width - 1));
      const y = Math.floor(rnd() * (src.height - 1));
      windows.push({ x, y, width: 1 + Math.floor(rnd() * (src.width - x)), height: 1 + Math.floor(rnd() * (src.height - y)) });
    }
    for (const w of windows) {
      expect(ourRaw(await readWindow(p, w)).equals(gdalRaw(p, w)), JSON.stringify(w)).toBe(true);
    }
  });
});

/** Variants of a crop of a real Landsat scene, written by GDAL: layouts, codecs, predictors, types, byte orders. */
const VARIANTS: Array<[string, string[]]> = [
  ['tiled64 deflate pred2 pixel', ['-co', 'TILED=YES', '-co', 'BLOCKXSIZE=64', '-co', 'BLOCKYSIZE=64', '-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=2', '-co', 'INTERLEAVE=PIXEL']],
  ['strip7 lzw pred2 band', ['-co', 'BLOCKYSIZE=7', '-co', 'COMPRESS=LZW', '-co', 'PREDICTOR=2', '-co', 'INTERLEAVE=BAND']],
  ['tiled32 none band', ['-co', 'TILED=YES', '-co', 'BLOCKXSIZE=32', '-co', 'BLOCKYSIZE=32', '-co', 'INTERLEAVE=BAND']],
  ['strip packbits pixel', ['-co', 'COMPRESS=PACKBITS', '-co', 'INTERLEAVE=PIXEL']],
  ['bigtiff tiled deflate', ['-co', 'BIGTIFF=YES', '-co', 'TILED=YES', '-co', 'COMPRESS=DEFLATE']],
  ['signed byte lzw', ['-co', 'PIXELTYPE=SIGNEDBYTE', '-co', 'COMPRESS=LZW', '-co', 'PREDICTOR=2']],
  ['uint16 lzw pred2 tiled32', ['-ot', 'UInt16', '-scale', '0', '255', '0', '65535', '-co', 'TILED=YES', '-co', 'BLOCKXSIZE=32', '-co', 'BLOCKYSIZE=32', '-co', 'COMPRESS=LZW', '-co', 'PREDICTOR=2']],
  ['uint16 big-endian deflate pred2 pixel', ['-ot', 'UInt16', '-scale', '0', '255', '0', '65535', '-co', 'ENDIANNESS=BIG', '-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=2', '-co', 'INTERLEAVE=PIXEL']],
  ['int16 deflate pred2 strip9', ['-ot', 'Int16', '-scale', '0', '255', '-32000', '32000', '-co', 'BLOCKYSIZE=9', '-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=2']],
  ['uint32 deflate pred2 tiled', ['-ot', 'UInt32', '-scale', '0', '255', '0', '4000000000', '-co', 'TILED=YES', '-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=2']],
  ['int32 lzw pred2 band', ['-ot', 'Int32', '-scale', '0', '255', '-2000000000', '2000000000', '-co', 'COMPRESS=LZW', '-co', 'PREDICTOR=2', '-co', 'INTERLEAVE=BAND']],
  ['int32 big-endian none', ['-ot', 'Int32', '-scale', '0', '255', '-2000000000', '2000000000', '-co', 'ENDIANNESS=BIG']],
  ['float32 deflate pred3 tiled48 pixel', ['-ot', 'Float32', '-scale', '0', '255', '-1.5', '2.7', '-co', 'TILED=YES', '-co', 'BLOCKXSIZE=48', '-co', 'BLOCKYSIZE=48', '-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=3', '-co', 'INTERLEAVE=PIXEL']],
  ['float32 lzw pred3 band strip', ['-ot', 'Float32', '-scale', '0', '255', '-1.5', '2.7', '-co', 'COMPRESS=LZW', '-co', 'PREDICTOR=3', '-co', 'INTERLEAVE=BAND']],
  ['float32 big-endian deflate pred3', ['-ot', 'Float32', '-scale', '0', '255', '-1.5', '2.7', '-co', 'ENDIANNESS=BIG', '-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=3']],
  ['float32 big-endian lzw pred2', ['-ot', 'Float32', '-scale', '0', '255', '-1.5', '2.7', '-co', 'ENDIANNESS=BIG', '-co', 'COMPRESS=LZW', '-co', 'PREDICTOR=2']],
  ['float64 deflate pred3 pixel', ['-ot', 'Float64', '-scale', '0', '255', '-1e10', '3.3e10', '-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=3', '-co', 'INTERLEAVE=PIXEL']],
  ['float64 big-endian lzw pred2 tiled', ['-ot', 'Float64', '-scale', '0', '255', '-1e10', '3.3e10', '-co', 'ENDIANNESS=BIG', '-co', 'TILED=YES', '-co', 'COMPRESS=LZW', '-co', 'PREDICTOR=2']],
];

describe.skipIf(!run)('readWindow vs GDAL on generated variants of a real scene', () => {
  it.each(VARIANTS)('%s: whole raster identical to GDAL raw output', async (name, options) => {
    const source = path.join(dataDir, 'real/taizhou/taizhou_2000.tif');
    const p = path.join(tmp, `${name.replace(/\W+/g, '-')}.tif`);
    // an odd-sized crop: partial edge tiles and a short last strip
    gdal('gdal_translate', ['-q', '-srcwin', '37', '11', '203', '151', ...options, source, p]);
    const src = await openRaster(p);
    expect([src.width, src.height, src.bands]).toEqual([203, 151, 6]);
    const whole = await readWindow(p, { x: 0, y: 0, width: src.width, height: src.height });
    expect(ourRaw(whole).equals(gdalRaw(p))).toBe(true);
  });
});
