import { planWindowRead, type PixelWindow } from '../raster/index.ts';
import type { EpochPair } from '../pool/messages.ts';
import type { DetectInputs } from './detect-inputs.ts';
import type { PixelCacheIndex } from './job-caches.ts';

/** The imagery pair of a job over one window, as a worker reads it (from the pixel cache when it covers the window). */
export function epochPair(ctx: { inputs: DetectInputs; pixelCache?: PixelCacheIndex | null }, window: PixelWindow): EpochPair {
  const { imageryA, imageryB } = ctx.inputs;
  if (!imageryA || !imageryB) throw new Error('imagery pair requested in a land-use-only job');
  return {
    a: planWindowRead(imageryA, window),
    b: planWindowRead(imageryB, window),
    nodataA: imageryA.nodata,
    nodataB: imageryB.nodata,
    alphaA: imageryA.alphaBand ?? null,
    alphaB: imageryB.alphaBand ?? null,
    maskA: imageryA.mask ? planWindowRead(imageryA.mask, window) : null,
    maskB: imageryB.mask ? planWindowRead(imageryB.mask, window) : null,
    cache: ctx.pixelCache?.entriesFor(window) ?? null,
  };
}

/** The land-use pair over one window. */
export function landusePair(inputs: DetectInputs, window: PixelWindow): EpochPair {
  const { landuseA, landuseB } = inputs;
  if (!landuseA || !landuseB) throw new Error('land-use pair requested in an imagery-only job');
  return { a: planWindowRead(landuseA, window), b: planWindowRead(landuseB, window), nodataA: landuseA.nodata, nodataB: landuseB.nodata };
}
