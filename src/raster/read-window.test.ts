import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../util/prng.ts';
import { gdalChecksum } from './gdal-checksum.ts';
import { openRaster } from './open-raster.ts';
import { planWindowRead } from './plan-window-read.ts';
import { RasterError } from './raster-error.ts';
import type { PixelArray, RasterSource } from './raster-types.ts';
import { executeWindowRead, readWindow } from './read-window.ts';
import { basicTags, buildTiff } from './testing/build-tiff.ts';
import { dataDir, hasData } from './testing/test-data.ts';

const tmp = mkdtempSync(path.join(tmpdir(), 'landwatch-read-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const sha256 = (a: PixelArray): string =>
  createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');

async function readAll(p: string): Promise<{ src: RasterSource; bands: PixelArray[] }> {
  const src = await openRaster(p);
  return { src, bands: await readWindow(p, { x: 0, y: 0, width: src.width, height: src.height }) };
}

interface CorpusFile {
  file: string;
  bands: Array<{ gdal_checksum: number; pixels_sha256_le: string; nan_count: number }>;
}

describe.skipIf(!hasData)('readWindow: whole rasters of the GDAL autotest corpus', () => {
  const corpus = hasData
    ? (JSON.parse(readFileSync(path.join(dataDir, 'gdal-autotest/corpus.json'), 'utf8')).files as CorpusFile[])
    : [];
  it.each(corpus.map((f) => [f.file, f] as const))('%s: sha256 and GDAL checksum of every band', async (_n, f) => {
    const { bands } = await readAll(path.join(dataDir, 'gdal-autotest', f.file));
    expect(bands.map(sha256)).toEqual(f.bands.map((b) => b.pixels_sha256_le));
    expect(bands.map(gdalChecksum)).toEqual(f.bands.map((b) => b.gdal_checksum));
    expect(bands.map((b) => b.filter(Number.isNaN).length)).toEqual(f.bands.map((b) => b.nan_count));
  });
});

describe.skipIf(!hasData)('readWindow: real multi-epoch imagery', () => {
  const ref = hasData ? JSON.parse(readFileSync(path.join(dataDir, 'real/reference.json'), 'utf8')) : {};
  const cases: Array<[string, number[]]> = hasData
    ? [
        ['taizhou/taizhou_2000.tif', ref.imagery.taizhou.date1_band_stats.map((b: { gdal_checksum: number }) => b.gdal_checksum)],
        ['taizhou/taizhou_2003.tif', ref.imagery.taizhou.date2_band_stats.map((b: { gdal_checksum: number }) => b.gdal_checksum)],
        ['nanjing/nanjing_2000.tif', ref.imagery.nanjing.date1_band_stats.map((b: { gdal_checksum: number }) => b.gdal_checksum)],
        ['nanjing/nanjing_2002.tif', ref.imagery.nanjing.date2_band_stats.map((b: { gdal_checksum: number }) => b.gdal_checksum)],
        ['newguinea_landcover/landcover_2001.tif', [ref.landcover.newguinea.gdal_checksum_2001]],
        ['newguinea_landcover/landcover_2015.tif', [ref.landcover.newguinea.gdal_checksum_2015]],
        ['newguinea_landcover/change_mask_2001_2015.tif', [2811]], // README table
      ]
    : [];
  it.each(cases)('%s: GDAL checksum of every band', async (file, want) => {
    const { bands } = await readAll(path.join(dataDir, 'real', file));
    expect(bands.map(gdalChecksum)).toEqual(want);
  });

  it('reference labels: changed / unchanged / unlabelled pixel counts', async () => {
    for (const site of ['taizhou', 'nanjing']) {
      const { bands } = await readAll(path.join(dataDir, `real/${site}/${site}_reference_labels.tif`));
      const counts = [0, 0, 0];
      for (const v of bands[0]) counts[v === 1 ? 0 : v === 0 ? 1 : 2]++;
      const r = ref.imagery[site].reference_labels;
      expect(counts).toEqual([r.changed_pixels, r.unchanged_pixels, r.unlabelled_pixels]);
    }
  });

  it('land cover 2001: class counts', async () => {
    const { bands } = await readAll(path.join(dataDir, 'real/newguinea_landcover/landcover_2001.tif'));
    const counts: Record<string, number> = {};
    for (const v of bands[0]) counts[v] = (counts[v] ?? 0) + 1;
    expect(counts).toEqual(ref.landcover.newguinea.class_counts_2001);
  });
});

/** Copies a window out of whole-band arrays: the oracle for window reads. */
function slice(band: PixelArray, width: number, w: { x: number; y: number; width: number; height: number }): number[] {
  const out: number[] = [];
  for (let r = w.y; r < w.y + w.height; r++) for (let c = w.x; c < w.x + w.width; c++) out.push(band[r * width + c]);
  return out;
}

describe.skipIf(!hasData)('readWindow: windows equal the same pixels of the whole raster', () => {
  const files = [
    'gdal-autotest/tiff/gen_utmsmall_deflate_pred2_tiled32.tif',
    'gdal-autotest/tiff/gen_utmsmall_lzw_pred2_strip16.tif',
    'gdal-autotest/tiff/gen_rgbsmall_lzw_band_tiled16.tif',
    'gdal-autotest/tiff/gen_rgbsmall_deflate_pred2_pixel_tiled16.tif',
    'gdal-autotest/tiff/separate_tiled.tif',
    'gdal-autotest/tiff/gen_taizhou2000_ndvi_float32_deflate_pred3_tiled256.tif',
  ];
  it.each(files)('%s: 12 seeded windows, all bands and reordered bands', async (file) => {
    const p = path.join(dataDir, file);
    const { src, bands } = await readAll(p);
    const rnd = mulberry32(1234);
    for (let k = 0; k < 12; k++) {
      const x = Math.floor(rnd() * src.width);
      const y = Math.floor(rnd() * src.height);
      const w = { x, y, width: 1 + Math.floor(rnd() * (src.width - x)), height: 1 + Math.floor(rnd() * (src.height - y)) };
      const order = src.bands === 1 ? [0] : [src.bands - 1, 0];
      const got = await readWindow(p, w, order);
      order.forEach((b, i) => expect([...got[i]]).toEqual(slice(bands[b], src.width, w)));
    }
  });
});

describe('executeWindowRead edge cases', () => {
  it('fills sparse blocks (offset 0) with nodata, as GDAL does', async () => {
    const tags = basicTags(4, 4, [
      { tag: 278, type: 'long', values: [2] },
      { tag: 42113, type: 'ascii', values: '9' },
    ]);
    const p = path.join(tmp, 'sparse.tif');
    const block = Uint8Array.from({ length: 8 }, (_, i) => i + 1);
    const bytes = buildTiff({ tags, blocks: [block, block] });
    writeFileSync(p, bytes);
    const src = await openRaster(p);
    src.blockOffsets[0] = 0; // the first strip was never written
    const [band] = await executeWindowRead(planWindowRead(src, { x: 0, y: 0, width: 4, height: 4 }));
    expect([...band]).toEqual([9, 9, 9, 9, 9, 9, 9, 9, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('E_RASTER_BLOCK_RANGE naming the strip when the file shrank after planning', async () => {
    const p = path.join(tmp, 'shrinks.tif');
    writeFileSync(p, buildTiff({ tags: basicTags(4, 4, [{ tag: 278, type: 'long', values: [2] }]), blocks: [new Uint8Array(8), new Uint8Array(8)] }));
    const req = planWindowRead(await openRaster(p), { x: 0, y: 0, width: 4, height: 4 });
    writeFileSync(p, readFileSync(p).subarray(0, req.blocks[1].offset + 2));
    const err = await executeWindowRead(req).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RasterError);
    expect((err as RasterError).code).toBe('E_RASTER_BLOCK_RANGE');
    expect((err as RasterError).details).toMatchObject({ file: p, strip: 1 });
  });

  it.skipIf(!hasData)('E_RASTER_DECODE naming the tile for a corrupted deflate tile', async () => {
    const orig = path.join(dataDir, 'gdal-autotest/tiff/gen_utmsmall_deflate_pred2_tiled32.tif');
    const src = await openRaster(orig);
    const bytes = Uint8Array.from(readFileSync(orig));
    const t = 1 * src.blocksAcross + 2; // tile col 2, row 1
    bytes[src.blockOffsets[t]] = 0x00; // break the zlib header
    const p = path.join(tmp, 'corrupt-tile.tif');
    writeFileSync(p, bytes);
    const err = await readWindow(p, { x: 0, y: 0, width: src.width, height: src.height }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RasterError);
    expect((err as RasterError).code).toBe('E_RASTER_DECODE');
    expect((err as RasterError).details).toMatchObject({ file: p, tile: '2,1', offset: src.blockOffsets[t] });
    expect((err as RasterError).message).toContain('tile 2,1');
    // a window that does not touch the tile still reads
    await expect(readWindow(p, { x: 0, y: 0, width: 32, height: 32 })).resolves.toHaveLength(1);
  });

  it.skipIf(!hasData)('E_RASTER_DECODE for an LZW strip cut short inside the file', async () => {
    const orig = path.join(dataDir, 'gdal-autotest/tiff/gen_utmsmall_lzw_pred2_strip16.tif');
    const src = await openRaster(orig);
    src.blockByteCounts[3] = 20; // the strip now ends early: decodes to fewer rows than it holds
    const err = await executeWindowRead(planWindowRead(src, { x: 0, y: 48, width: 100, height: 16 })).catch((e: unknown) => e);
    expect((err as RasterError).code).toBe('E_RASTER_DECODE');
    expect((err as RasterError).details).toMatchObject({ strip: 3 });
  });
});
