import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openRaster, parseNodata } from './open-raster.ts';
import { RasterError } from './raster-error.ts';
import { basicTags, buildTiff, type TagSpec } from './testing/build-tiff.ts';
import { dataDir, gdal, hasData, hasGdal } from './testing/test-data.ts';

const tmp = mkdtempSync(path.join(tmpdir(), 'landwatch-open-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function write(name: string, bytes: Uint8Array): string {
  const p = path.join(tmp, name);
  writeFileSync(p, bytes);
  return p;
}

async function openError(p: string): Promise<RasterError> {
  try {
    await openRaster(p);
  } catch (err) {
    expect(err).toBeInstanceOf(RasterError);
    return err as RasterError;
  }
  throw new Error(`${p} opened without error`);
}

async function expectCode(p: string, code: string): Promise<RasterError> {
  const err = await openError(p);
  expect(err.code).toBe(code);
  expect(err.details.file).toBe(p);
  expect(err.message).toContain(p);
  return err;
}

interface CorpusEntry {
  file: string;
  width: number;
  height: number;
  band_count: number;
  epsg?: number | null;
  geotransform?: number[] | null;
  tiff: {
    byte_order: string; bigtiff: boolean; compression_tag: number; predictor: number; planar_config: number;
    tiled: boolean; block_width: number; block_height: number; gdal_nodata_tag: string | null; photometric: number;
  };
  bands: Array<{ dtype: string }>;
}

const GDAL_TYPE: Record<string, string> = {
  Byte: 'uint8', Int16: 'int16', UInt16: 'uint16', Int32: 'int32', UInt32: 'uint32', Float32: 'float32', Float64: 'float64',
};

describe.skipIf(!hasData)('openRaster on the GDAL autotest corpus', () => {
  const corpus = hasData
    ? (JSON.parse(readFileSync(path.join(dataDir, 'gdal-autotest/corpus.json'), 'utf8')).files as CorpusEntry[])
    : [];
  it.each(corpus.map((f) => [f.file, f] as const))('%s: header facts match corpus.json', async (_name, f) => {
    const src = await openRaster(path.join(dataDir, 'gdal-autotest', f.file));
    expect([src.width, src.height, src.bands]).toEqual([f.width, f.height, f.band_count]);
    expect(src.sampleType).toBe(GDAL_TYPE[f.bands[0].dtype]);
    expect(src.compression).toBe(f.tiff.compression_tag);
    expect(src.predictor).toBe(f.tiff.predictor);
    expect(src.planarConfig).toBe(f.tiff.planar_config);
    expect(src.tiled).toBe(f.tiff.tiled);
    expect([src.blockWidth, src.blockHeight]).toEqual([f.tiff.block_width, f.tiff.block_height]);
    expect(src.littleEndian).toBe(f.tiff.byte_order === 'little');
    expect(src.bigTiff).toBe(f.tiff.bigtiff);
    expect(src.photometric).toBe(f.tiff.photometric);
    expect(src.geo.epsg).toBe(f.epsg ?? null);
    expect(src.geo.geoTransform).toEqual(f.geotransform ?? null);
    const nd = f.tiff.gdal_nodata_tag;
    if (nd === null) expect(src.nodata).toBeNull();
    else if (nd === 'nan') expect(src.nodata).toBeNaN();
    else expect(src.nodata).toBe(Number(nd));
    expect(src.blockOffsets).toHaveLength(src.blocksAcross * src.blocksDown * (src.planarConfig === 2 ? src.bands : 1));
  });

  it('reads the user-defined CRS of the New Guinea land cover as epsg null with raw GeoKeys', async () => {
    const src = await openRaster(path.join(dataDir, 'real/newguinea_landcover/landcover_2001.tif'));
    expect(src.geo.epsg).toBeNull();
    expect(src.geo.geographic).toBe(false);
    expect(src.geo.geoKeys[3072]).toBe(32767);
    expect(src.geo.geoTransform).toEqual([-93276.09978040005, 300, 0, -729756.486310935, 0, -300]);
    expect(src.photometric).toBe(3);
    expect(src.hasColorMap).toBe(true);
    expect(src.nodata).toBe(255);
  });

  it('reads EPSG:4326 as geographic', async () => {
    const src = await openRaster(path.join(dataDir, 'gdal-autotest/tiff/rgbsmall.tif'));
    expect(src.geo.geographic).toBe(true);
    expect(src.geo.epsg).toBe(4326);
  });
});

describe('openRaster errors', () => {
  const pixels = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => i & 0xff);

  it('opens a minimal hand-made TIFF', async () => {
    const src = await openRaster(write('ok.tif', buildTiff({ tags: basicTags(4, 3), blocks: [pixels(12)] })));
    expect([src.width, src.height, src.sampleType, src.tiled, src.blockHeight]).toEqual([4, 3, 'uint8', false, 3]);
    expect(src.geo.geoTransform).toBeNull();
  });

  it('E_RASTER_NOT_TIFF for a text file and for a tiny file', async () => {
    await expectCode(write('text.tif', new TextEncoder().encode('hello, this is not a TIFF file at all')), 'E_RASTER_NOT_TIFF');
    await expectCode(write('tiny.tif', new Uint8Array([0x49, 0x49, 42])), 'E_RASTER_NOT_TIFF');
  });

  it('E_RASTER_OPEN for a missing file', async () => {
    const p = path.join(tmp, 'missing.tif');
    const err = await openError(p);
    expect(err.code).toBe('E_RASTER_OPEN');
  });

  it('E_RASTER_HEADER for an IFD offset past the end of the file', async () => {
    const bytes = buildTiff({ tags: basicTags(4, 3), blocks: [pixels(12)] });
    new DataView(bytes.buffer).setUint32(4, 1_000_000, true);
    await expectCode(write('ifd-past-eof.tif', bytes), 'E_RASTER_HEADER');
  });

  it('E_RASTER_HEADER when the strip table is shorter than the image needs', async () => {
    const tags = basicTags(4, 6, [{ tag: 278, type: 'long', values: [2] }]); // 3 strips needed
    await expectCode(write('short-table.tif', buildTiff({ tags, blocks: [pixels(8), pixels(8)] })), 'E_RASTER_HEADER');
  });

  it('E_RASTER_DIMENSIONS for a zero width', async () => {
    const tags = basicTags(4, 3, [{ tag: 256, type: 'long', values: [0] }]);
    await expectCode(write('zero-width.tif', buildTiff({ tags, blocks: [pixels(12)] })), 'E_RASTER_DIMENSIONS');
  });

  it('opens a declared 10^6 × 10^6 tiled image as metadata when its tables fit the file', async () => {
    const tags = basicTags(1_000_000, 1_000_000, [
      { tag: 322, type: 'long', values: [1_000_000] },
      { tag: 323, type: 'long', values: [1_000] },
    ]);
    // 1000 tiles of 1000 rows; all sparse (offset 0): a valid, empty file
    const sparseTables: TagSpec[] = [
      { tag: 324, type: 'long', values: new Array(1000).fill(0) },
      { tag: 325, type: 'long', values: new Array(1000).fill(0) },
    ];
    const src = await openRaster(write('huge.tif', buildTiff({ tags: [...tags, ...sparseTables] })));
    expect([src.width, src.height, src.blocksDown]).toEqual([1_000_000, 1_000_000, 1000]);
  });

  it('E_RASTER_BLOCK_RANGE naming the strip for a block past the end of the file', async () => {
    const tags = basicTags(4, 3);
    const err = await expectCode(
      write('block-past-eof.tif', buildTiff({ tags, blocks: [pixels(12)], offsetsOverride: [5000] })),
      'E_RASTER_BLOCK_RANGE',
    );
    expect(err.details.strip).toBe(0);
    expect(err.details.offset).toBe(5000);
  });

  it('E_RASTER_SAMPLE_FORMAT for complex and 64-bit integer samples', async () => {
    for (const [fmt, bits] of [[5, 32], [1, 64]]) {
      const tags = basicTags(2, 2, [
        { tag: 258, type: 'short', values: [bits] },
        { tag: 339, type: 'short', values: [fmt] },
      ]);
      await expectCode(write(`fmt-${fmt}-${bits}.tif`, buildTiff({ tags, blocks: [pixels((4 * bits) / 8)] })), 'E_RASTER_SAMPLE_FORMAT');
    }
  });

  it('E_RASTER_LAYOUT for 4-bit samples and for a palette with 3 samples per pixel', async () => {
    const fourBit = basicTags(2, 2, [{ tag: 258, type: 'short', values: [4] }]);
    await expectCode(write('4bit.tif', buildTiff({ tags: fourBit, blocks: [pixels(2)] })), 'E_RASTER_LAYOUT');
    const palette3 = basicTags(2, 2, [
      { tag: 262, type: 'short', values: [3] },
      { tag: 277, type: 'short', values: [3] },
      { tag: 258, type: 'short', values: [8, 8, 8] },
    ]);
    await expectCode(write('palette3.tif', buildTiff({ tags: palette3, blocks: [pixels(12)] })), 'E_RASTER_LAYOUT');
  });

  it('E_RASTER_COMPRESSION naming the scheme for an unsupported code', async () => {
    const tags = basicTags(2, 2, [{ tag: 259, type: 'short', values: [50000] }]);
    const err = await expectCode(write('zstd.tif', buildTiff({ tags, blocks: [pixels(4)] })), 'E_RASTER_COMPRESSION');
    expect(err.message).toContain('ZSTD');
  });

  it('E_RASTER_PREDICTOR for predictor 3 on integers and for predictor 7', async () => {
    for (const p of [3, 7]) {
      const tags = basicTags(2, 2, [
        { tag: 259, type: 'short', values: [8] },
        { tag: 317, type: 'short', values: [p] },
      ]);
      await expectCode(write(`pred-${p}.tif`, buildTiff({ tags, blocks: [pixels(4)] })), 'E_RASTER_PREDICTOR');
    }
  });

  it('E_RASTER_GEOREF for a rotated ModelTransformation', async () => {
    const m = [30, 5, 0, 1000, 5, -30, 0, 2000, 0, 0, 0, 0, 0, 0, 0, 1];
    const tags = basicTags(2, 2, [{ tag: 34264, type: 'double', values: m }]);
    await expectCode(write('rotated.tif', buildTiff({ tags, blocks: [pixels(4)] })), 'E_RASTER_GEOREF');
  });

  it('reads a north-up ModelTransformation and shifts PixelIsPoint by half a pixel like GDAL', async () => {
    const m = [30, 0, 0, 1000, 0, -30, 0, 2000, 0, 0, 0, 0, 0, 0, 0, 1];
    const keys = [1, 1, 0, 2, 1024, 0, 1, 1, 1025, 0, 1, 2];
    const tags = basicTags(2, 2, [
      { tag: 34264, type: 'double', values: m },
      { tag: 34735, type: 'short', values: keys },
    ]);
    const src = await openRaster(write('point.tif', buildTiff({ tags, blocks: [pixels(4)] })));
    expect(src.geo.rasterType).toBe('point');
    expect(src.geo.geoTransform).toEqual([985, 30, 0, 2015, 0, -30]);
  });

  it.skipIf(!hasData || !hasGdal)('E_RASTER_COMPRESSION naming the file for a JPEG-compressed GeoTIFF', async () => {
    const out = path.join(tmp, 'jpeg.tif');
    gdal('gdal_translate', ['-q', '-co', 'COMPRESS=JPEG', path.join(dataDir, 'gdal-autotest/tiff/rgbsmall.tif'), out]);
    const err = await expectCode(out, 'E_RASTER_COMPRESSION');
    expect(err.message).toContain('JPEG');
  });

  it.skipIf(!hasData)('a truncated copy fails with E_RASTER_BLOCK_RANGE or E_RASTER_HEADER naming the file', async () => {
    const whole = readFileSync(path.join(dataDir, 'gdal-autotest/tiff/gen_check_area_int16_deflate_pred2_tiled256.tif'));
    for (const keep of [0.5, 0.9]) {
      const p = write(`truncated-${keep}.tif`, whole.subarray(0, Math.floor(whole.length * keep)));
      const err = await openError(p);
      expect(['E_RASTER_BLOCK_RANGE', 'E_RASTER_HEADER']).toContain(err.code);
      expect(err.message).toContain(p);
      expect(err.details.file).toBe(p);
    }
  });
});

describe('parseNodata', () => {
  it('reads GDAL_NODATA text forms', () => {
    expect(parseNodata('0')).toBe(0);
    expect(parseNodata(' -32768 ')).toBe(-32768);
    expect(parseNodata('nan')).toBeNaN();
    expect(parseNodata('-inf')).toBe(-Infinity);
    expect(parseNodata('1e+20')).toBe(1e20);
    expect(parseNodata('bogus')).toBeNull();
  });
});
