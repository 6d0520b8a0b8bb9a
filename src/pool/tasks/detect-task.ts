import {
  CHANGE_NODATA,
  NO_CHANGE,
  TRANSITION_INVALID,
  brightness,
  classifySpectral,
  cleanChanges,
  codeCounts,
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
import { labelTile } from '../../kernels/label-tile.ts';
import { encodeTileComponents } from '../../kernels/tile-components.ts';
import type { DetectResult, DetectTask, SpectralParams, LanduseParams } from '../messages.ts';
import { readEpochs } from './read-epochs.ts';

/**
 * Polygon class value of a pixel: the change code, and in land-use modes also the transition, so every
 * polygon has exactly one from→to (value = code·10000 + from·100 + to).
 */
export const VALUE_CODE_FACTOR = 10000;

interface SpectralOut {
  codes: Uint8Array;
  magnitude: Float32Array;
  valid: Uint8Array;
}

interface LanduseOut {
  categories: Uint8Array;
  transitions: Uint16Array;
  luA: BandArrays[number];
  luB: BandArrays[number];
  valid: Uint8Array;
}

/**
 * Pass "detect" for one tile: change codes over core + halo, morphological cleanup (exact thanks to the
 * halo), then connected components of the core with a 1-px context ring for seam-free stitching.
 */
export async function detectTask(task: DetectTask): Promise<DetectResult> {
  const t0 = performance.now();
  const { read } = task;
  const n = read.width * read.height;
  const [spectralPx, landusePx] = await Promise.all([
    task.spectral ? readEpochs(task.spectral.imagery) : null,
    task.landuse ? Promise.all([executeWindowRead(task.landuse.landuse.a), executeWindowRead(task.landuse.landuse.b)]) : null,
  ]);
  const t1 = performance.now();

  const spectral = spectralPx && task.spectral ? spectralCodes(spectralPx.a, spectralPx.b, spectralPx.valid, n, task.spectral) : null;
  const landuse = landusePx && task.landuse ? landuseCodes(landusePx[0][0], landusePx[1][0], n, task.landuse) : null;
  let codes: Uint8Array;
  if (spectral && landuse) codes = combineLanduseSpectral(landuse.categories, spectral.codes, n);
  else if (landuse) codes = landuse.categories;
  else if (spectral) codes = spectral.codes;
  else throw new Error('detect task without inputs');
  cleanChanges(codes, read.width, read.height, { openR: task.openRadiusPx, closeR: task.closeRadiusPx }, codes);
  const t2 = performance.now();

  const { core } = task;
  const coreCodes = new Uint8Array(core.width * core.height);
  for (let r = 0; r < core.height; r++) {
    const src = (core.y - read.y + r) * read.width + (core.x - read.x);
    coreCodes.set(codes.subarray(src, src + core.width), r * core.width);
  }
  const components = encodeTileComponents(
    labelTile(labelInput(task, codes, landuse?.transitions ?? null, spectral?.magnitude ?? null), {
      x0: core.x,
      y0: core.y,
      connectivity: task.connectivity,
    }),
  );
  const t3 = performance.now();

  return {
    codes: coreCodes,
    components,
    codeCounts: codeCounts(coreCodes, coreCodes.length),
    transitions: landuse ? sparseTransitions(coreTransitionMatrix(task, landuse)) : new Float64Array(0),
    validPixels: countValid(coreCodes),
    ms: { read: t1 - t0, kernel: t2 - t1, label: t3 - t2 },
  };
}

function spectralCodes(a: BandArrays, b: BandArrays, valid: Uint8Array, n: number, p: SpectralParams): SpectralOut {
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
  return { codes, magnitude, valid };
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

function landuseCodes(luA: BandArrays[number], luB: BandArrays[number], n: number, p: LanduseParams): LanduseOut {
  const valid = validMask([luA], [luB], p.landuse.nodataA, p.landuse.nodataB, n);
  const transitions = transitionCodes(luA, luB, valid, n, p.remap);
  const categories = transitionCategoryCodes(transitions, n);
  return { categories, transitions, luA, luB, valid };
}

/**
 * The core plus a 1-px context ring, as labelTile wants it. Context outside the raster is invalid.
 * Changed pixels (code ∉ {0, 255}) are polygonized; unchanged and nodata are background.
 */
function labelInput(task: DetectTask, codes: Uint8Array, transitions: Uint16Array | null, magnitude: Float32Array | null) {
  const { core, read } = task;
  const w2 = core.width + 2;
  const h2 = core.height + 2;
  const values = new Int32Array(w2 * h2);
  const valid = new Uint8Array(w2 * h2);
  const weights = magnitude ? new Float32Array(w2 * h2) : undefined;
  for (let r = 0; r < h2; r++) {
    const y = core.y - 1 + r;
    if (y < 0 || y >= task.rasterHeight) continue;
    for (let c = 0; c < w2; c++) {
      const x = core.x - 1 + c;
      if (x < 0 || x >= task.rasterWidth) continue;
      const src = (y - read.y) * read.width + (x - read.x);
      const code = codes[src];
      if (code === NO_CHANGE || code === CHANGE_NODATA) continue;
      const t = transitions ? transitions[src] : 0;
      const i = r * w2 + c;
      valid[i] = 1;
      values[i] = code * VALUE_CODE_FACTOR + (t === TRANSITION_INVALID ? 0 : t);
      // quantised to 1/16 so per-patch sums are exact in any tile order (tile size never changes them)
      if (weights && magnitude) weights[i] = Math.round(magnitude[src] * 16) / 16;
    }
  }
  return { values, valid, weights, width: core.width, height: core.height };
}

function coreTransitionMatrix(task: DetectTask, lu: LanduseOut): Float64Array {
  const { core, read } = task;
  const n = core.width * core.height;
  const Ctor = lu.luA.constructor as { new (n: number): typeof lu.luA };
  const a = new Ctor(n);
  const b = new Ctor(n);
  const v = new Uint8Array(n);
  for (let r = 0; r < core.height; r++) {
    const src = (core.y - read.y + r) * read.width + (core.x - read.x);
    a.set(lu.luA.subarray(src, src + core.width) as never, r * core.width);
    b.set(lu.luB.subarray(src, src + core.width) as never, r * core.width);
    v.set(lu.valid.subarray(src, src + core.width), r * core.width);
  }
  return transitionMatrix(a, b, v, n, task.landuse?.remap ?? null);
}

/** Dense 256×256 counts → [from, to, pixels] triples of the non-zero cells. */
function sparseTransitions(matrix: Float64Array): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < matrix.length; i++) if (matrix[i] > 0) out.push(i >> 8, i & 255, matrix[i]);
  return Float64Array.from(out);
}

function countValid(coreCodes: Uint8Array): number {
  let v = 0;
  for (let i = 0; i < coreCodes.length; i++) if (coreCodes[i] !== CHANGE_NODATA) v++;
  return v;
}
