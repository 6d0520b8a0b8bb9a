import { executeWindowRead, planWindowRead, type GeoTransform, type PixelArray, type RasterSource } from '../raster/index.ts';

/** A nearest-neighbour reduced copy of some bands of a raster, held in memory. */
export interface Overview {
  width: number;
  height: number;
  /** source pixels per overview pixel along each axis */
  step: number;
  /** band-sequential, row-major, width × height each, in the order asked */
  bands: PixelArray[];
  /** geotransform of the overview grid (pixel size × step) */
  geoTransform: GeoTransform;
}

/** Widest window read at once, in pixels: bounds memory whatever the image width. */
const CHUNK_WIDTH_PX = 4096;

/**
 * Reads every `step`-th pixel (the middle one of each step × step cell) so the longest side is at most
 * `maxSidePx`. Only block rows holding a sampled row are decoded, in windows at most CHUNK_WIDTH_PX wide,
 * so memory stays O(chunk × block height) beyond the result.
 */
export async function readDecimated(src: RasterSource, bands: number[], maxSidePx = 1024): Promise<Overview> {
  const step = Math.max(1, Math.ceil(Math.max(src.width, src.height) / maxSidePx));
  const ow = Math.ceil(src.width / step);
  const oh = Math.ceil(src.height / step);
  const off = step >> 1;
  const srcCol = (j: number) => Math.min(src.width - 1, j * step + off);
  const srcRow = (i: number) => Math.min(src.height - 1, i * step + off);
  const out: PixelArray[] = [];
  const gt = src.geo.geoTransform ?? [0, 1, 0, 0, 0, 1];
  let i = 0;
  while (i < oh) {
    // the overview rows whose source rows fall in the same block row
    const blockRow = Math.floor(srcRow(i) / src.blockHeight);
    let i1 = i;
    while (i1 + 1 < oh && Math.floor(srcRow(i1 + 1) / src.blockHeight) === blockRow) i1++;
    const y0 = srcRow(i);
    const winH = srcRow(i1) - y0 + 1;
    for (let x0 = 0; x0 < src.width; x0 += CHUNK_WIDTH_PX) {
      const winW = Math.min(CHUNK_WIDTH_PX, src.width - x0);
      const j0 = Math.ceil(Math.max(0, x0 - off) / step);
      if (srcCol(j0) >= x0 + winW || j0 >= ow) continue;
      const data = await executeWindowRead(planWindowRead(src, { x: x0, y: y0, width: winW, height: winH }, bands));
      if (out.length === 0) for (const d of data) out.push(new (d.constructor as new (n: number) => PixelArray)(ow * oh));
      for (let b = 0; b < data.length; b++) {
        const from = data[b];
        const to = out[b];
        for (let ii = i; ii <= i1; ii++) {
          const rowBase = (srcRow(ii) - y0) * winW;
          const outBase = ii * ow;
          for (let j = j0; j < ow; j++) {
            const c = srcCol(j);
            if (c >= x0 + winW) break;
            to[outBase + j] = from[rowBase + c - x0];
          }
        }
      }
    }
    i = i1 + 1;
  }
  return {
    width: ow,
    height: oh,
    step,
    bands: out,
    geoTransform: [gt[0], gt[1] * step, gt[2] * step, gt[3], gt[4] * step, gt[5] * step],
  };
}
