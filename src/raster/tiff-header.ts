import type { FileByteSource } from './byte-source.ts';
import { RasterError } from './raster-error.ts';

/** TIFF tags the reader uses. */
export const TAG = {
  NewSubfileType: 254,
  ImageWidth: 256,
  ImageLength: 257,
  BitsPerSample: 258,
  Compression: 259,
  Photometric: 262,
  StripOffsets: 273,
  SamplesPerPixel: 277,
  RowsPerStrip: 278,
  StripByteCounts: 279,
  PlanarConfig: 284,
  Predictor: 317,
  ColorMap: 320,
  TileWidth: 322,
  TileLength: 323,
  TileOffsets: 324,
  TileByteCounts: 325,
  SubIFDs: 330,
  ExtraSamples: 338,
  SampleFormat: 339,
  YCbCrSubSampling: 530,
  ModelPixelScale: 33550,
  ModelTiepoint: 33922,
  ModelTransformation: 34264,
  GeoKeyDirectory: 34735,
  GeoDoubleParams: 34736,
  GeoAsciiParams: 34737,
  GdalMetadata: 42112,
  GdalNodata: 42113,
} as const;

/** Byte size of one value of each TIFF field type (0 = unknown type). */
const TYPE_SIZE = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4, 0, 0, 8, 8, 8];

export interface TiffHeader {
  littleEndian: boolean;
  bigTiff: boolean;
  firstIfdOffset: number;
}

export interface IfdEntry {
  tag: number;
  type: number;
  count: number;
  /** the value bytes when they fit in the entry, else null (then `valueOffset` points at them) */
  inline: Uint8Array | null;
  valueOffset: number;
}

export interface Ifd {
  offset: number;
  entries: Map<number, IfdEntry>;
  nextIfdOffset: number;
}

/** Most entries a sane IFD has; BigTIFF allows 2^64, which would let a hostile file make us read gigabytes. */
const MAX_IFD_ENTRIES = 4096;

export async function readTiffHeader(src: FileByteSource): Promise<TiffHeader> {
  const notTiff = (why: string): RasterError =>
    new RasterError('E_RASTER_NOT_TIFF', `${src.path}: not a TIFF file (${why})`, { file: src.path });
  if (src.byteLength < 8) throw notTiff(`${src.byteLength} bytes`);
  const b = await src.read(0, Math.min(16, src.byteLength), 'TIFF header');
  let littleEndian: boolean;
  if (b[0] === 0x49 && b[1] === 0x49) littleEndian = true;
  else if (b[0] === 0x4d && b[1] === 0x4d) littleEndian = false;
  else throw notTiff('no II/MM byte-order mark');
  const dv = view(b);
  const magic = dv.getUint16(2, littleEndian);
  if (magic === 42) {
    return { littleEndian, bigTiff: false, firstIfdOffset: dv.getUint32(4, littleEndian) };
  }
  if (magic === 43) {
    if (b.length < 16) throw notTiff('BigTIFF header truncated');
    if (dv.getUint16(4, littleEndian) !== 8 || dv.getUint16(6, littleEndian) !== 0) {
      throw new RasterError('E_RASTER_HEADER', `${src.path}: BigTIFF header has an unsupported offset size`, {
        file: src.path,
      });
    }
    return { littleEndian, bigTiff: true, firstIfdOffset: toSafe(dv.getBigUint64(8, littleEndian), src.path, 8) };
  }
  throw notTiff(`magic number ${magic}`);
}

export async function readIfd(src: FileByteSource, header: TiffHeader, offset: number): Promise<Ifd> {
  const { littleEndian, bigTiff } = header;
  const countSize = bigTiff ? 8 : 2;
  const entrySize = bigTiff ? 20 : 12;
  const inlineSize = bigTiff ? 8 : 4;
  if (offset < 8 || offset + countSize > src.byteLength) {
    throw new RasterError('E_RASTER_HEADER', `${src.path}: IFD offset ${offset} is invalid`, { file: src.path, offset });
  }
  const countBytes = await src.read(offset, countSize, 'IFD entry count');
  const count = bigTiff
    ? toSafe(view(countBytes).getBigUint64(0, littleEndian), src.path, offset)
    : view(countBytes).getUint16(0, littleEndian);
  if (count === 0 || count > MAX_IFD_ENTRIES) {
    throw new RasterError('E_RASTER_HEADER', `${src.path}: IFD at byte ${offset} declares ${count} entries`, {
      file: src.path,
      offset,
    });
  }
  const body = await src.read(offset + countSize, count * entrySize + (bigTiff ? 8 : 4), 'IFD entries');
  const dv = view(body);
  const entries = new Map<number, IfdEntry>();
  for (let i = 0; i < count; i++) {
    const p = i * entrySize;
    const tag = dv.getUint16(p, littleEndian);
    const type = dv.getUint16(p + 2, littleEndian);
    const n = bigTiff ? toSafe(dv.getBigUint64(p + 4, littleEndian), src.path, offset) : dv.getUint32(p + 4, littleEndian);
    const size = type < TYPE_SIZE.length ? TYPE_SIZE[type] : 0;
    if (size === 0) continue; // unknown field type: the spec says skip it
    const byteCount = size * n;
    const valuePos = p + (bigTiff ? 12 : 8);
    if (byteCount <= inlineSize) {
      entries.set(tag, { tag, type, count: n, inline: body.subarray(valuePos, valuePos + byteCount), valueOffset: -1 });
    } else {
      const valueOffset = bigTiff
        ? toSafe(dv.getBigUint64(valuePos, littleEndian), src.path, offset)
        : dv.getUint32(valuePos, littleEndian);
      if (valueOffset + byteCount > src.byteLength) {
        throw new RasterError(
          'E_RASTER_HEADER',
          `${src.path}: tag ${tag} values (${n} × ${size} bytes at byte ${valueOffset}) lie past the end of the file (${src.byteLength} bytes)`,
          { file: src.path, offset: valueOffset, tag },
        );
      }
      entries.set(tag, { tag, type, count: n, inline: null, valueOffset });
    }
  }
  const nextPos = count * entrySize;
  const nextIfdOffset = bigTiff
    ? toSafe(dv.getBigUint64(nextPos, littleEndian), src.path, offset)
    : dv.getUint32(nextPos, littleEndian);
  return { offset, entries, nextIfdOffset };
}

async function entryBytes(src: FileByteSource, entry: IfdEntry): Promise<Uint8Array> {
  if (entry.inline) return entry.inline;
  return src.read(entry.valueOffset, entry.count * TYPE_SIZE[entry.type], `tag ${entry.tag} values`);
}

/** All values of a numeric tag (rationals as quotients), or null when the tag is absent. */
export async function readNumbers(src: FileByteSource, header: TiffHeader, ifd: Ifd, tag: number): Promise<number[] | null> {
  const entry = ifd.entries.get(tag);
  if (!entry) return null;
  const bytes = await entryBytes(src, entry);
  return decodeNumbers(bytes, entry, header.littleEndian, src.path);
}

/** First value of a numeric tag, or `fallback` when absent. */
export async function readNumber(
  src: FileByteSource,
  header: TiffHeader,
  ifd: Ifd,
  tag: number,
  fallback: number,
): Promise<number> {
  const values = await readNumbers(src, header, ifd, tag);
  return values && values.length > 0 ? values[0] : fallback;
}

/** ASCII tag as a string (trailing NULs removed), or null when absent. */
export async function readAscii(src: FileByteSource, ifd: Ifd, tag: number): Promise<string | null> {
  const entry = ifd.entries.get(tag);
  if (!entry) return null;
  const bytes = await entryBytes(src, entry);
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  return new TextDecoder('latin1').decode(bytes.subarray(0, end));
}

function decodeNumbers(b: Uint8Array, entry: IfdEntry, le: boolean, path: string): number[] {
  const dv = view(b);
  const n = entry.count;
  const out = new Array<number>(n);
  switch (entry.type) {
    case 1: case 2: case 7: for (let i = 0; i < n; i++) out[i] = b[i]; break;
    case 6: for (let i = 0; i < n; i++) out[i] = dv.getInt8(i); break;
    case 3: for (let i = 0; i < n; i++) out[i] = dv.getUint16(i * 2, le); break;
    case 8: for (let i = 0; i < n; i++) out[i] = dv.getInt16(i * 2, le); break;
    case 4: case 13: for (let i = 0; i < n; i++) out[i] = dv.getUint32(i * 4, le); break;
    case 9: for (let i = 0; i < n; i++) out[i] = dv.getInt32(i * 4, le); break;
    case 11: for (let i = 0; i < n; i++) out[i] = dv.getFloat32(i * 4, le); break;
    case 12: for (let i = 0; i < n; i++) out[i] = dv.getFloat64(i * 8, le); break;
    case 5: for (let i = 0; i < n; i++) out[i] = dv.getUint32(i * 8, le) / dv.getUint32(i * 8 + 4, le); break;
    case 10: for (let i = 0; i < n; i++) out[i] = dv.getInt32(i * 8, le) / dv.getInt32(i * 8 + 4, le); break;
    case 16: case 18: for (let i = 0; i < n; i++) out[i] = toSafe(dv.getBigUint64(i * 8, le), path, entry.valueOffset); break;
    case 17: for (let i = 0; i < n; i++) out[i] = Number(dv.getBigInt64(i * 8, le)); break;
    default:
      throw new RasterError('E_RASTER_HEADER', `${path}: tag ${entry.tag} has unsupported field type ${entry.type}`, {
        file: path,
        tag: entry.tag,
      });
  }
  return out;
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

function toSafe(v: bigint, path: string, offset: number): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RasterError('E_RASTER_HEADER', `${path}: 64-bit value ${v} at IFD byte ${offset} is too large`, {
      file: path,
      offset,
    });
  }
  return Number(v);
}
