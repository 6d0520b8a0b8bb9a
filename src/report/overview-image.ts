import sharp from 'sharp';
import { encodePng } from './encode-png.ts';
import { stretchLut } from './percentile-stretch.ts';
import type { TileLayer } from './tile-layer.ts';
import { renderPalette, renderRgb, type BandLut } from './tile-render.ts';

/** Draws a layer's whole overview (the decimated copy its stretch came from) to RGBA. */
async function overviewRgba(layer: TileLayer): Promise<{ rgba: Uint8Array; width: number; height: number }> {
  const r = layer.raster;
  const ov = await r.overview();
  const n = ov.width * ov.height;
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  const rgba = new Uint8Array(n * 4);
  const band = (b: number) => ov.bands[r.bands.indexOf(b)];
  if (layer.style.kind === 'palette') renderPalette(band(0), layer.style.palette, index, rgba);
  else {
    const [b0, b1, b2] = layer.style.bands;
    const luts = (await Promise.all(layer.style.bands.map(async (b): Promise<BandLut> => {
      const stretch = await r.stretch(b);
      const int = r.source.sampleType === 'uint8' || r.source.sampleType === 'uint16';
      return { lut: int ? stretchLut(stretch, 0, r.source.sampleType === 'uint8' ? 256 : 65536) : null, offset: 0, stretch };
    }))) as [BandLut, BandLut, BandLut];
    renderRgb(band(b0), band(b1), band(b2), luts, r.source.nodata, index, rgba);
  }
  return { rgba, width: ov.width, height: ov.height };
}

/**
 * Overview map of a job: the base imagery (epoch B) with the change raster blended on top where it
 * shows a change, scaled to at most `maxSidePx`. Both come from the layers' in-memory overviews, so
 * this reads nothing the tile server has not already read once.
 */
export async function renderOverviewPng(base: TileLayer, overlay: TileLayer | null, maxSidePx = 800, overlayAlpha = 0.75): Promise<{ png: Buffer; width: number; height: number }> {
  const b = await overviewRgba(base);
  if (overlay !== null) {
    const o = await overviewRgba(overlay);
    if (o.width === b.width && o.height === b.height) {
      for (let i = 0; i < o.rgba.length; i += 4) {
        if (o.rgba[i + 3] === 0) continue;
        const a = overlayAlpha;
        for (let c = 0; c < 3; c++) b.rgba[i + c] = Math.round(b.rgba[i + c] * (1 - a) + o.rgba[i + c] * a);
        b.rgba[i + 3] = 255;
      }
    }
  }
  const scale = Math.min(1, maxSidePx / Math.max(b.width, b.height));
  if (scale === 1) return { png: await encodePng(b.rgba, b.width, b.height), width: b.width, height: b.height };
  const w = Math.max(1, Math.round(b.width * scale));
  const h = Math.max(1, Math.round(b.height * scale));
  const png = await sharp(b.rgba, { raw: { width: b.width, height: b.height, channels: 4 } }).resize(w, h, { kernel: 'nearest' }).png().toBuffer();
  return { png, width: w, height: h };
}
