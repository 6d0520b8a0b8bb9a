import { FileByteSource } from './byte-source.ts';
import { codecFor, compressionName } from './codecs/index.ts';
import { readGeo } from './geo-keys.ts';
import { describeMaskIfd } from './mask-ifd.ts';
import { RasterError } from './raster-error.ts';
import type { RasterSource } from './raster-types.ts';
import { sampleTypeOf } from './sample-type.ts';
import { readAscii, readIfd, readNumber, readNumbers, readTiffHeader, TAG, type Ifd, type TiffHeader } from './tiff-header.ts';

/** Largest decoded block we accept (bytes): a worker allocates one. */
const MAX_BLOCK_BYTES = 2 ** 31 - 1;
const MAX_DIMENSION = 2 ** 31 - 1;
/** IFD chain length we follow for overviews before assuming a loop or a hostile file. */
const MAX_IFDS = 256;

/**
 * Opens a GeoTIFF/BigTIFF: parses the header, the first IFD and its GeoKeys, lists overview IFDs, and
 * validates everything a read relies on (dimensions, sample format, compression, layout, block tables
 * against the file size). Reads only the header bytes. Every problem is a RasterError naming the file.
 */
export async function openRaster(path: string): Promise<RasterSource> {
  const src = await FileByteSource.open(path);
  try {
    const header = await readTiffHeader(src);
    const ifd = await readIfd(src, header, header.firstIfdOffset);
    return await describe(src, header, ifd);
  } finally {
    await src.close();
  }
}

async function describe(src: FileByteSource, header: TiffHeader, ifd: Ifd): Promise<RasterSource> {
  const file = src.path;
  const num = (tag: number, fallback: number): Promise<number> => readNumber(src, header, ifd, tag, fallback);
  const width = await num(TAG.ImageWidth, 0);
  const height = await num(TAG.ImageLength, 0);
  if (!(width >= 1 && height >= 1 && width <= MAX_DIMENSION && height <= MAX_DIMENSION)) {
    throw new RasterError('E_RASTER_DIMENSIONS', `${file}: image size ${width}×${height} is invalid`, { file });
  }
  const compression = await num(TAG.Compression, 1);
  if (!codecFor(compression)) {
    throw new RasterError(
      'E_RASTER_COMPRESSION',
      `${file}: compression ${compressionName(compression)} (TIFF code ${compression}) is not supported; ` +
        `re-encode with gdal_translate -co COMPRESS=DEFLATE (or LZW)`,
      { file, compression, scheme: compressionName(compression) },
    );
  }
  const spp = await num(TAG.SamplesPerPixel, 1);
  const bitsList = (await readNumbers(src, header, ifd, TAG.BitsPerSample)) ?? [1];
  const formats = (await readNumbers(src, header, ifd, TAG.SampleFormat)) ?? [1];
  const bits = bitsList[0];
  const sampleFormat = formats[0];
  if (spp < 1 || spp > 65535) throw new RasterError('E_RASTER_LAYOUT', `${file}: ${spp} samples per pixel`, { file });
  if (bitsList.some((b) => b !== bits) || formats.some((f) => f !== sampleFormat)) {
    throw new RasterError(
      'E_RASTER_SAMPLE_FORMAT',
      `${file}: bands differ in type (BitsPerSample ${bitsList.join('/')}, SampleFormat ${formats.join('/')})`,
      { file },
    );
  }
  if (bits !== 8 && bits !== 16 && bits !== 32 && bits !== 64) {
    throw new RasterError('E_RASTER_LAYOUT', `${file}: ${bits}-bit samples are not supported (8/16/32/64 only)`, { file });
  }
  const sampleType = sampleTypeOf(sampleFormat, bits);
  if (!sampleType) {
    throw new RasterError(
      'E_RASTER_SAMPLE_FORMAT',
      `${file}: SampleFormat ${sampleFormat} with ${bits} bits is not supported ` +
        `(uint8/int8/uint16/int16/uint32/int32/float32/float64)`,
      { file, sampleFormat, bitsPerSample: bits },
    );
  }
  const photometric = await num(TAG.Photometric, 1);
  await checkPhotometric(src, header, ifd, photometric, spp);
  // libtiff runs the predictor inside LZW/Deflate only; with NONE or PackBits the tag is ignored
  const predictor = compression === 1 || compression === 32773 ? 1 : await num(TAG.Predictor, 1);
  if (predictor !== 1 && predictor !== 2 && predictor !== 3) {
    throw new RasterError('E_RASTER_PREDICTOR', `${file}: predictor ${predictor} is not defined`, { file, predictor });
  }
  if (predictor === 3 && !sampleType.startsWith('float')) {
    throw new RasterError('E_RASTER_PREDICTOR', `${file}: floating-point predictor 3 on ${sampleType} samples`, {
      file,
      predictor,
    });
  }
  const planar = await num(TAG.PlanarConfig, 1);
  if (planar !== 1 && planar !== 2) throw new RasterError('E_RASTER_LAYOUT', `${file}: PlanarConfiguration ${planar}`, { file });
  const planarConfig: 1 | 2 = spp === 1 || planar === 1 ? 1 : 2;

  const tiled = ifd.entries.has(TAG.TileWidth) || ifd.entries.has(TAG.TileOffsets);
  const blockWidth = tiled ? await num(TAG.TileWidth, 0) : width;
  const blockHeight = tiled ? await num(TAG.TileLength, 0) : Math.min(await num(TAG.RowsPerStrip, 2 ** 32 - 1), height);
  const blockBytes = blockWidth * blockHeight * (planarConfig === 1 ? spp : 1) * (bits / 8);
  if (!(blockWidth >= 1 && blockHeight >= 1) || blockBytes > MAX_BLOCK_BYTES) {
    throw new RasterError(
      'E_RASTER_DIMENSIONS',
      `${file}: block size ${blockWidth}×${blockHeight} is invalid (${blockBytes} bytes decoded)`,
      { file },
    );
  }
  const blocksAcross = Math.ceil(width / blockWidth);
  const blocksDown = Math.ceil(height / blockHeight);
  const blockCount = blocksAcross * blocksDown * (planarConfig === 2 ? spp : 1);
  const kind = tiled ? 'tile' : 'strip';
  const blockOffsets = await readBlockTable(src, header, ifd, tiled ? TAG.TileOffsets : TAG.StripOffsets, blockCount, kind);
  const blockByteCounts = await readBlockTable(
    src, header, ifd, tiled ? TAG.TileByteCounts : TAG.StripByteCounts, blockCount, kind,
  );
  checkBlockRanges(file, src.byteLength, blockOffsets, blockByteCounts, tiled, blocksAcross, blocksAcross * blocksDown);

  const geo = await readGeo(src, header, ifd);
  const nodataText = await readAscii(src, ifd, TAG.GdalNodata);
  return {
    path: file,
    byteLength: src.byteLength,
    width,
    height,
    bands: spp,
    sampleType,
    bitsPerSample: bits,
    compression,
    compressionName: compressionName(compression),
    predictor: predictor as 1 | 2 | 3,
    planarConfig,
    littleEndian: header.littleEndian,
    bigTiff: header.bigTiff,
    tiled,
    blockWidth,
    blockHeight,
    blocksAcross,
    blocksDown,
    blockOffsets,
    blockByteCounts,
    nodata: nodataText === null ? null : parseNodata(nodataText),
    photometric,
    hasColorMap: ifd.entries.has(TAG.ColorMap),
    alphaBand: alphaBandOf(spp, (await readNumbers(src, header, ifd, TAG.ExtraSamples)) ?? []),
    geo,
    ...(await listSubImages(src, header, ifd, { width, height })),
    gdalMetadata: await readAscii(src, ifd, TAG.GdalMetadata),
  };
}

async function checkPhotometric(src: FileByteSource, header: TiffHeader, ifd: Ifd, photometric: number, spp: number) {
  const file = src.path;
  if (photometric === 4 || photometric === 32844 || photometric === 32845) {
    throw new RasterError('E_RASTER_LAYOUT', `${file}: photometric interpretation ${photometric} is not supported`, {
      file,
      photometric,
    });
  }
  // Palette (3) reads as its indices, like GDAL's band values; the colour table is not applied.
  if (photometric === 3 && spp !== 1) {
    throw new RasterError('E_RASTER_LAYOUT', `${file}: palette image with ${spp} samples per pixel`, { file, photometric });
  }
  if (photometric === 6) {
    const sub = (await readNumbers(src, header, ifd, TAG.YCbCrSubSampling)) ?? [2, 2];
    if (sub[0] !== 1 || sub[1] !== 1) {
      throw new RasterError('E_RASTER_LAYOUT', `${file}: subsampled YCbCr (${sub.join('×')}) is not supported`, {
        file,
        photometric,
      });
    }
  }
}

async function readBlockTable(
  src: FileByteSource,
  header: TiffHeader,
  ifd: Ifd,
  tag: number,
  expected: number,
  kind: string,
): Promise<number[]> {
  const entry = ifd.entries.get(tag);
  if (!entry) {
    throw new RasterError('E_RASTER_HEADER', `${src.path}: ${kind} table (tag ${tag}) is missing`, { file: src.path, tag });
  }
  // like libtiff: fewer entries than blocks is fatal, extra entries are ignored
  if (entry.count < expected) {
    throw new RasterError(
      'E_RASTER_HEADER',
      `${src.path}: ${kind} table (tag ${tag}) has ${entry.count} entries, the image needs ${expected}`,
      { file: src.path, tag },
    );
  }
  const values = (await readNumbers(src, header, ifd, tag)) ?? [];
  if (values.length > expected) values.length = expected;
  return values;
}

function checkBlockRanges(
  file: string,
  fileSize: number,
  offsets: number[],
  counts: number[],
  tiled: boolean,
  blocksAcross: number,
  blocksPerBand: number,
): void {
  for (let i = 0; i < offsets.length; i++) {
    if (offsets[i] === 0 || counts[i] === 0) continue; // sparse block: reads as nodata
    if (offsets[i] + counts[i] > fileSize) {
      const inBand = i % blocksPerBand;
      const where = tiled ? `tile ${inBand % blocksAcross},${Math.floor(inBand / blocksAcross)}` : `strip ${inBand}`;
      throw new RasterError(
        'E_RASTER_BLOCK_RANGE',
        `${file}: ${where}: bytes ${offsets[i]}..${offsets[i] + counts[i]} lie past the end of the file (${fileSize} bytes; truncated?)`,
        {
          file,
          offset: offsets[i],
          ...(tiled ? { tile: `${inBand % blocksAcross},${Math.floor(inBand / blocksAcross)}` } : { strip: inBand }),
          ...(offsets.length > blocksPerBand ? { band: Math.floor(i / blocksPerBand) } : {}),
        },
      );
    }
  }
}

/**
 * The band that is alpha: ExtraSamples lists the last extra.length samples, 1 = associated (premultiplied)
 * and 2 = unassociated alpha, 0 = unspecified (an ordinary band, e.g. bands 2…n of a MINISBLACK image).
 */
export function alphaBandOf(spp: number, extra: readonly number[]): number | null {
  if (extra.length === 0 || extra.length > spp) return null;
  const k = extra.findIndex((v) => v === 1 || v === 2);
  return k < 0 ? null : spp - extra.length + k;
}

/** GDAL_NODATA text: "0", "-32768", "nan", "inf", "-1e+38"… Unparseable text is treated as no nodata. */
export function parseNodata(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (t === 'nan' || t === '-nan') return Number.NaN;
  if (t === 'inf' || t === '+inf' || t === 'infinity') return Number.POSITIVE_INFINITY;
  if (t === '-inf' || t === '-infinity') return Number.NEGATIVE_INFINITY;
  const v = Number(t);
  return t === '' || Number.isNaN(v) ? null : v;
}

/**
 * Along the IFD chain: reduced-resolution IFDs (NewSubfileType bit 0, not masks) and the image's own
 * transparency mask (GDAL internal mask). A broken chain just ends the walk.
 */
async function listSubImages(
  src: FileByteSource,
  header: TiffHeader,
  first: Ifd,
  image: { width: number; height: number },
): Promise<{ overviews: Array<{ width: number; height: number }>; mask: RasterSource | null }> {
  const overviews: Array<{ width: number; height: number }> = [];
  let mask: RasterSource | null = null;
  const seen = new Set<number>([first.offset]);
  let next = first.nextIfdOffset;
  while (next !== 0 && !seen.has(next) && seen.size < MAX_IFDS) {
    seen.add(next);
    let ifd: Ifd;
    try {
      ifd = await readIfd(src, header, next);
    } catch {
      break;
    }
    const subfile = await readNumber(src, header, ifd, TAG.NewSubfileType, 0);
    if ((subfile & 1) === 1 && (subfile & 4) === 0) {
      overviews.push({
        width: await readNumber(src, header, ifd, TAG.ImageWidth, 0),
        height: await readNumber(src, header, ifd, TAG.ImageLength, 0),
      });
    } else if (mask === null && (subfile & 4) === 4) {
      try {
        mask = await describeMaskIfd(src, header, ifd, image);
      } catch {
        mask = null; // an unreadable mask IFD is ignored like a broken overview
      }
    }
    next = ifd.nextIfdOffset;
  }
  return { overviews, mask };
}
