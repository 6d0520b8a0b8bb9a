import { executeWindowRead } from '../../raster/index.ts';
import type { PixelArray } from '../../raster/raster-types.ts';
import { validMask } from '../../kernels/index.ts';
import type { EpochPair } from '../messages.ts';

export interface EpochPixels {
  a: PixelArray[];
  b: PixelArray[];
  valid: Uint8Array;
  n: number;
}

/** Reads both epochs of a pair over the same window and marks pixels valid in every band of both. */
export async function readEpochs(pair: EpochPair): Promise<EpochPixels> {
  const [a, b] = await Promise.all([executeWindowRead(pair.a), executeWindowRead(pair.b)]);
  const n = pair.a.window.width * pair.a.window.height;
  return { a, b, valid: validMask(a, b, pair.nodataA, pair.nodataB, n), n };
}
