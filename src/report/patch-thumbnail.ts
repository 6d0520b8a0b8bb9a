import sharp from 'sharp';
import type { Geometry, Position } from 'geojson';
import { executeWindowRead, planWindowRead, type PixelArray, type PixelWindow } from '../raster/index.ts';
import { drawRings } from './draw-line.ts';
import { encodePng } from './encode-png.ts';
import { invertGeoTransform } from './tile-sampler.ts';
import { MAX_NATIVE_WINDOW_PX, styleBands, type TileLayer } from './tile-layer.ts';
import { renderPalette, renderRgb, type BandLut } from './tile-render.ts';
import { stretchLut } from './percentile-stretch.ts';

export interface ThumbnailOptions {
  /** longest side of the PNG; default 192 */
  sizePx?: number;
  /** margin around the patch as a share of its size; default 0.5 */
  padShare?: number;
  /** outline colour; default yellow; null for none */
  outline?: [number, number, number] | null;
}

/** What a thumbnail needs of a patch: native bbox and the lon/lat geometry for the outline. */
export interface ThumbnailPatch {
  bbox: readonly [number, number, number, number];
  geometry: Geometry | null;
}

const YELLOW: [number, number, number] = [255, 212, 59];

/** The square source window around a native bbox, padded and clamped to the raster. */
export function thumbnailWindow(layer: TileLayer, bbox: readonly [number, number, number, number], padShare: number): PixelWindow {
  const inv = invertGeoTransform(layer.raster.geoTransform);
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [x, y] of [[bbox[0], bbox[1]], [bbox[2], bbox[3]], [bbox[0], bbox[3]], [bbox[2], bbox[1]]] as const) {
    xs.push(inv[0] + inv[1] * x + inv[2] * y);
    ys.push(inv[3] + inv[4] * x + inv[5] * y);
  }
  const c0 = Math.min(...xs);
  const c1 = Math.max(...xs);
  const r0 = Math.min(...ys);
  const r1 = Math.max(...ys);
  const side = Math.max(c1 - c0, r1 - r0, 8) * (1 + 2 * padShare);
  const cx = (c0 + c1) / 2;
  const cy = (r0 + r1) / 2;
  const { width, height } = layer.raster.source;
  const x = Math.max(0, Math.floor(cx - side / 2));
  const y = Math.max(0, Math.floor(cy - side / 2));
  return { x, y, width: Math.max(1, Math.min(width, Math.ceil(cx + side / 2)) - x), height: Math.max(1, Math.min(height, Math.ceil(cy + side / 2)) - y) };
}

/**
 * A before/after (or change) thumbnail of one patch: the layer's pixels around the patch, stretched like
 * its map tiles, scaled up (nearest) or down to `sizePx`, with the patch outline drawn on top.
 */
export async function renderPatchThumbnail(layer: TileLayer, patch: ThumbnailPatch, opts: ThumbnailOptions = {}): Promise<Buffer> {
  const sizePx = opts.sizePx ?? 192;
  const r = layer.raster;
  const win = thumbnailWindow(layer, patch.bbox, opts.padShare ?? 0.5);
  const bands = styleBands(layer.style);
  let data: PixelArray[];
  let step = 1;
  let w = win.width;
  let h = win.height;
  let index: Int32Array;
  let originX = win.x;
  let originY = win.y;
  if (win.width * win.height <= MAX_NATIVE_WINDOW_PX) {
    data = await executeWindowRead(planWindowRead(r.source, win, bands));
    index = new Int32Array(w * h);
    for (let i = 0; i < index.length; i++) index[i] = i;
  } else {
    // a huge patch: crop the overview instead of reading the file
    const ov = await r.overview();
    step = ov.step;
    const ox = Math.floor(win.x / step);
    const oy = Math.floor(win.y / step);
    originX = ox * step;
    originY = oy * step;
    w = Math.max(1, Math.min(ov.width - ox, Math.ceil(win.width / step)));
    h = Math.max(1, Math.min(ov.height - oy, Math.ceil(win.height / step)));
    data = bands.map((b) => ov.bands[r.bands.indexOf(b)]);
    index = new Int32Array(w * h);
    for (let yy = 0; yy < h; yy++) for (let xx = 0; xx < w; xx++) index[yy * w + xx] = (oy + yy) * ov.width + ox + xx;
  }
  let rgba = new Uint8Array(w * h * 4);
  if (layer.style.kind === 'palette') renderPalette(data[0], layer.style.palette, index, rgba);
  else {
    const luts = (await Promise.all(layer.style.bands.map(async (b): Promise<BandLut> => ({ lut: null, offset: 0, stretch: await r.stretch(b) })))) as [BandLut, BandLut, BandLut];
    if (r.source.sampleType === 'uint8' || r.source.sampleType === 'uint16') for (const l of luts) l.lut = stretchLut(l.stretch, 0, r.source.sampleType === 'uint8' ? 256 : 65536);
    renderRgb(data[0], data[1], data[2], luts, r.source.nodata, index, rgba);
  }
  const scale = sizePx / Math.max(w, h);
  const outW = Math.max(1, Math.round(w * scale));
  const outH = Math.max(1, Math.round(h * scale));
  rgba = new Uint8Array(
    await sharp(rgba, { raw: { width: w, height: h, channels: 4 } })
      .resize(outW, outH, { kernel: scale >= 1 ? 'nearest' : 'lanczos3', fit: 'fill' })
      .raw()
      .toBuffer(),
  );
  const outline = opts.outline === undefined ? YELLOW : opts.outline;
  if (outline !== null && patch.geometry !== null) {
    const inv = invertGeoTransform(r.geoTransform);
    const px = (outW / w) / step;
    const toPx = (p: Position): [number, number] => {
      const [x, y] = r.fromLonLat(p[0]!, p[1]!);
      return [(inv[0] + inv[1] * x + inv[2] * y - originX) * px, (inv[3] + inv[4] * x + inv[5] * y - originY) * px];
    };
    drawRings(rgba, outW, outH, geometryRings(patch.geometry).map((ring) => ring.flatMap(toPx)), outline);
  }
  return encodePng(rgba, outW, outH);
}

/** Every ring of a Polygon / MultiPolygon. */
export function geometryRings(g: Geometry): Position[][] {
  if (g.type === 'Polygon') return g.coordinates;
  if (g.type === 'MultiPolygon') return g.coordinates.flat();
  return [];
}
