import { openForReading, readFully } from './byte-source.ts';
import { codecFor, compressionName } from './codecs/index.ts';
import { decodeBlock } from './decode-block.ts';
import { RasterError } from './raster-error.ts';
import type { WindowRead } from './raster-types.ts';

/**
 * Runs the WindowRead of a 1-bit transparency mask (planWindowRead of RasterSource.mask): out[i] = 0 where
 * the pixel is masked out (transparent), 1 where it is visible. Rows of a 1-bit block are padded to whole
 * bytes, most significant bit first (FillOrder 1). A block never written (offset or count 0) is visible,
 * as GDAL reads it.
 */
export async function executeMaskRead(req: WindowRead, out: Uint8Array = new Uint8Array(req.window.width * req.window.height)): Promise<Uint8Array> {
  const file = req.path;
  const codec = codecFor(req.compression);
  if (!codec || req.bitsPerSample !== 1) {
    throw new RasterError('E_RASTER_COMPRESSION', `${file}: mask compression ${compressionName(req.compression)} (${req.bitsPerSample} bit) is not supported`, { file });
  }
  const { window: win, blockWidth, blockHeight } = req;
  out.fill(1, 0, win.width * win.height);
  const rowBytes = Math.ceil(blockWidth / 8);
  const handle = await openForReading(file);
  try {
    let raw = new Uint8Array(0);
    for (const b of req.blocks) {
      if (b.offset === 0 || b.byteCount === 0) continue;
      if (raw.length < b.byteCount) raw = new Uint8Array(b.byteCount);
      const bytes = raw.subarray(0, b.byteCount);
      await readFully(handle, bytes, b.offset, file);
      const rows = Math.min(blockHeight, req.imageHeight - b.blockRow * blockHeight);
      let bits: Uint8Array;
      try {
        bits = decodeBlock(bytes, codec, { rowSamples: rowBytes, storedRows: blockHeight, rows, stride: 1, bytesPerSample: 1, predictor: 1, littleEndian: req.littleEndian });
      } catch (err) {
        throw new RasterError('E_RASTER_DECODE', `${file}: mask block ${b.blockCol},${b.blockRow}: ${(err as Error).message} (block at byte ${b.offset})`, {
          file, offset: b.offset, tile: `${b.blockCol},${b.blockRow}`,
        });
      }
      const bx0 = b.blockCol * blockWidth;
      const by0 = b.blockRow * blockHeight;
      const c0 = Math.max(bx0, win.x);
      const c1 = Math.min(bx0 + blockWidth, win.x + win.width);
      const r1 = Math.min(by0 + rows, win.y + win.height);
      for (let r = Math.max(by0, win.y); r < r1; r++) {
        const src = (r - by0) * rowBytes;
        let dst = (r - win.y) * win.width + (c0 - win.x);
        for (let c = c0 - bx0; c < c1 - bx0; c++) out[dst++] = (bits[src + (c >> 3)] >> (7 - (c & 7))) & 1;
      }
    }
  } finally {
    await handle.close();
  }
  return out;
}
