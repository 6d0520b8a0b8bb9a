/**
 * Our vectorisation of a class raster, as a process of its own so its peak RSS can be measured:
 * tile by tile (core + 1-px context ring, labelTile, stitcher), then the stitched
 * rings mapped to the native CRS and streamed to GeoJSON like gdal_polygonize writes it (no reprojection).
 * Pixels equal to 0 or to the nodata value are background. Prints one JSON line of figures.
 *
 *   node <bundle of bench/lib/polygonize-child.ts, see bin/bundle-cache.mjs> <raster.tif> <out.geojson> [tileSizePx] [connectivity]
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { labelTile } from '../../src/kernels/label-tile.ts';
import { executeWindowRead, openRaster, planWindowRead, type PixelArray } from '../../src/raster/index.ts';
import { createStitcher } from '../../src/vector/stitch-tiles.ts';
import { pixelRingsToNative } from '../../src/vector/pixel-rings-to-native.ts';

const [file, out, tileArg = '512', connArg = '4'] = process.argv.slice(2);
const tileSizePx = Number(tileArg);
const connectivity = connArg === '8' ? 8 : 4;
const t0 = performance.now();
const src = await openRaster(file);
const W = src.width;
const H = src.height;
const nodata = src.nodata;
const stitcher = createStitcher({ connectivity, rasterWidth: W, rasterHeight: H });
let readMs = 0;
let labelMs = 0;
// Rows are read in full-width strips of tileSizePx rows, each once (a tile's 1-px context ring comes from
// the strips above and below, kept in memory): reading core + ring per tile would decode up to 3×3 source
// blocks per tile. Memory: three strips.
const strips = new Map<number, PixelArray>();
let scratchValues = new Int32Array(0);
let scratchValid = new Uint8Array(0);
const stripCount = Math.ceil(H / tileSizePx);
const readStrip = async (k: number): Promise<void> => {
  if (k < 0 || k >= stripCount || strips.has(k)) return;
  const y0 = k * tileSizePx;
  const tr = performance.now();
  strips.set(k, (await executeWindowRead(planWindowRead(src, { x: 0, y: y0, width: W, height: Math.min(tileSizePx, H - y0) }, [0])))[0]);
  readMs += performance.now() - tr;
};
for (let k = 0; k < stripCount; k++) {
  strips.delete(k - 2);
  await readStrip(k - 1);
  await readStrip(k);
  await readStrip(k + 1);
  const y = k * tileSizePx;
  const h = Math.min(tileSizePx, H - y);
  for (let x = 0; x < W; x += tileSizePx) {
    const tl = performance.now();
    const w = Math.min(tileSizePx, W - x);
    const W2 = w + 2;
    // scratch reused across tiles, as the label task does (only `valid` needs clearing)
    const n2 = W2 * (h + 2);
    if (scratchValid.length < n2) {
      scratchValues = new Int32Array(n2);
      scratchValid = new Uint8Array(n2);
    }
    const values = scratchValues.subarray(0, n2);
    const valid = scratchValid.subarray(0, n2);
    valid.fill(0);
    const c0 = Math.max(0, x - 1);
    const c1 = Math.min(W, x + w + 1);
    for (let r = 0; r < h + 2; r++) {
      const gy = y - 1 + r;
      if (gy < 0 || gy >= H) continue;
      const sk = Math.floor(gy / tileSizePx);
      const band = strips.get(sk) as PixelArray;
      const srcRow = (gy - sk * tileSizePx) * W;
      const dstRow = r * W2 - (x - 1);
      for (let c = c0; c < c1; c++) {
        const v = band[srcRow + c];
        if (v === 0 || v === nodata) continue;
        values[dstRow + c] = v;
        valid[dstRow + c] = 1;
      }
    }
    stitcher.addTile({ x, y, width: w, height: h }, labelTile({ values, valid, width: w, height: h }, { x0: x, y0: y, connectivity }));
    labelMs += performance.now() - tl;
  }
}
const ts = performance.now();
const polygons = stitcher.finish();
const stitchMs = performance.now() - ts;

const tw = performance.now();
const gt = src.geo.geoTransform ?? [0, 1, 0, 0, 0, 1];
const stream = createWriteStream(out);
const epsg = src.geo.epsg;
let chunk = `{"type":"FeatureCollection","name":"changes",${epsg ? `"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::${epsg}"}},` : ''}"features":[\n`;
for (let i = 0; i < polygons.length; i++) {
  const p = polygons[i];
  const rings = pixelRingsToNative(p.rings, gt);
  let coords = '';
  for (let r = 0; r < rings.length; r++) {
    const ring = rings[r];
    let s = '[';
    for (let k = 0; k < ring.length; k += 2) s += `${k ? ',' : ''}[${ring[k]},${ring[k + 1]}]`;
    coords += `${r ? ',' : ''}${s}]`;
  }
  chunk += `${i ? ',\n' : ''}{"type":"Feature","properties":{"DN":${p.value}},"geometry":{"type":"Polygon","coordinates":[${coords}]}}`;
  if (chunk.length > 1 << 20) {
    if (!stream.write(chunk)) await once(stream, 'drain');
    chunk = '';
  }
}
stream.end(`${chunk}\n]}\n`);
await once(stream, 'finish');
const writeMs = performance.now() - tw;
process.stdout.write(`${JSON.stringify({
  polygons: polygons.length,
  readMs, labelMs, stitchMs, writeMs,
  totalMs: performance.now() - t0,
  maxRssKb: process.resourceUsage().maxRSS,
})}\n`);
