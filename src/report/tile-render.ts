import type { PixelArray, PixelWindow } from '../raster/index.ts';
import { stretchToByte, type BandStretch } from './percentile-stretch.ts';

/**
 * Pixel kernels of the tile renderer: given the source pixels and, per output pixel, the index of the
 * source pixel it shows (-1 = outside), fill an RGBA buffer. Transparent where outside or nodata.
 */

/** Per band: a byte LUT over integer values (value + offset), or null to stretch on the fly (floats). */
export interface BandLut {
  lut: Uint8Array | null;
  offset: number;
  stretch: BandStretch;
}

/** Turns window-relative indices into indices of a larger grid holding the window (in place). */
export function rebaseIndex(index: Int32Array, window: PixelWindow, gridWidth: number): Int32Array {
  const ww = window.width;
  for (let i = 0; i < index.length; i++) {
    const k = index[i];
    if (k < 0) continue;
    const r = (k / ww) | 0;
    index[i] = (window.y + r) * gridWidth + window.x + (k - r * ww);
  }
  return index;
}

function byteOf(v: number, l: BandLut): number {
  return l.lut !== null ? l.lut[v + l.offset] : stretchToByte(v, l.stretch);
}

/** Three bands stretched to R, G, B. A pixel is transparent when any of them is nodata, NaN or ±Inf. */
export function renderRgb(
  r: PixelArray,
  g: PixelArray,
  b: PixelArray,
  luts: readonly [BandLut, BandLut, BandLut],
  nodata: number | null,
  index: Int32Array,
  out: Uint8Array,
): Uint8Array {
  const nd = nodata === null ? NaN : r instanceof Float32Array ? Math.fround(nodata) : nodata;
  const [lr, lg, lb] = luts;
  for (let i = 0; i < index.length; i++) {
    const k = index[i];
    const o = i * 4;
    if (k < 0) {
      out[o] = out[o + 1] = out[o + 2] = out[o + 3] = 0;
      continue;
    }
    const vr = r[k];
    const vg = g[k];
    const vb = b[k];
    if (vr === nd || vg === nd || vb === nd || !Number.isFinite(vr + vg + vb)) {
      out[o] = out[o + 1] = out[o + 2] = out[o + 3] = 0;
      continue;
    }
    out[o] = byteOf(vr, lr);
    out[o + 1] = byteOf(vg, lg);
    out[o + 2] = byteOf(vb, lb);
    out[o + 3] = 255;
  }
  return out;
}

/** One class band through an RGBA palette of 256 entries (values outside 0..255 are transparent). */
export function renderPalette(band: PixelArray, palette: Uint8Array, index: Int32Array, out: Uint8Array): Uint8Array {
  for (let i = 0; i < index.length; i++) {
    const k = index[i];
    const o = i * 4;
    const v = k < 0 ? -1 : band[k];
    if (v >= 0 && v <= 255 && Number.isInteger(v)) {
      const p = v * 4;
      out[o] = palette[p];
      out[o + 1] = palette[p + 1];
      out[o + 2] = palette[p + 2];
      out[o + 3] = palette[p + 3];
    } else {
      out[o] = out[o + 1] = out[o + 2] = out[o + 3] = 0;
    }
  }
  return out;
}

/** #rrggbb → [r, g, b]. */
export function hexRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1, 7), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** RGBA palette from (code, colour) pairs; codes not listed, and those in `transparent`, get alpha 0. */
export function buildPalette(entries: ReadonlyArray<{ code: number; color: string }>, transparent: readonly number[], alpha = 255): Uint8Array {
  const pal = new Uint8Array(256 * 4);
  for (const e of entries) {
    if (e.code < 0 || e.code > 255 || transparent.includes(e.code)) continue;
    const [r, g, b] = hexRgb(e.color);
    pal.set([r, g, b, alpha], e.code * 4);
  }
  return pal;
}
