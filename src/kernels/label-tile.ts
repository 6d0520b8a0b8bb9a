import { unionMin } from './union-min.ts';
import { packTileComponents, type TileComponents } from './tile-components.ts';
import { TileComponentsError } from './tile-components-error.ts';

/**
 * One tile core (width × height) plus a 1-pixel context ring: every array is (width+2) × (height+2),
 * row-major. Context pixels outside the raster must have valid = 0.
 */
export interface LabelTileInput {
  values: Int32Array;
  valid: Uint8Array;
  /** optional per-pixel weights summed per component (same layout); absent = 1 per pixel */
  weights?: Float32Array;
  width: number;
  height: number;
}

export interface LabelTileOptions {
  /** global column/row of the core's top-left pixel (chains are emitted in global vertex coordinates) */
  x0: number;
  y0: number;
  /** 4 (default, like gdal_polygonize) or 8 */
  connectivity?: 4 | 8;
}

// Module-level scratch: each worker has its own module instance, so this is reused across tasks.
// lab and sides are all -1 / 0 between calls (each call resets what it set), so a sparse tile costs its valid
// pixels, not its area; `scratchDirty` marks a call that stopped half-way (then the next one clears them).
let lab = new Int32Array(0); // padded labels (-1 = no component / context)
let sides = new Uint8Array(0); // low nibble: unvisited boundary sides (1 top, 2 right, 4 bottom, 8 left); high: has predecessor
let scratchDirty = false;
let pix = new Int32Array(0); // padded index of every valid core pixel, in scan order
let rowPix = new Int32Array(0); // pix[rowPix[i] .. rowPix[i + 1]) are the valid pixels of padded row i
let parent = new Int32Array(0);
let remap = new Int32Array(0);
let coords = new Int32Array(4096);
let nCoords = 0;
let chainComp = new Int32Array(256);
let chainClosedFlag = new Uint8Array(256);
let chainOff = new Uint32Array(257);
let nChains = 0;

// State of the tile being processed, read by successor() and the tracers.
let curValues: Int32Array = new Int32Array(0);
let curValid: Uint8Array = new Uint8Array(0);
let W2 = 0;
let gx = 0; // global x of padded column 0
let gy = 0;
const D = new Int32Array(4); // padded index step of directions E, S, W, N (= heading of sides top, right, bottom, left)
const SX = [0, 1, 1, 0]; // start vertex of side s relative to the pixel's top-left corner
const SY = [0, 0, 1, 1];

/**
 * Labels the connected components of a tile core (equal value, both valid; 4- or 8-connected) with a
 * single-pass union–find, and traces their boundaries into chains (see TileComponents). The context ring
 * tells which core-border edges are real boundaries; the labels on the core border let the stitcher merge
 * components across tiles.
 */
export function labelTile(input: LabelTileInput, opts: LabelTileOptions): TileComponents {
  const { width: w, height: h, values, valid } = input;
  const conn8 = (opts.connectivity ?? 4) === 8;
  checkInput(input, opts);
  W2 = w + 2;
  const n2 = W2 * (h + 2);
  if (lab.length < n2) {
    lab = new Int32Array(n2).fill(-1);
    sides = new Uint8Array(n2);
    scratchDirty = false;
  }
  if (scratchDirty) {
    lab.fill(-1);
    sides.fill(0);
  }
  scratchDirty = true;
  if (parent.length < w * h) {
    parent = new Int32Array(w * h);
    remap = new Int32Array(w * h);
    pix = new Int32Array(w * h);
  }
  if (rowPix.length < h + 2) rowPix = new Int32Array(h + 2);
  curValues = values;
  curValid = valid;
  gx = opts.x0 - 1;
  gy = opts.y0 - 1;
  D[0] = 1;
  D[1] = W2;
  D[2] = -1;
  D[3] = -W2;

  // Pass 1: provisional labels; parent[x] <= x always, so a root is the smallest label of its set.
  // The valid pixels are listed per row, so the later passes visit only them (change maps are mostly empty).
  let nProv = 0;
  let nPix = 0;
  // empty stretches are skipped four bytes at a time when `valid` is 4-byte aligned
  const words = valid.byteOffset % 4 === 0 ? new Uint32Array(valid.buffer, valid.byteOffset, valid.length >> 2) : null;
  for (let i = 1; i <= h; i++) {
    rowPix[i] = nPix;
    const end = i * W2 + w + 1;
    for (let p = i * W2 + 1; p < end; p++) {
      if (valid[p] === 0) {
        if (words !== null && (p & 3) === 0) {
          let q = p;
          while (q + 4 <= end && words[q >> 2] === 0) q += 4;
          if (q > p) p = q - 1; // the loop's p++ lands on the first byte not skipped
        }
        continue;
      }
      pix[nPix++] = p;
      const v = values[p];
      let l = -1;
      let q = lab[p - 1];
      if (q >= 0 && values[p - 1] === v) l = q;
      q = lab[p - W2];
      if (q >= 0 && values[p - W2] === v) l = l < 0 ? q : unionMin(parent, l, q);
      if (conn8) {
        q = lab[p - W2 - 1];
        if (q >= 0 && values[p - W2 - 1] === v) l = l < 0 ? q : unionMin(parent, l, q);
        q = lab[p - W2 + 1];
        if (q >= 0 && values[p - W2 + 1] === v) l = l < 0 ? q : unionMin(parent, l, q);
      }
      if (l < 0) {
        l = nProv++;
        parent[l] = l;
      }
      lab[p] = l;
    }
  }
  rowPix[h + 1] = nPix;

  // Resolve: compact ids in order of first appearance (raster scan order of first pixel).
  let count = 0;
  for (let l = 0; l < nProv; l++) remap[l] = parent[l] === l ? count++ : remap[parent[l]];

  const compValues = new Int32Array(count);
  const pixelCounts = new Uint32Array(count);
  const weightSums = new Float64Array(count);
  const bboxes = new Int32Array(4 * count);
  const firstCols = new Int32Array(count);
  const weights = input.weights;

  // Pass 2: final labels, per-component statistics, boundary sides.
  for (let i = 1; i <= h; i++) {
    const row = gy + i;
    const rowStart = i * W2;
    for (let t = rowPix[i]; t < rowPix[i + 1]; t++) {
      const p = pix[t];
      const j = p - rowStart;
      const k = remap[lab[p]];
      lab[p] = k;
      const col = gx + j;
      const v = values[p];
      if (pixelCounts[k] === 0) {
        compValues[k] = v;
        firstCols[k] = col;
        bboxes[4 * k] = col;
        bboxes[4 * k + 1] = row;
        bboxes[4 * k + 2] = col;
      } else {
        if (col < bboxes[4 * k]) bboxes[4 * k] = col;
        if (col > bboxes[4 * k + 2]) bboxes[4 * k + 2] = col;
      }
      bboxes[4 * k + 3] = row;
      pixelCounts[k]++;
      weightSums[k] += weights === undefined ? 1 : weights[p];
      let sd = 0;
      if (valid[p - W2] === 0 || values[p - W2] !== v) sd |= 1;
      if (valid[p + 1] === 0 || values[p + 1] !== v) sd |= 2;
      if (valid[p + W2] === 0 || values[p + W2] !== v) sd |= 4;
      if (valid[p - 1] === 0 || values[p - 1] !== v) sd |= 8;
      sides[p] = sd;
    }
  }

  // Pass 3: mark edges that have a predecessor inside the tile; the others start open chains.
  for (let t = 0; t < nPix; t++) {
    const p = pix[t];
    const sd = sides[p];
    if (sd === 0) continue;
    for (let s = 0; s < 4; s++) {
      if ((sd & (1 << s)) === 0) continue;
      const nx = successor(p, s);
      if (nx >= 0) sides[nx >> 2] |= 16 << (nx & 3);
    }
  }

  // Pass 4: open chains (from edges without predecessor), then closed rings from what is left.
  nCoords = 0;
  nChains = 0;
  chainOff[0] = 0;
  for (let t = 0; t < nPix; t++) {
    const p = pix[t];
    const sd = sides[p];
    if ((sd & 15) === 0) continue;
    for (let s = 0; s < 4; s++) {
      if ((sides[p] & (1 << s)) !== 0 && (sides[p] & (16 << s)) === 0) traceOpen(p, s);
    }
  }
  for (let t = 0; t < nPix; t++) {
    const p = pix[t];
    if ((sides[p] & 15) === 0) continue;
    for (let s = 0; s < 4; s++) {
      if ((sides[p] & (1 << s)) !== 0) traceClosed(p, s, opts);
    }
  }

  const border = new Int32Array(2 * w + 2 * h);
  for (let j = 1; j <= w; j++) {
    border[j - 1] = lab[W2 + j];
    border[w + j - 1] = lab[h * W2 + j];
  }
  for (let i = 1; i <= h; i++) {
    border[2 * w + i - 1] = lab[i * W2 + 1];
    border[2 * w + h + i - 1] = lab[i * W2 + w];
  }

  const tc = packTileComponents({
    x0: opts.x0, y0: opts.y0, width: w, height: h, connectivity: conn8 ? 8 : 4, count,
    values: compValues, pixelCounts, weightSums, bboxes, firstCols, border,
    chainComps: chainComp.subarray(0, nChains),
    chainClosed: chainClosedFlag.subarray(0, nChains),
    chainOffsets: chainOff.subarray(0, nChains + 1),
    chainCoords: coords.subarray(0, nCoords),
  });
  for (let t = 0; t < nPix; t++) {
    lab[pix[t]] = -1;
    sides[pix[t]] = 0;
  }
  scratchDirty = false;
  curValues = new Int32Array(0);
  curValid = new Uint8Array(0);
  return tc;
}


/**
 * Next boundary edge of the same component after edge (p, s), encoded q*4+t, or -1 when the tile cannot
 * decide (the continuation is owned by another tile, or a diagonal pinch whose pixels may be one component
 * only through other tiles). At a pinch of one component the boundary turns LEFT (the component connects
 * through the vertex), so an outer ring and a hole, or two holes, touch at the vertex as separate rings —
 * as GDAL does. BR = p (behind right), AR/AL = the pixels ahead right/left of the end vertex.
 */
function successor(p: number, s: number): number {
  const c = lab[p];
  const v = curValues[p];
  const ar = p + D[s];
  const al = ar - D[(s + 1) & 3];
  if (curValid[ar] !== 0 && curValues[ar] === v) {
    // AR is in the component (4-adjacent to p); AL too if it has the value (4-adjacent to AR)
    if (curValid[al] !== 0 && curValues[al] === v) return lab[al] === c ? al * 4 + ((s + 3) & 3) : -1;
    return lab[ar] === c ? ar * 4 + s : -1;
  }
  // AR is outside; AL with the value is a diagonal pinch: same component only if connected (8-conn: always)
  if (curValid[al] !== 0 && curValues[al] === v) return lab[al] === c ? al * 4 + ((s + 3) & 3) : -1;
  return p * 4 + ((s + 1) & 3);
}

function pushVertex(p: number, s: number): void {
  if (nCoords + 2 > coords.length) {
    const next = new Int32Array(coords.length * 2);
    next.set(coords);
    coords = next;
  }
  const i = (p / W2) | 0;
  coords[nCoords++] = gx + (p - i * W2) + SX[s];
  coords[nCoords++] = gy + i + SY[s];
}

function beginChain(c: number, closed: number): void {
  if (nChains + 1 >= chainComp.length) {
    const n = chainComp.length * 2;
    const a = new Int32Array(n);
    a.set(chainComp);
    chainComp = a;
    const b = new Uint8Array(n);
    b.set(chainClosedFlag);
    chainClosedFlag = b;
    const o = new Uint32Array(n + 1);
    o.set(chainOff);
    chainOff = o;
  }
  chainComp[nChains] = c;
  chainClosedFlag[nChains] = closed;
}

function endChain(): void {
  nChains++;
  chainOff[nChains] = nCoords >> 1;
}

function traceOpen(p: number, s: number): void {
  beginChain(lab[p], 0);
  pushVertex(p, s);
  for (;;) {
    sides[p] &= ~(1 << s);
    const nx = successor(p, s);
    if (nx < 0) {
      pushVertex(p, (s + 1) & 3);
      break;
    }
    const t = nx & 3;
    if (t !== s) pushVertex(p, (s + 1) & 3);
    p = nx >> 2;
    s = t;
  }
  endChain();
}

function traceClosed(p: number, s: number, opts: LabelTileOptions): void {
  const start = p * 4 + s;
  beginChain(lab[p], 1);
  for (;;) {
    sides[p] &= ~(1 << s);
    const nx = successor(p, s);
    if (nx < 0 || (sides[nx >> 2] & (1 << (nx & 3))) === 0 && nx !== start) {
      throw new TileComponentsError('E_KERNEL_INPUT', 'boundary tracing failed (inconsistent ring)', {
        tile: `${opts.x0},${opts.y0}`,
      });
    }
    const t = nx & 3;
    if (t !== s) pushVertex(p, (s + 1) & 3);
    if (nx === start) break;
    p = nx >> 2;
    s = t;
  }
  endChain();
}

function checkInput(input: LabelTileInput, opts: LabelTileOptions): void {
  const { width: w, height: h } = input;
  const tile = `${opts.x0},${opts.y0}`;
  if (!Number.isInteger(w) || !Number.isInteger(h) || w < 1 || h < 1) {
    throw new TileComponentsError('E_KERNEL_INPUT', `tile ${tile}: bad core size ${w}×${h}`, { tile });
  }
  const n2 = (w + 2) * (h + 2);
  if (input.values.length !== n2 || input.valid.length !== n2 || (input.weights !== undefined && input.weights.length !== n2)) {
    throw new TileComponentsError('E_KERNEL_INPUT',
      `tile ${tile}: arrays must hold (width+2)×(height+2) = ${n2} pixels (values ${input.values.length}, valid ${input.valid.length})`,
      { tile });
  }
  if (!Number.isInteger(opts.x0) || !Number.isInteger(opts.y0) || opts.x0 < 0 || opts.y0 < 0) {
    throw new TileComponentsError('E_KERNEL_INPUT', `tile ${tile}: origin must be non-negative integers`, { tile });
  }
  if (opts.connectivity !== undefined && opts.connectivity !== 4 && opts.connectivity !== 8) {
    throw new TileComponentsError('E_KERNEL_INPUT', `tile ${tile}: connectivity must be 4 or 8`, { tile });
  }
}
