import { executeMaskRead, executeWindowRead } from '../../raster/index.ts';
import type { PixelArray } from '../../raster/raster-types.ts';
import { clearTransparent, validMask } from '../../kernels/index.ts';
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
  const valid = validMask(a, b, pair.nodataA, pair.nodataB, n);
  applyAlpha(pair.alphaA, pair.a.bands, a, n, valid);
  applyAlpha(pair.alphaB, pair.b.bands, b, n, valid);
  // GDAL internal masks: masked-out pixels are nodata, as GDAL's mask band says
  if (pair.maskA) clearTransparent(await executeMaskRead(pair.maskA), n, valid);
  if (pair.maskB) clearTransparent(await executeMaskRead(pair.maskB), n, valid);
  return { a, b, valid, n };
}

/** Transparent pixels (alpha 0) are nodata. */
function applyAlpha(alpha: number | null | undefined, bands: readonly number[], px: PixelArray[], n: number, valid: Uint8Array): void {
  if (alpha === null || alpha === undefined) return;
  const slot = bands.indexOf(alpha);
  if (slot >= 0) clearTransparent(px[slot], n, valid);
}
