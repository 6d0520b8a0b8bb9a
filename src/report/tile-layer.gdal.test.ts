import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWindow, type PixelArray } from '../raster/index.ts';
import { generateSample } from '../sample/index.ts';
import { BlockCache } from './block-cache.ts';
import { stretchToByte } from './percentile-stretch.ts';
import { CHANGE_PALETTE, renderTileRgba, type TileLayer } from './tile-layer.ts';
import { createTileService } from './tile-service.ts';
import { lonLatToTile, tileBounds3857 } from './web-mercator.ts';

const hasGdal = spawnSync('gdalwarp', ['--version']).status === 0;
const tmp = mkdtempSync(path.join(tmpdir(), 'landwatch-tiles-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The oracle: gdalwarp of the same tile, nearest neighbour, to a 256 × 256 GeoTIFF; its bands as arrays. */
function gdalwarpTile(src: string, z: number, x: number, y: number, name: string): PixelArray[] | Promise<PixelArray[]> {
  const out = path.join(tmp, `${name}-${z}-${x}-${y}.tif`);
  const b = tileBounds3857(z, x, y);
  execFileSync('gdalwarp', ['-q', '-overwrite', '-t_srs', 'EPSG:3857', '-te', ...b.map(String), '-ts', '256', '256', '-r', 'near', src, out]);
  return readWindow(out, { x: 0, y: 0, width: 256, height: 256 });
}

/** Share of pixels whose RGBA differs by more than 1 in any channel. */
function mismatch(a: Uint8Array, b: Uint8Array): number {
  let bad = 0;
  for (let i = 0; i < a.length; i += 4) {
    if (Math.abs(a[i] - b[i]) > 1 || Math.abs(a[i + 1] - b[i + 1]) > 1 || Math.abs(a[i + 2] - b[i + 2]) > 1 || a[i + 3] !== b[i + 3]) bad++;
  }
  return bad / (a.length / 4);
}

function alphaCount(rgba: Uint8Array, opaque: boolean): number {
  let n = 0;
  for (let i = 3; i < rgba.length; i += 4) if ((rgba[i] === 255) === opaque) n++;
  return n;
}

describe.skipIf(!hasGdal)('renderTileRgba vs gdalwarp -t_srs EPSG:3857 -r near (GDAL oracle)', () => {
  let epochA = '';
  let change = '';
  beforeAll(async () => {
    const s = await generateSample({ outDir: path.join(tmp, 's'), size: 512, seed: 7 });
    epochA = s.files.epochA!;
    change = s.files.truth!;
  }, 60_000);

  async function expectSameAsGdal(layer: TileLayer, z: number, x: number, y: number, toRgba: (bands: PixelArray[], i: number, out: Uint8Array) => void) {
    const ours = await renderTileRgba(layer, z, x, y);
    expect(ours).not.toBeNull();
    const ref = await gdalwarpTile(layer.raster.path, z, x, y, layer.id);
    const refRgba = new Uint8Array(256 * 256 * 4);
    for (let i = 0; i < 256 * 256; i++) toRgba(ref, i, refRgba);
    // pixel centres that fall exactly on a source pixel edge may round the other way: allow 1 %
    const bad = mismatch(ours!, refRgba);
    if (process.env.LW_DEBUG) console.log(layer.id, z, bad);
    expect(bad).toBeLessThan(0.01);
    return ours!;
  }

  it('true colour at native zoom, zoomed in and zoomed out: same pixels after the same 2–98 % stretch', async () => {
    const svc = createTileService();
    const layer = await svc.addFileLayer('a', epochA, 'rgb');
    const r = layer.raster;
    const [bl, bg, bb] = layer.style.kind === 'rgb' ? layer.style.bands : [0, 0, 0];
    const s = await Promise.all([r.stretch(bl), r.stretch(bg), r.stretch(bb)]);
    const nd = r.source.nodata;
    const [w, so, e, n] = r.boundsLonLat;
    for (const z of [r.nativeZoom - 1, r.nativeZoom, r.nativeZoom + 2]) {
      const [x, y] = lonLatToTile((w + e) / 2, (so + n) / 2, z);
      const ours = await expectSameAsGdal(layer, z, x, y, (bands, i, out) => {
        const v = [bands[bl][i], bands[bg][i], bands[bb][i]];
        if (v.some((q) => q === nd)) return;
        for (let c = 0; c < 3; c++) out[i * 4 + c] = stretchToByte(v[c], s[c]);
        out[i * 4 + 3] = 255;
      });
      expect(alphaCount(ours, true)).toBeGreaterThan(0);
      // through the decoded-block cache: the same bytes
      expect(await renderTileRgba(layer, z, x, y, undefined, new BlockCache())).toEqual(ours);
    }
  });

  it('a tile over the raster corner is transparent outside it (nodata)', async () => {
    const svc = createTileService();
    const layer = await svc.addFileLayer('a', epochA, 'rgb');
    const [w, , , n] = layer.raster.boundsLonLat;
    const z = layer.raster.nativeZoom;
    const [x, y] = lonLatToTile(w, n, z);
    const ours = await renderTileRgba(layer, z, x, y);
    expect(ours).not.toBeNull();
    expect(alphaCount(ours!, false)).toBeGreaterThan(1000);
    expect(alphaCount(ours!, true)).toBeGreaterThan(100);
    // far away from the raster: nothing to draw
    expect(await renderTileRgba(layer, z, x + 50, y)).toBeNull();
    const png = await svc.tilePng('a', z, x + 50, y);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });

  it('class raster: legend colours, code 0 and 255 transparent', async () => {
    const svc = createTileService();
    const layer = await svc.addFileLayer('c', change, 'change');
    const [w, so, e, n] = layer.raster.boundsLonLat;
    const z = layer.raster.nativeZoom;
    const [x, y] = lonLatToTile((w + e) / 2, (so + n) / 2, z);
    await expectSameAsGdal(layer, z - 1, x >> 1, y >> 1, (bands, i, out) => {
      const v = bands[0][i];
      out.set(CHANGE_PALETTE.subarray(v * 4, v * 4 + 4), i * 4);
    });
  });
});
