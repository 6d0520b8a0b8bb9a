import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alphaBandOf, openRaster } from './open-raster.ts';
import { planWindowRead } from './plan-window-read.ts';
import { executeMaskRead } from './read-mask.ts';
import { executeWindowRead } from './read-window.ts';
import { gdal, hasGdal } from './testing/test-data.ts';
import { writeTiff } from './tiff-writer.ts';

const tmp = mkdtempSync(path.join(tmpdir(), 'landwatch-mask-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const W = 37;
const H = 23;
/** band 1: data; band 2: a mask pattern (0 = masked) with runs crossing byte and block edges */
function masked(c: number, r: number): boolean {
  return (c * 7 + r * 3) % 11 < 4 || c === W - 1 || (r === 5 && c < 20);
}

async function source(): Promise<string> {
  const file = path.join(tmp, 'src.tif');
  const data = new Uint8Array(W * H);
  const mask = new Uint8Array(W * H);
  for (let r = 0; r < H; r++) {
    for (let c = 0; c < W; c++) {
      data[r * W + c] = 1 + ((c + r) % 200);
      mask[r * W + c] = masked(c, r) ? 0 : 255;
    }
  }
  await writeTiff(file, { width: W, height: H, bands: 2, sampleType: 'uint8', tileSize: 16, epsg: 32651, geoTransform: [203325, 30, 0, 3604935, 0, -30] }, [data, mask]);
  return file;
}

describe('alphaBandOf', () => {
  it('finds unassociated or associated alpha among the extra samples, not unspecified ones', () => {
    expect(alphaBandOf(4, [2])).toBe(3); // RGBA
    expect(alphaBandOf(7, [0, 0, 0, 0, 0, 2])).toBe(6); // gdalwarp -dstalpha of 6 bands (MINISBLACK)
    expect(alphaBandOf(6, [0, 0, 0, 0, 0])).toBeNull();
    expect(alphaBandOf(4, [1])).toBe(3);
    expect(alphaBandOf(3, [])).toBeNull();
  });
});

describe.skipIf(!hasGdal)('internal transparency mask (GDAL_TIFF_INTERNAL_MASK) and alpha, made by GDAL', () => {
  it.each([
    ['tiled 16×16, LZW', ['-co', 'TILED=YES', '-co', 'BLOCKXSIZE=16', '-co', 'BLOCKYSIZE=16', '-co', 'COMPRESS=LZW']],
    ['strips of 5 rows, DEFLATE', ['-co', 'TILED=NO', '-co', 'BLOCKYSIZE=5', '-co', 'COMPRESS=DEFLATE']],
    ['uncompressed strips', ['-co', 'TILED=NO']],
  ])('%s: masked-out pixels read 0, the rest 1, over any window', async (_label, co) => {
    const out = path.join(tmp, `mask-${co.join('').replace(/\W/g, '')}.tif`);
    gdal('gdal_translate', ['-q', '-b', '1', '-mask', '2', '--config', 'GDAL_TIFF_INTERNAL_MASK', 'YES', ...co, await source(), out]);
    const src = await openRaster(out);
    expect(src.bands).toBe(1);
    expect(src.mask).toBeTruthy();
    for (const win of [{ x: 0, y: 0, width: W, height: H }, { x: 7, y: 3, width: 21, height: 17 }]) {
      const got = await executeMaskRead(planWindowRead(src.mask!, win));
      const want = new Uint8Array(win.width * win.height);
      for (let r = 0; r < win.height; r++) for (let c = 0; c < win.width; c++) want[r * win.width + c] = masked(win.x + c, win.y + r) ? 0 : 1;
      expect(Array.from(got)).toEqual(Array.from(want));
    }
  });

  it('gdalwarp -dstalpha: the last band is alpha', async () => {
    const out = path.join(tmp, 'alpha.tif');
    gdal('gdalwarp', ['-q', '-t_srs', 'EPSG:4549', '-dstalpha', await source(), out]);
    const src = await openRaster(out);
    expect(src.bands).toBe(3);
    expect(src.alphaBand).toBe(2);
    expect(src.mask ?? null).toBeNull();
    const [, , alpha] = await executeWindowRead(planWindowRead(src, { x: 0, y: 0, width: src.width, height: src.height }));
    expect(alpha.some((v) => v === 0)).toBe(true); // the warped corners are transparent
  });
});
