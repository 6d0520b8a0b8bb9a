import { constants, inflateSync } from 'node:zlib';
import type { Codec } from './codec.ts';

/** Room for a stream that inflates a little past the block (some writers pad); anything beyond is refused. */
const SLACK_BYTES = 4096;

/**
 * Compression 8 and 32946 (zlib stream). node:zlib, not a JS inflater; `maxOutputLength` stops a deflate
 * bomb at the block's size, and Z_SYNC_FLUSH returns what a truncated stream holds so the caller can
 * report the short block instead of a bare zlib error.
 */
export const deflateCodec: Codec = {
  name: 'DEFLATE',
  decode(src, expectedBytes) {
    let out: Buffer;
    try {
      out = inflateSync(src, {
        maxOutputLength: expectedBytes + SLACK_BYTES,
        chunkSize: Math.max(64, Math.min(expectedBytes + SLACK_BYTES, 4 * 1024 * 1024)),
        finishFlush: constants.Z_SYNC_FLUSH,
      });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'ERR_BUFFER_TOO_LARGE') {
        throw new Error(`deflate stream inflates past ${expectedBytes} bytes (corrupt or a deflate bomb)`);
      }
      throw new Error(`deflate stream is corrupt: ${e.message}`);
    }
    if (out.length === 0 && src.length > 0) throw new Error('deflate stream is truncated: no data');
    return out.length > expectedBytes ? out.subarray(0, expectedBytes) : out;
  },
};
