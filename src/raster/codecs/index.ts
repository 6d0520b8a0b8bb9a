import type { Codec } from './codec.ts';
import { deflateCodec } from './deflate.ts';
import { lzwCodec } from './lzw.ts';
import { noneCodec } from './none.ts';
import { packbitsCodec } from './packbits.ts';

export type { Codec } from './codec.ts';

/** Supported codecs keyed by TIFF Compression tag value. A new compression is one file plus one line here. */
export const CODECS: ReadonlyMap<number, Codec> = new Map<number, Codec>([
  [1, noneCodec],
  [5, lzwCodec],
  [8, deflateCodec],
  [32946, deflateCodec], // old (pre-TIFF 6 technote) Deflate code, same zlib stream
  [32773, packbitsCodec],
]);

/** Names of compression codes, supported or not, so errors can say what a file uses. */
const COMPRESSION_NAMES: Record<number, string> = {
  1: 'NONE',
  2: 'CCITTRLE',
  3: 'CCITTFAX3',
  4: 'CCITTFAX4',
  5: 'LZW',
  6: 'OJPEG',
  7: 'JPEG',
  8: 'DEFLATE',
  32946: 'DEFLATE',
  32773: 'PACKBITS',
  32809: 'THUNDERSCAN',
  32908: 'PIXARFILM',
  32909: 'PIXARLOG',
  34661: 'JBIG',
  34676: 'SGILOG',
  34677: 'SGILOG24',
  34712: 'JP2000',
  34887: 'LERC',
  34892: 'LOSSY_JPEG',
  34925: 'LZMA',
  50000: 'ZSTD',
  50001: 'WEBP',
  50002: 'JXL',
};

export function codecFor(compression: number): Codec | undefined {
  return CODECS.get(compression);
}

export function compressionName(compression: number): string {
  return COMPRESSION_NAMES[compression] ?? `UNKNOWN(${compression})`;
}
