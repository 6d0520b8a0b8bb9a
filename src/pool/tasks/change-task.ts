import {
  classifySpectralSparse,
  combineLanduseSpectral,
  cvaMagnitude,
  classPairCounts,
  packClassPairCounts,
  transitionCategoryCodes,
  transitionCodes,
  validMask,
  type BandArrays,
} from '../../kernels/index.ts';
import { executeWindowRead } from '../../raster/index.ts';
import type { PixelWindow } from '../../raster/raster-types.ts';
import type { ChangeResult, ChangeTask, LanduseParams, SpectralParams } from '../messages.ts';
import { readEpochs } from './read-epochs.ts';

/**
 * Step 1 of the detect pass: per-pixel change codes of the tile core (no halo: each source block is
 * decoded once), plus what labelling needs: transition codes and CVA magnitude.
 */
export async function changeTask(task: ChangeTask): Promise<ChangeResult> {
  const t0 = performance.now();
  const n = task.core.width * task.core.height;
  const [spectralPx, landusePx] = await Promise.all([
    task.spectral ? readEpochs(task.spectral.imagery) : null,
    task.landuse ? Promise.all([executeWindowRead(task.landuse.landuse.a), executeWindowRead(task.landuse.landuse.b)]) : null,
  ]);
  const t1 = performance.now();

  const spectral = spectralPx && task.spectral ? spectralCodes(spectralPx.a, spectralPx.b, spectralPx.valid, n, task.spectral) : null;
  let landuse: { categories: Uint8Array; transitions: Uint32Array; counts: Float64Array } | null = null;
  if (landusePx && task.landuse) landuse = landuseCodes(landusePx[0][0], landusePx[1][0], task.core, task.countWindow ?? task.core, task.landuse);
  let codes: Uint8Array;
  if (spectral && landuse) codes = combineLanduseSpectral(landuse.categories, spectral.codes, n);
  else if (landuse) codes = landuse.categories;
  else if (spectral) codes = spectral.codes;
  else throw new Error('change task without inputs');
  return {
    codes,
    transitionCodes: landuse?.transitions ?? new Uint32Array(0),
    magnitude: spectral?.magnitude ?? new Float32Array(0),
    transitions: landuse ? landuse.counts : new Float64Array(0),
    ms: { read: t1 - t0, kernel: performance.now() - t1 },
  };
}

function spectralCodes(a: BandArrays, b: BandArrays, valid: Uint8Array, n: number, p: SpectralParams) {
  const magnitude = cvaMagnitude(a, b, p.cvaBands, p.normalization, valid, n);
  // indices only where the magnitude passes the threshold: same bytes as the full-array classifier
  const codes = classifySpectralSparse(a, b, p.roles, p.normalization, magnitude, valid, n, { threshold: p.threshold });
  return { codes, magnitude };
}

function landuseCodes(luA: BandArrays[number], luB: BandArrays[number], win: PixelWindow, count: PixelWindow, p: LanduseParams) {
  const n = win.width * win.height;
  const valid = validMask([luA], [luB], p.landuse.nodataA, p.landuse.nodataB, n);
  const transitions = transitionCodes(luA, luB, valid, n, p.remap);
  const whole = count.x === win.x && count.y === win.y && count.width === win.width && count.height === win.height;
  const m = count.width * count.height;
  return {
    categories: transitionCategoryCodes(transitions, n),
    transitions,
    counts: packClassPairCounts(whole
      ? classPairCounts(luA, luB, valid, n, p.remap)
      : classPairCounts(crop(luA, win, count), crop(luB, win, count), crop(valid, win, count), m, p.remap)),
  };
}

/** The `part` of an array laid out over `win` (same element type). */
function crop<T extends BandArrays[number] | Uint8Array>(a: T, win: PixelWindow, part: PixelWindow): T {
  const out = new (a.constructor as new (n: number) => T)(part.width * part.height);
  for (let y = 0; y < part.height; y++) {
    const src = (part.y - win.y + y) * win.width + (part.x - win.x);
    (out as Uint8Array).set((a as Uint8Array).subarray(src, src + part.width), y * part.width);
  }
  return out;
}
