import { CHANGE_NODATA, NO_CHANGE, POLYGON_VALUE_CODE_FACTOR, TRANSITION_INVALID, cleanChanges, codeCounts, encodeTileComponents, labelTile } from '../../kernels/index.ts';
import { encodeSieveComponents } from '../../kernels/sieve-components.ts';
import { packSieveExtras } from '../../kernels/sieve-extras.ts';
import type { LabelResult, LabelTask } from '../messages.ts';
import { coreSieveComponents, sieveLabels } from './sieve-tile.ts';

/**
 * Polygon class value of a pixel: the change code and, in land-use modes, the transition, so every
 * polygon has exactly one from→to (value = code·2^22 + from·2048 + to; see POLYGON_VALUE_CODE_FACTOR).
 */
export const VALUE_CODE_FACTOR = POLYGON_VALUE_CODE_FACTOR;

/**
 * Step 2 of the detect pass: morphological cleanup over the window (exact in the core thanks to the
 * halo), then connected components of the core with a 1-px context ring for seam-free stitching.
 */
export function labelTask(task: LabelTask): LabelResult {
  const t0 = performance.now();
  const { core, window: win } = task;
  const codes = task.codes;
  cleanChanges(codes, win.width, win.height, { openR: task.openRadiusPx, closeR: task.closeRadiusPx }, codes);
  const coreCodes = new Uint8Array(core.width * core.height);
  for (let r = 0; r < core.height; r++) {
    const src = (core.y - win.y + r) * win.width + (core.x - win.x);
    coreCodes.set(codes.subarray(src, src + core.width), r * core.width);
  }
  let components: Uint8Array;
  let sieveExtras: Uint8Array | undefined;
  if (task.mmuMode === 'merge') {
    const sc = coreSieveComponents(coreCodes, coreTransitions(task), core, task.rasterWidth, task.connectivity);
    components = encodeSieveComponents(sc);
    sieveExtras = packSieveExtras(
      coreCodes, coreCodes.length, sieveLabels(), sc.sizes, task.sieveThresholdPx ?? 0,
      task.transitionCodes.length > 0 ? task.transitionCodes : null,
      task.magnitude.length > 0 ? task.magnitude : null,
      core.width, { dx: core.x - win.x, dy: core.y - win.y, width: win.width },
    );
  } else {
    components = encodeTileComponents(labelTile(labelInput(task, codes), { x0: core.x, y0: core.y, connectivity: task.connectivity }));
  }
  return {
    codes: coreCodes,
    components,
    codeCounts: codeCounts(coreCodes, coreCodes.length),
    validPixels: countValid(coreCodes),
    ...(sieveExtras ? { sieveExtras } : {}),
    ms: performance.now() - t0,
  };
}

// per-worker scratch for labelInput (each worker has its own module instance)
let scratch = { values: new Int32Array(0), valid: new Uint8Array(0), weights: new Float32Array(0) };

/**
 * The core plus a 1-px context ring, as labelTile wants it. Context outside the raster is invalid.
 * Changed pixels (code ∉ {0, 255}) are polygonized; unchanged and nodata are background.
 */
function labelInput(task: LabelTask, codes: Uint8Array) {
  const { core, window: win } = task;
  const transitions = task.transitionCodes.length > 0 ? task.transitionCodes : null;
  const magnitude = task.magnitude.length > 0 ? task.magnitude : null;
  const w2 = core.width + 2;
  const h2 = core.height + 2;
  const n2 = w2 * h2;
  if (scratch.valid.length < n2) scratch = { values: new Int32Array(n2), valid: new Uint8Array(n2), weights: new Float32Array(n2) };
  // only `valid` needs clearing: values and weights are read where valid = 1, and written there first
  const values = scratch.values.subarray(0, n2);
  const valid = scratch.valid.subarray(0, n2);
  valid.fill(0);
  const weights = magnitude ? scratch.weights.subarray(0, n2) : undefined;
  for (let r = 0; r < h2; r++) {
    const y = core.y - 1 + r;
    if (y < 0 || y >= task.rasterHeight) continue;
    for (let c = 0; c < w2; c++) {
      const x = core.x - 1 + c;
      if (x < 0 || x >= task.rasterWidth) continue;
      const src = (y - win.y) * win.width + (x - win.x);
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

/** The window's transition codes cut to the core (land-use modes), or null. */
function coreTransitions(task: LabelTask): Uint32Array | null {
  const { core, window: win } = task;
  if (task.transitionCodes.length === 0) return null;
  const out = new Uint32Array(core.width * core.height);
  for (let r = 0; r < core.height; r++) {
    const src = (core.y - win.y + r) * win.width + (core.x - win.x);
    out.set(task.transitionCodes.subarray(src, src + core.width), r * core.width);
  }
  return out;
}

function countValid(coreCodes: Uint8Array): number {
  let v = 0;
  for (let i = 0; i < coreCodes.length; i++) if (coreCodes[i] !== CHANGE_NODATA) v++;
  return v;
}
