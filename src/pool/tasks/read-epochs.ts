import { executeWindowRead } from '../../raster/index.ts';
import type { PixelArray } from '../../raster/raster-types.ts';
import { validMask } from '../../kernels/index.ts';
import type { EpochPair } from '../messages.ts';
import { readPixelCache } from './pixel-cache.ts';

export interface EpochPixels {
  a: PixelArray[];
  b: PixelArray[];
  valid: Uint8Array;
  n: number;
}

/**
 * Reads both epochs of a pair over the same window — from the pixel cache when the pair names one and it
 * is intact, else by decoding — and marks pixels valid in every band of both.
 */
export async function readEpochs(pair: EpochPair): Promise<EpochPixels> {
  const n = pair.a.window.width * pair.a.window.height;
  const cached = pair.cache ? readPixelCache(pair.cache.path, pair.cache.entries, pair.a.window, pair.a, pair.b) : null;
  if (cached) return { ...cached, n };
  const [a, b] = await Promise.all([executeWindowRead(pair.a), executeWindowRead(pair.b)]);
  return { a, b, valid: validMask(a, b, pair.nodataA, pair.nodataB, n), n };
}
