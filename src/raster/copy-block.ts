import type { BlockRef, PixelArray, WindowRead } from './raster-types.ts';
import { pixelView } from './sample-type.ts';

/**
 * True when the horizontal predictor is better undone while de-interleaving (chunky, several samples per
 * pixel, integer samples of up to 32 bits): one pass over the block instead of two, and only over the
 * requested bands. decodeBlock then skips the predictor and copyBlock runs the running sums.
 */
export function fusesPredictor(req: WindowRead): boolean {
  return (
    req.predictor === 2 && req.planarConfig === 1 && req.samplesPerPixel > 1 &&
    req.bitsPerSample <= 32 && !req.sampleType.startsWith('float')
  );
}

/** Copies the window part of one decoded block (native order) into the per-band outputs. */
export function copyBlock(bytes: Uint8Array, req: WindowRead, b: BlockRef, outs: PixelArray[]): void {
  const { window: win, blockWidth, blockHeight } = req;
  const spp = req.planarConfig === 2 ? 1 : req.samplesPerPixel;
  const bytesPerSample = req.bitsPerSample / 8;
  const bx0 = b.blockCol * blockWidth;
  const by0 = b.blockRow * blockHeight;
  const rows = bytes.length / (blockWidth * spp * bytesPerSample);
  const c0 = Math.max(bx0, win.x);
  const c1 = Math.min(bx0 + blockWidth, win.x + win.width);
  const r0 = Math.max(by0, win.y);
  const r1 = Math.min(by0 + rows, win.y + win.height);
  if (c0 >= c1 || r0 >= r1) return;
  const samples = rows * blockWidth * spp;
  const fused = fusesPredictor(req);
  const view = fused
    ? pixelView(bytesPerSample === 1 ? 'uint8' : bytesPerSample === 2 ? 'uint16' : 'uint32', bytes.buffer, bytes.byteOffset, samples)
    : pixelView(req.sampleType, bytes.buffer, bytes.byteOffset, samples);
  const n = c1 - c0;
  const col0 = c0 - bx0;
  const col1 = c1 - bx0;
  // rows outer, bands inner: a block row stays in L1 while every band is pulled out of it
  for (let r = r0; r < r1; r++) {
    const srcRow = (r - by0) * blockWidth * spp;
    const dst = (r - win.y) * win.width + (c0 - win.x);
    for (let slot = 0; slot < req.bands.length; slot++) {
      const band = req.bands[slot];
      if (b.band >= 0 && b.band !== band) continue;
      const out = outs[slot];
      if (fused) {
        accumulateRow(view, out, spp, srcRow + band, col0, col1, dst);
      } else if (spp === 1) {
        // same element type on both sides: a memcpy
        (out as Uint8Array).set(view.subarray(srcRow + col0, srcRow + col1) as Uint8Array, dst);
      } else {
        deinterleaveRow(view, out, spp, srcRow + col0 * spp + band, dst, n);
      }
    }
  }
}

function deinterleaveRow(view: PixelArray, out: PixelArray, spp: number, s: number, d: number, n: number): void {
  const dEnd = d + n;
  while (d < dEnd) {
    out[d++] = view[s];
    s += spp;
  }
}

/**
 * Predictor 2 for one band of one chunky block row, written straight to the output: a running sum from
 * the block's first column (it must start there even when the window starts further right). The typed
 * store wraps the int32 sum to the sample type, as libtiff's unsigned adds do.
 */
function accumulateRow(
  view: PixelArray, out: PixelArray, spp: number, s: number, col0: number, col1: number, d: number,
): void {
  let acc = view[s];
  for (let c = 1; c <= col0; c++) {
    s += spp;
    acc = (acc + view[s]) | 0;
  }
  out[d++] = acc;
  for (let c = col0 + 1; c < col1; c++) {
    s += spp;
    acc = (acc + view[s]) | 0;
    out[d++] = acc;
  }
}
