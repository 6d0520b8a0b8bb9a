import { executeWindowRead, planWindowRead, type PixelArray, type SampleType } from '../raster/index.ts';
import { CHANGE_LEGEND, CHANGE_NODATA, LABEL_ONLY_OFFSET, NO_CHANGE } from '../kernels/change-legend.ts';
import { LANDUSE_CLASSES } from '../kernels/landuse-codes.ts';
import type { BlockCache } from './block-cache.ts';
import type { RasterLayer } from './raster-layer.ts';
import { stretchLut, type BandStretch } from './percentile-stretch.ts';
import { buildPalette, rebaseIndex, renderPalette, renderRgb, type BandLut } from './tile-render.ts';
import { sampleTile } from './tile-sampler.ts';
import { tileBounds3857, mercatorToLat, mercatorToLon } from './web-mercator.ts';

export type TileStyle =
  | { kind: 'rgb'; /** 0-based bands shown as R, G, B */ bands: [number, number, number] }
  | { kind: 'palette'; palette: Uint8Array };

/** One map layer: a raster and how it is drawn. */
export interface TileLayer {
  id: string;
  title: string;
  raster: RasterLayer;
  style: TileStyle;
  /** what the layer shows, for the viewer's layer control */
  role: 'imagery' | 'change' | 'landuse';
}

/** Windows larger than this (source pixels) are drawn from the overview instead of the file. */
export const MAX_NATIVE_WINDOW_PX = 2048 * 2048;
export const TILE_PX = 256;

/** Change legend colours; no change and nodata transparent; label-only codes in their category colour. */
export const CHANGE_PALETTE: Uint8Array = (() => {
  const entries = CHANGE_LEGEND.flatMap((e) => (e.code >= 20 && e.code < 40 ? [e, { code: e.code + LABEL_ONLY_OFFSET, color: e.color }] : [e]));
  return buildPalette(entries, [NO_CHANGE, CHANGE_NODATA]);
})();

export const LANDUSE_PALETTE: Uint8Array = buildPalette(LANDUSE_CLASSES, []);

/** Bands the layer reads. */
export function styleBands(style: TileStyle): number[] {
  return style.kind === 'rgb' ? [...style.bands] : [0];
}

const INT_LUT: Partial<Record<SampleType, { offset: number; size: number }>> = {
  uint8: { offset: 0, size: 256 },
  int8: { offset: 128, size: 256 },
  uint16: { offset: 0, size: 65536 },
  int16: { offset: 32768, size: 65536 },
};

const lutCache = new WeakMap<RasterLayer, Map<number, BandLut>>();

async function bandLut(raster: RasterLayer, band: number): Promise<BandLut> {
  let m = lutCache.get(raster);
  if (!m) lutCache.set(raster, (m = new Map()));
  const hit = m.get(band);
  if (hit) return hit;
  const stretch: BandStretch = await raster.stretch(band);
  const spec = INT_LUT[raster.source.sampleType];
  const lut: BandLut = spec ? { lut: stretchLut(stretch, -spec.offset, spec.size), offset: spec.offset, stretch } : { lut: null, offset: 0, stretch };
  m.set(band, lut);
  return lut;
}

/** Whether tile (z, x, y) can touch the raster at all (its lon/lat box meets the raster's). */
export function tileTouches(raster: RasterLayer, z: number, x: number, y: number): boolean {
  const b = tileBounds3857(z, x, y);
  const [w, s, e, n] = raster.boundsLonLat;
  return !(mercatorToLon(b[2]) < w || mercatorToLon(b[0]) > e || mercatorToLat(b[3]) < s || mercatorToLat(b[1]) > n);
}

/**
 * Renders tile (z, x, y) to RGBA (256 × 256 × 4), or null when no pixel of it falls on the raster.
 * Each output pixel centre is mapped back to the raster (nearest neighbour) and only the window it needs
 * is read (through `blocks`, a decoded-block cache, when given); far-out tiles, whose window would be huge, are drawn from the layer's overview.
 */
export async function renderTileRgba(layer: TileLayer, z: number, x: number, y: number, out?: Uint8Array, blocks?: BlockCache): Promise<Uint8Array | null> {
  const r = layer.raster;
  if (!tileTouches(r, z, x, y)) return null;
  const native = sampleTile({ width: r.source.width, height: r.source.height, geoTransform: r.geoTransform, fromLonLat: r.fromLonLat }, z, x, y, TILE_PX);
  if (native.window === null) return null;
  const bands = styleBands(layer.style);
  let data: PixelArray[];
  let index = native.index;
  if (native.window.width * native.window.height <= MAX_NATIVE_WINDOW_PX) {
    data = blocks ? await blocks.read(r.source, native.window, bands) : await executeWindowRead(planWindowRead(r.source, native.window, bands));
  } else {
    const ov = await r.overview();
    const s = sampleTile({ width: ov.width, height: ov.height, geoTransform: ov.geoTransform, fromLonLat: r.fromLonLat }, z, x, y, TILE_PX);
    if (s.window === null) return null;
    index = rebaseIndex(s.index, s.window, ov.width);
    data = bands.map((b) => ov.bands[r.bands.indexOf(b)]);
  }
  const rgba = out ?? new Uint8Array(TILE_PX * TILE_PX * 4);
  if (layer.style.kind === 'palette') return renderPalette(data[0], layer.style.palette, index, rgba);
  const [lr, lg, lb] = await Promise.all(layer.style.bands.map((b) => bandLut(r, b)));
  return renderRgb(data[0], data[1], data[2], [lr, lg, lb], r.source.nodata, index, rgba);
}
