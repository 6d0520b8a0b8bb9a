import {
  brightness,
  classifySpectral,
  combineLanduseSpectral,
  cvaMagnitude,
  ndbi,
  ndvi,
  ndwi,
  availableIndices,
  transitionCategoryCodes,
  transitionCodes,
  transitionMatrix,
  validMask,
  type BandArrays,
  type Normalization,
} from '../../kernels/index.ts';
import { executeWindowRead } from '../../raster/index.ts';
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
  let landuse: { categories: Uint8Array; transitions: Uint16Array; matrix: Float64Array } | null = null;
  if (landusePx && task.landuse) landuse = landuseCodes(landusePx[0][0], landusePx[1][0], n, task.landuse);
  let codes: Uint8Array;
  if (spectral && landuse) codes = combineLanduseSpectral(landuse.categories, spectral.codes, n);
  else if (landuse) codes = landuse.categories;
  else if (spectral) codes = spectral.codes;
  else throw new Error('change task without inputs');
  return {
    codes,
    transitionCodes: landuse?.transitions ?? new Uint16Array(0),
    magnitude: spectral?.magnitude ?? new Float32Array(0),
    transitions: landuse ? sparseTransitions(landuse.matrix) : new Float64Array(0),
    ms: { read: t1 - t0, kernel: performance.now() - t1 },
  };
}

function spectralCodes(a: BandArrays, b: BandArrays, valid: Uint8Array, n: number, p: SpectralParams) {
  const magnitude = cvaMagnitude(a, b, p.cvaBands, p.normalization, valid, n);
  const bN = p.normalization ? normalizeBands(b, p.normalization, n) : b;
  const has = availableIndices(p.roles);
  const codes = classifySpectral(
    {
      magnitude,
      valid,
      ndviA: has.ndvi ? ndvi(a, p.roles, n) : null,
      ndviB: has.ndvi ? ndvi(bN, p.roles, n) : null,
      ndwiA: has.ndwi ? ndwi(a, p.roles, n) : null,
      ndwiB: has.ndwi ? ndwi(bN, p.roles, n) : null,
      ndbiA: has.ndbi ? ndbi(a, p.roles, n) : null,
      ndbiB: has.ndbi ? ndbi(bN, p.roles, n) : null,
      brightnessA: brightness(a, null, null, n),
      brightnessB: brightness(b, null, p.normalization, n),
    },
    n,
    { threshold: p.threshold },
  );
  return { codes, magnitude };
}

/** Epoch B mapped onto A's radiometry, so band ratios see the same seasonal baseline. */
function normalizeBands(b: BandArrays, norm: Normalization, n: number): Float32Array[] {
  return b.map((band, k) => {
    const out = new Float32Array(n);
    const g = norm.gain[k];
    const o = norm.offset[k];
    for (let i = 0; i < n; i++) out[i] = band[i] * g + o;
    return out;
  });
}

function landuseCodes(luA: BandArrays[number], luB: BandArrays[number], n: number, p: LanduseParams) {
  const valid = validMask([luA], [luB], p.landuse.nodataA, p.landuse.nodataB, n);
  const transitions = transitionCodes(luA, luB, valid, n, p.remap);
  return {
    categories: transitionCategoryCodes(transitions, n),
    transitions,
    matrix: transitionMatrix(luA, luB, valid, n, p.remap),
  };
}

/** Dense 256×256 counts → [from, to, pixels] triples of the non-zero cells. */
function sparseTransitions(matrix: Float64Array): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < matrix.length; i++) if (matrix[i] > 0) out.push(i >> 8, i & 255, matrix[i]);
  return Float64Array.from(out);
}
