import type { FileHandle } from 'node:fs/promises';
import { openForReading, readFully } from './byte-source.ts';
import { codecFor, compressionName, type Codec } from './codecs/index.ts';
import { copyBlock, fusesPredictor } from './copy-block.ts';
import { decodeBlock, type BlockShape } from './decode-block.ts';
import { openRaster } from './open-raster.ts';
import { planWindowRead } from './plan-window-read.ts';
import { RasterError } from './raster-error.ts';
import type { BlockRef, PixelArray, PixelWindow, WindowRead } from './raster-types.ts';
import { bytesPerSample, newPixelArray } from './sample-type.ts';

/** Blocks closer than this in the file are fetched by one read (the gap is read and dropped). */
const COALESCE_GAP_BYTES = 64 * 1024;
/** Upper bound of one coalesced read. */
const MAX_READ_BYTES = 16 * 1024 * 1024;
/** Largest decoded window (all requested bands): a hostile header (e.g. 40 000 bands) must not exhaust memory. */
export const MAX_WINDOW_BYTES = 1024 * 1024 * 1024;

/** open + plan + execute: for tests and small tools. */
export async function readWindow(path: string, window: PixelWindow, bands?: number[]): Promise<PixelArray[]> {
  return executeWindowRead(planWindowRead(await openRaster(path), window, bands));
}

/**
 * Runs a WindowRead (what workers do): one file handle per call, block byte ranges read with nearby ranges
 * coalesced, each block decoded (codec → byte order → predictor) and its window part copied out. Returns
 * one array per requested band, band-sequential, row-major, window.width × window.height.
 */
export async function executeWindowRead(req: WindowRead): Promise<PixelArray[]> {
  const file = req.path;
  const codec = codecFor(req.compression);
  if (!codec) {
    throw new RasterError('E_RASTER_COMPRESSION', `${file}: compression ${compressionName(req.compression)} is not supported`, {
      file,
      compression: req.compression,
    });
  }
  if (bytesPerSample(req.sampleType) * 8 !== req.bitsPerSample) {
    throw new RasterError('E_RASTER_SAMPLE_FORMAT', `${file}: ${req.bitsPerSample} bits for ${req.sampleType}`, { file });
  }
  const pixels = req.window.width * req.window.height;
  const windowBytes = pixels * req.bands.length * bytesPerSample(req.sampleType);
  if (windowBytes > MAX_WINDOW_BYTES) {
    throw new RasterError(
      'E_RASTER_WINDOW',
      `${file}: reading ${req.window.width}×${req.window.height} px × ${req.bands.length} bands needs ${windowBytes} bytes, ` +
        `more than the ${MAX_WINDOW_BYTES}-byte limit of one window`,
      { file },
    );
  }
  const outs = req.bands.map(() => newPixelArray(req.sampleType, pixels));
  const stored: BlockRef[] = [];
  let sparse = false;
  for (const b of req.blocks) {
    if (b.offset === 0 || b.byteCount === 0) sparse = true;
    else stored.push(b);
  }
  // GDAL fills blocks that were never written with nodata (else 0)
  if (sparse && req.nodata != null && req.nodata !== 0) for (const o of outs) o.fill(req.nodata);
  if (stored.length === 0) return outs;

  const handle = await openForReading(file);
  try {
    const fileSize = Math.min((await handle.stat()).size, req.byteLength);
    for (const b of stored) {
      if (b.offset + b.byteCount > fileSize) {
        throw new RasterError(
          'E_RASTER_BLOCK_RANGE',
          `${file}: ${blockName(req, b)}: bytes ${b.offset}..${b.offset + b.byteCount} lie past the end of the file (${fileSize} bytes; truncated?)`,
          blockDetails(req, b),
        );
      }
    }
    stored.sort((a, b) => a.offset - b.offset);
    await readAndDecode(handle, req, stored, codec, outs);
  } finally {
    await handle.close();
  }
  return outs;
}

async function readAndDecode(handle: FileHandle, req: WindowRead, blocks: BlockRef[], codec: Codec, outs: PixelArray[]) {
  let readBuf = new Uint8Array(0); // reused across groups of this call (not shared: calls may interleave)
  let i = 0;
  while (i < blocks.length) {
    const start = blocks[i].offset;
    let end = start + blocks[i].byteCount;
    let j = i + 1;
    while (j < blocks.length) {
      const b = blocks[j];
      const bEnd = Math.max(end, b.offset + b.byteCount);
      if (b.offset > end + COALESCE_GAP_BYTES || bEnd - start > MAX_READ_BYTES) break;
      end = bEnd;
      j++;
    }
    if (readBuf.length < end - start) readBuf = new Uint8Array(end - start);
    const group = readBuf.subarray(0, end - start);
    await readFully(handle, group, start, req.path);
    for (let k = i; k < j; k++) {
      const b = blocks[k];
      const raw = group.subarray(b.offset - start, b.offset - start + b.byteCount);
      copyBlock(decodeOne(raw, codec, req, b), req, b, outs);
    }
    i = j;
  }
}

function decodeOne(raw: Uint8Array, codec: Codec, req: WindowRead, b: BlockRef): Uint8Array {
  const samples = req.planarConfig === 2 ? 1 : req.samplesPerPixel;
  const shape: BlockShape = {
    rowSamples: req.blockWidth * samples,
    storedRows: req.blockHeight,
    // only rows inside the image are needed: a short last strip is normal, and some writers also
    // store bottom-edge tiles short (GDAL reads those too, e.g. autotest contig_tiled.tif)
    rows: Math.min(req.blockHeight, req.imageHeight - b.blockRow * req.blockHeight),
    stride: samples,
    bytesPerSample: req.bitsPerSample / 8,
    predictor: fusesPredictor(req) ? 1 : req.predictor, // copyBlock undoes it while de-interleaving
    littleEndian: req.littleEndian,
  };
  try {
    return decodeBlock(raw, codec, shape);
  } catch (err) {
    if (err instanceof RasterError) throw err;
    throw new RasterError(
      'E_RASTER_DECODE',
      `${req.path}: ${blockName(req, b)}: ${(err as Error).message} (block at byte ${b.offset}, ${b.byteCount} bytes)`,
      blockDetails(req, b),
    );
  }
}

function blockName(req: WindowRead, b: BlockRef): string {
  const tiled = req.tiled ?? req.blockWidth !== req.imageWidth;
  const where = tiled ? `tile ${b.blockCol},${b.blockRow}` : `strip ${b.blockRow}`;
  return b.band >= 0 ? `${where} of band ${b.band + 1}` : where;
}

function blockDetails(req: WindowRead, b: BlockRef): Record<string, unknown> {
  const tiled = req.tiled ?? req.blockWidth !== req.imageWidth;
  return {
    file: req.path,
    offset: b.offset,
    ...(tiled ? { tile: `${b.blockCol},${b.blockRow}` } : { strip: b.blockRow, tile: `0,${b.blockRow}` }),
    ...(b.band >= 0 ? { band: b.band } : {}),
  };
}
