import type { FileByteSource } from './byte-source.ts';
import { codecFor } from './codecs/index.ts';
import type { RasterSource } from './raster-types.ts';
import { readNumber, readNumbers, TAG, type Ifd, type TiffHeader } from './tiff-header.ts';

/** NewSubfileType bit 2: a transparency mask (GDAL's internal mask, `GDAL_TIFF_INTERNAL_MASK=YES`, `-mask`). */
const SUBFILE_MASK = 4;
const PHOTOMETRIC_MASK = 4;

/**
 * The full-resolution transparency mask of the main image, if this IFD is one: NewSubfileType 4 (not a reduced
 * overview), PhotometricInterpretation 4, 1 bit, 1 sample, the main image's size, a codec we decode. Described
 * as a 1-band RasterSource with bitsPerSample 1, so planWindowRead lists its blocks; read it with
 * executeMaskRead. Anything else (an overview's mask, an odd layout) is not the image's mask: null.
 */
export async function describeMaskIfd(
  src: FileByteSource,
  header: TiffHeader,
  ifd: Ifd,
  image: { width: number; height: number },
): Promise<RasterSource | null> {
  const num = (tag: number, fallback: number): Promise<number> => readNumber(src, header, ifd, tag, fallback);
  const subfile = await num(TAG.NewSubfileType, 0);
  if ((subfile & SUBFILE_MASK) === 0 || (subfile & 1) === 1) return null;
  if ((await num(TAG.Photometric, 0)) !== PHOTOMETRIC_MASK) return null;
  const width = await num(TAG.ImageWidth, 0);
  const height = await num(TAG.ImageLength, 0);
  if (width !== image.width || height !== image.height) return null;
  if ((await num(TAG.BitsPerSample, 1)) !== 1 || (await num(TAG.SamplesPerPixel, 1)) !== 1) return null;
  const compression = await num(TAG.Compression, 1);
  if (!codecFor(compression)) return null;
  const tiled = ifd.entries.has(TAG.TileWidth);
  const blockWidth = tiled ? await num(TAG.TileWidth, 0) : width;
  const blockHeight = tiled ? await num(TAG.TileLength, 0) : Math.min(await num(TAG.RowsPerStrip, 2 ** 32 - 1), height);
  if (!(blockWidth >= 1 && blockHeight >= 1)) return null;
  const blocksAcross = Math.ceil(width / blockWidth);
  const blocksDown = Math.ceil(height / blockHeight);
  const offsets = await readNumbers(src, header, ifd, tiled ? TAG.TileOffsets : TAG.StripOffsets);
  const counts = await readNumbers(src, header, ifd, tiled ? TAG.TileByteCounts : TAG.StripByteCounts);
  const blocks = blocksAcross * blocksDown;
  if (!offsets || !counts || offsets.length < blocks || counts.length < blocks) return null;
  for (let i = 0; i < blocks; i++) if (offsets[i] + counts[i] > src.byteLength) return null;
  return {
    path: src.path,
    byteLength: src.byteLength,
    width,
    height,
    bands: 1,
    sampleType: 'uint8',
    bitsPerSample: 1,
    compression,
    compressionName: 'mask',
    predictor: 1,
    planarConfig: 1,
    littleEndian: header.littleEndian,
    bigTiff: header.bigTiff,
    tiled,
    blockWidth,
    blockHeight,
    blocksAcross,
    blocksDown,
    blockOffsets: offsets.slice(0, blocks),
    blockByteCounts: counts.slice(0, blocks),
    nodata: null,
    photometric: PHOTOMETRIC_MASK,
    geo: { epsg: null, geographic: null, geoTransform: null, rasterType: 'area', geoKeys: {} },
    overviews: [],
    gdalMetadata: null,
  };
}
