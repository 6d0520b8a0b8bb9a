import { RasterError } from './raster-error.ts';
import type { BlockRef, PixelWindow, RasterSource, WindowRead } from './raster-types.ts';

/**
 * Lists the blocks a pixel window touches (for planar files only the blocks of the requested bands) and
 * packs what a worker needs to read them. Pure: no I/O. The window must lie inside the raster.
 */
export function planWindowRead(src: RasterSource, window: PixelWindow, bands?: number[]): WindowRead {
  const { x, y, width, height } = window;
  const file = src.path;
  if (![x, y, width, height].every(Number.isInteger) || width < 1 || height < 1) {
    throw new RasterError('E_RASTER_WINDOW', `${file}: window ${fmt(window)} is not a non-empty integer window`, {
      file,
      window,
    });
  }
  if (x < 0 || y < 0 || x + width > src.width || y + height > src.height) {
    throw new RasterError(
      'E_RASTER_WINDOW',
      `${file}: window ${fmt(window)} lies outside the raster (${src.width}×${src.height})`,
      { file, window },
    );
  }
  const wanted = bands ?? Array.from({ length: src.bands }, (_, i) => i);
  if (wanted.length === 0) throw new RasterError('E_RASTER_WINDOW', `${file}: no bands requested`, { file });
  for (const b of wanted) {
    if (!Number.isInteger(b) || b < 0 || b >= src.bands) {
      throw new RasterError('E_RASTER_WINDOW', `${file}: band index ${b} is outside 0..${src.bands - 1}`, { file, band: b });
    }
  }
  const col0 = Math.floor(x / src.blockWidth);
  const col1 = Math.floor((x + width - 1) / src.blockWidth);
  const row0 = Math.floor(y / src.blockHeight);
  const row1 = Math.floor((y + height - 1) / src.blockHeight);
  const perBand = src.blocksAcross * src.blocksDown;
  const blocks: BlockRef[] = [];
  const blockBands = src.planarConfig === 2 ? [...new Set(wanted)] : [-1];
  for (const band of blockBands) {
    const base = band < 0 ? 0 : band * perBand;
    for (let row = row0; row <= row1; row++) {
      for (let col = col0; col <= col1; col++) {
        const i = base + row * src.blocksAcross + col;
        blocks.push({ offset: src.blockOffsets[i], byteCount: src.blockByteCounts[i], blockCol: col, blockRow: row, band });
      }
    }
  }
  return {
    path: src.path,
    byteLength: src.byteLength,
    window: { x, y, width, height },
    bands: [...wanted],
    sampleType: src.sampleType,
    bitsPerSample: src.bitsPerSample,
    samplesPerPixel: src.bands,
    compression: src.compression,
    predictor: src.predictor,
    planarConfig: src.planarConfig,
    littleEndian: src.littleEndian,
    blockWidth: src.blockWidth,
    blockHeight: src.blockHeight,
    tiled: src.tiled,
    imageWidth: src.width,
    imageHeight: src.height,
    nodata: src.nodata,
    blocks,
  };
}

function fmt(w: PixelWindow): string {
  return `x=${w.x} y=${w.y} ${w.width}×${w.height}`;
}
