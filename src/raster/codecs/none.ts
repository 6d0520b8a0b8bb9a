import type { Codec } from './codec.ts';

/** Compression 1: the stored bytes are the pixels. */
export const noneCodec: Codec = {
  name: 'NONE',
  decode(src, expectedBytes) {
    return src.length > expectedBytes ? src.subarray(0, expectedBytes) : src;
  },
};
