import {
  CHANGE_NODATA,
  NO_CHANGE,
  POLYGON_VALUE_CODE_FACTOR,
  TRANSITION_INVALID,
  codeCounts,
  labelTile,
  lastSieveRuns,
  sieveComponents,
  type SieveComponents,
  encodeTileComponents,
  expandSieveTransitions,
  unpackSieveExtras,
  type TileComponents,
} from '../../kernels/index.ts';
import type { PixelWindow } from '../../raster/raster-types.ts';
import type { SieveApplyResult, SieveApplyTask } from '../messages.ts';

/** Polygon value = code·FACTOR + transition (see label-task.ts). */
const FACTOR = POLYGON_VALUE_CODE_FACTOR;

let values = new Int32Array(0);
let valid = new Uint8Array(0);
let labels = new Int32Array(0);

/**
 * The sieve's polygon values of a core: every valid pixel (code ≠ 255) is a polygon pixel, value 0 for no
 * change, code·FACTOR + transition otherwise — exactly what the stitcher polygonizes, plus the background.
 */
export function sievePolygonValues(codes: Uint8Array, transitions: Uint32Array | null, n: number, outValues: Int32Array, outValid: Uint8Array): void {
  for (let i = 0; i < n; i++) {
    const code = codes[i];
    if (code === CHANGE_NODATA) {
      outValid[i] = 0;
      outValues[i] = 0;
      continue;
    }
    outValid[i] = 1;
    if (code === NO_CHANGE) {
      outValues[i] = 0;
      continue;
    }
    const t = transitions ? transitions[i] : 0;
    outValues[i] = code * FACTOR + (t === TRANSITION_INVALID ? 0 : t);
  }
}

function scratch(n: number): void {
  if (values.length < n) {
    values = new Int32Array(n);
    valid = new Uint8Array(n);
    labels = new Int32Array(n);
  }
}

/** Sieve components of a cleaned core (codes, transitions in core layout). */
export function coreSieveComponents(
  codes: Uint8Array, transitions: Uint32Array | null, core: PixelWindow, rasterWidth: number, connectivity: 4 | 8,
): SieveComponents {
  const n = core.width * core.height;
  scratch(n);
  sievePolygonValues(codes, transitions, n, values, valid);
  return sieveComponents(values, valid, core.width, core.height, { x0: core.x, y0: core.y, rasterWidth, connectivity }, labels);
}

/** Local component id per core pixel (-1 nodata) from the last coreSieveComponents call (scratch: copy to keep). */
export function sieveLabels(): Int32Array {
  return labels;
}

/** What sieveApplyTile needs (the pool task without its tile ref). */
export type SieveApplyInput = Omit<SieveApplyTask, 'tile'>;

export interface SieveApplyTileResult {
  /** sieved change codes of the core */
  codes: Uint8Array;
  components: TileComponents;
  codeCounts: Float64Array;
}

// scratch of the padded (core + ring) labelTile input; only pvalid needs clearing (see label-task.ts)
let pv = new Int32Array(0);
let pvalid = new Uint8Array(0);
let pw = new Float32Array(0);
let denseTransitions = new Uint32Array(0);
let finalCodes = new Uint8Array(0);

/**
 * Phase 3 of the merge-mode MMU for one tile: relabel the checkpointed core (same kernel, same ids), give
 * every pixel its component's sieved value, and polygonize the changed pixels (value ≠ 0) with the
 * sieved ring as context, exactly as the label step does in drop mode.
 */
export function sieveApplyTile(t: SieveApplyInput): SieveApplyTileResult {
  const { core } = t;
  const w = core.width;
  const h = core.height;
  const n = w * h;
  const extras = unpackSieveExtras(t.extras);
  let transitions: Uint32Array | null = null;
  if (extras.transitions) {
    if (denseTransitions.length < n) denseTransitions = new Uint32Array(n);
    transitions = denseTransitions.subarray(0, n);
    expandSieveTransitions(t.codes, n, extras.transitions, transitions);
  }
  const sc = coreSieveComponents(t.codes, transitions, core, t.rasterWidth, t.connectivity);
  if (sc.count !== t.finalValues.length) {
    throw new Error(`tile ${core.x},${core.y}: ${sc.count} components, but ${t.finalValues.length} sieved values`);
  }
  const out = new Uint8Array(n);
  const W2 = w + 2;
  const n2 = W2 * (h + 2);
  if (pvalid.length < n2) {
    pv = new Int32Array(n2);
    pvalid = new Uint8Array(n2);
    pw = new Float32Array(n2);
  }
  pvalid.fill(0, 0, n2);
  const weights = extras.weights;
  const T = t.thresholdPx;
  const sizes = sc.sizes;
  const finalValues = t.finalValues;
  if (finalCodes.length < sc.count) finalCodes = new Uint8Array(sc.count);
  for (let l = 0; l < sc.count; l++) finalCodes[l] = Math.floor(finalValues[l] / FACTOR);
  // run by run (a run is one component with one pre-sieve value; value 0 = no change, which keeps a weight
  // only when its component is under the threshold — see sieveKeepsWeight)
  const runs = lastSieveRuns();
  let j = 0;
  for (let r = 0; r < h; r++) {
    const i0 = r * w;
    const p0 = (r + 1) * W2 + 1 - i0;
    let x = 0;
    for (let k = runs.rowRuns[r]; k < runs.rowRuns[r + 1]; k++) {
      const s = runs.start[k];
      const e = runs.end[k];
      if (x < s) out.fill(CHANGE_NODATA, i0 + x, i0 + s);
      x = e;
      const l = runs.label[k];
      out.fill(finalCodes[l], i0 + s, i0 + e);
      const v = finalValues[l];
      const keeps = weights !== null && (runs.value[k] !== 0 || sizes[l] < T);
      if (v !== 0) {
        pv.fill(v, p0 + i0 + s, p0 + i0 + e);
        pvalid.fill(1, p0 + i0 + s, p0 + i0 + e);
        if (weights !== null) {
          if (keeps) for (let i = i0 + s; i < i0 + e; i++) pw[p0 + i] = weights[j++];
          else pw.fill(0, p0 + i0 + s, p0 + i0 + e);
        }
      } else if (keeps) {
        j += e - s;
      }
    }
    if (x < w) out.fill(CHANGE_NODATA, i0 + x, i0 + w);
  }
  if (weights && j !== weights.length) {
    throw new Error(`tile ${core.x},${core.y}: ${weights.length} weights in the checkpoint, ${j} pixels that keep one`);
  }
  for (let c = 0; c < W2; c++) {
    setRing(t, c, c);
    setRing(t, (h + 1) * W2 + c, W2 + c);
  }
  for (let r = 0; r < h; r++) {
    setRing(t, (r + 1) * W2, 2 * W2 + r);
    setRing(t, (r + 1) * W2 + w + 1, 2 * W2 + h + r);
  }
  const components = labelTile(
    { values: pv.subarray(0, n2), valid: pvalid.subarray(0, n2), weights: weights ? pw.subarray(0, n2) : undefined, width: w, height: h },
    { x0: core.x, y0: core.y, connectivity: t.connectivity },
  );
  return { codes: out, components, codeCounts: codeCounts(out, n) };
}

/** Ring entry i of the task at padded position p (ring pixels carry no weight). */
function setRing(t: SieveApplyInput, p: number, i: number): void {
  if (t.ringValid[i] !== 0 && t.ringValues[i] !== 0) {
    pv[p] = t.ringValues[i];
    pvalid[p] = 1;
    pw[p] = 0;
  }
}

/** Worker handler of the 'sieveApply' task. */
export function sieveApplyTask(task: SieveApplyTask): SieveApplyResult {
  const t0 = performance.now();
  const r = sieveApplyTile(task);
  return { codes: r.codes, components: encodeTileComponents(r.components), codeCounts: r.codeCounts, ms: performance.now() - t0 };
}
