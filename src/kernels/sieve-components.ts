import { unionMin } from './union-min.ts';
import type { LabelledCore } from './tile-components.ts';
import { KernelError } from './kernel-error.ts';

/**
 * The polygon graph of one tile core for a gdal_sieve-style minimum mapping unit ("merge into the largest
 * neighbour"): every valid pixel belongs to a component (equal value, 4- or 8-connected — value 0, no
 * change, is a component like any other), and two components are adjacent when two of their pixels are
 * neighbours under the same connectivity. Invalid (nodata) pixels belong to nothing and neighbour nothing.
 *
 * `pairKeys` orders adjacencies the way GDALSieveFilter meets them: it scans the whole raster row by row and
 * compares each pixel with its upper, upper-left (8), upper-right (8) and left neighbours in that order, so
 * the first comparison of a pixel pair gets key ((y·rasterWidth + x)·4 + k), k = 0 up, 1 up-left,
 * 2 up-right, 3 left, with (x, y) the GLOBAL position of the later pixel. Its tie-break between equally
 * large neighbours is "the one met first", i.e. the smallest key — which this makes tile-size invariant.
 */
export interface SieveComponents extends LabelledCore {
  /** per component: pixels in this core */
  sizes: Uint32Array;
  /** adjacent pairs inside the core, deduplicated: pairA[i] < pairB[i] (local ids) */
  pairA: Int32Array;
  pairB: Int32Array;
  /** per pair: key of its first comparison in GDAL's scan order (global, see above) */
  pairKeys: Float64Array;
  /** core border labels (-1 = nodata): top row (width), bottom row (width), left col (height), right col (height) */
  border: Int32Array;
}

export interface SieveComponentsOptions {
  x0: number;
  y0: number;
  /** width of the whole raster (for the global scan keys) */
  rasterWidth: number;
  connectivity: 4 | 8;
}

/** Most components one tile may have (ids must stay far from the Int32 range). */
const MAX_COMPONENTS = 94_906_265;

let parent = new Int32Array(0);
let remap = new Int32Array(0);
// runs of the current core: [start, end) columns, value, provisional then final label; rowRuns[y] = first run of row y
let runStart = new Int32Array(0);
let runEnd = new Int32Array(0);
let runValue = new Int32Array(0);
let runLabel = new Int32Array(0);
let rowRuns = new Int32Array(0);
let pa = new Int32Array(1024);
let pb = new Int32Array(1024);
let pk = new Float64Array(1024);
let pairCount = 0;
/** the last pair seen (the same pair repeating along a run boundary is the common case) */
let lastPair = -1;
/** open-addressing set of the pairs found: slot → pair index, -1 empty; kept at most half full */
let pairTable = new Int32Array(2048).fill(-1);

/**
 * Labels the valid pixels of a core (values/valid are width × height, row-major) and collects sizes, values,
 * adjacency and border labels. `labels` (width × height) receives each pixel's local id, -1 for nodata.
 * Deterministic: the same input gives the same ids, so a later pass can relabel a checkpointed core.
 *
 * Works on runs (maximal horizontal stretches of one value): change rasters are mostly one value, so a row is
 * a handful of runs and the cost per pixel is one comparison and a fill.
 */
export function sieveComponents(
  values: Int32Array,
  valid: Uint8Array,
  width: number,
  height: number,
  opts: SieveComponentsOptions,
  labels: Int32Array = new Int32Array(width * height),
): SieveComponents {
  const n = width * height;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new KernelError('E_KERNEL_INPUT', `sieveComponents: bad core size ${width}×${height}`);
  }
  if (values.length < n || valid.length < n || labels.length < n) {
    throw new KernelError('E_KERNEL_INPUT', `sieveComponents: arrays must hold ${width}×${height} = ${n} pixels`);
  }
  const conn8 = opts.connectivity === 8;
  // diagonal reach: runs of adjacent rows touch when their column ranges overlap (4) or are one column apart (8)
  const reach = conn8 ? 1 : 0;
  if (runStart.length < n) {
    runStart = new Int32Array(n);
    runEnd = new Int32Array(n);
    runValue = new Int32Array(n);
    runLabel = new Int32Array(n);
    parent = new Int32Array(n);
    remap = new Int32Array(n);
  }
  if (rowRuns.length < height + 1) rowRuns = new Int32Array(height + 1);

  // Pass 1: runs, each a provisional label, united with the touching runs of equal value in the row above
  // (parent[x] <= x, so a root is the smallest label of its set: the set's first run in scan order).
  let nRuns = 0;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    rowRuns[y] = nRuns;
    let x = 0;
    while (x < width) {
      if (valid[row + x] === 0) {
        x++;
        continue;
      }
      const v = values[row + x];
      let e = x + 1;
      while (e < width && valid[row + e] !== 0 && values[row + e] === v) e++;
      runStart[nRuns] = x;
      runEnd[nRuns] = e;
      runValue[nRuns] = v;
      parent[nRuns] = nRuns;
      nRuns++;
      x = e;
    }
  }
  rowRuns[height] = nRuns;
  for (let y = 1; y < height; y++) {
    let q = rowRuns[y - 1];
    const qEnd = rowRuns[y];
    for (let r = rowRuns[y]; r < rowRuns[y + 1]; r++) {
      const s = runStart[r] - reach;
      const e = runEnd[r] + reach;
      while (q < qEnd && runEnd[q] <= s) q++;
      for (let k = q; k < qEnd && runStart[k] < e; k++) {
        if (runValue[k] === runValue[r]) unionMin(parent, r, k);
      }
    }
  }
  let count = 0;
  for (let r = 0; r < nRuns; r++) {
    const root = findRoot(r);
    remap[r] = root === r ? count++ : remap[root];
  }
  if (count > MAX_COMPONENTS) {
    throw new KernelError('E_KERNEL_INPUT', `sieveComponents: ${count} components in one tile; use a smaller tile size`);
  }

  // Pass 2: final labels, sizes, values; adjacency with the key of each pair's first comparison in GDAL's scan
  // (per pixel: up k=0, up-left 1, up-right 2, left 3), i.e. the smallest key among the pair's comparisons.
  const compValues = new Int32Array(count);
  const sizes = new Uint32Array(count);
  pairCount = 0;
  lastPair = -1;
  pairTable.fill(-1);
  const rw = opts.rasterWidth;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const rowKey = (opts.y0 + y) * rw + opts.x0;
    let x = 0;
    for (let r = rowRuns[y]; r < rowRuns[y + 1]; r++) {
      const s = runStart[r];
      const e = runEnd[r];
      if (s - x > 16) labels.fill(-1, row + x, row + s);
      else for (let i = row + x; i < row + s; i++) labels[i] = -1;
      x = e;
      const a = remap[r];
      runLabel[r] = a;
      if (e - s > 16) labels.fill(a, row + s, row + e);
      else for (let i = row + s; i < row + e; i++) labels[i] = a;
      if (sizes[a] === 0) compValues[a] = runValue[r];
      sizes[a] += e - s;
      // left neighbour: the previous run when it ends where this one starts
      if (r > rowRuns[y] && runEnd[r - 1] === s && runLabel[r - 1] !== a) pairEvent(a, runLabel[r - 1], (rowKey + s) * 4 + 3);
    }
    if (x < width) labels.fill(-1, row + x, row + width);
    if (y === 0) continue;
    let q = rowRuns[y - 1];
    const qEnd = rowRuns[y];
    for (let r = rowRuns[y]; r < rowRuns[y + 1]; r++) {
      const s = runStart[r];
      const e = runEnd[r];
      const a = runLabel[r];
      while (q < qEnd && runEnd[q] <= s - reach) q++;
      for (let k = q; k < qEnd && runStart[k] < e + reach; k++) {
        const b = runLabel[k];
        if (b === a) continue;
        const qs = runStart[k];
        const qe = runEnd[k];
        // first pixel x of [s, e) whose up (x), up-left (x - 1) or up-right (x + 1) neighbour lies in [qs, qe)
        const xu = s > qs ? s : qs;
        if (xu < e && xu < qe) pairEvent(a, b, (rowKey + xu) * 4);
        if (conn8) {
          const xl = s > qs + 1 ? s : qs + 1;
          if (xl < e && xl < qe + 1) pairEvent(a, b, (rowKey + xl) * 4 + 1);
          const xr = s > qs - 1 ? s : qs - 1;
          if (xr < e && xr < qe - 1) pairEvent(a, b, (rowKey + xr) * 4 + 2);
        }
      }
    }
  }
  const nPairs = pairCount;

  const border = new Int32Array(2 * width + 2 * height);
  for (let x = 0; x < width; x++) {
    border[x] = labels[x];
    border[width + x] = labels[(height - 1) * width + x];
  }
  for (let y = 0; y < height; y++) {
    border[2 * width + y] = labels[y * width];
    border[2 * width + height + y] = labels[y * width + width - 1];
  }
  // pairs in the order GDAL's scan first meets them (keys are unique per comparison, so this order is total)
  const order = scanOrder(nPairs, (opts.y0 * rw + opts.x0) * 4);
  const pairA = new Int32Array(nPairs);
  const pairB = new Int32Array(nPairs);
  const pairKeys = new Float64Array(nPairs);
  for (let i = 0; i < nPairs; i++) {
    const o = order[i];
    pairA[i] = pa[o];
    pairB[i] = pb[o];
    pairKeys[i] = pk[o];
  }
  return {
    x0: opts.x0, y0: opts.y0, width, height, connectivity: conn8 ? 8 : 4, count,
    values: compValues, sizes, pairA, pairB, pairKeys, border,
  };
}

/** The runs of the last sieveComponents call (module scratch: valid until the next call). */
export interface SieveRuns {
  /** runs of row y: rowRuns[y] ≤ r < rowRuns[y + 1] */
  rowRuns: Int32Array;
  start: Int32Array;
  end: Int32Array;
  value: Int32Array;
  /** final component id */
  label: Int32Array;
}

export function lastSieveRuns(): SieveRuns {
  return { rowRuns, start: runStart, end: runEnd, value: runValue, label: runLabel };
}

const INDEX_BITS = 2 ** 22;

/**
 * Pair indices sorted by key. Keys relative to the core's first key are packed with the index into one exact
 * double (relative key · 2^22 + index < 2^53) so a native numeric sort does it; a comparator sort otherwise.
 */
function scanOrder(nPairs: number, firstKey: number): ArrayLike<number> {
  let maxRel = 0;
  for (let i = 0; i < nPairs; i++) if (pk[i] - firstKey > maxRel) maxRel = pk[i] - firstKey;
  if (nPairs > INDEX_BITS || maxRel >= 2 ** 53 / INDEX_BITS) {
    const order = new Uint32Array(nPairs);
    for (let i = 0; i < nPairs; i++) order[i] = i;
    return order.sort((i, j) => pk[i] - pk[j]);
  }
  const packed = new Float64Array(nPairs);
  for (let i = 0; i < nPairs; i++) packed[i] = (pk[i] - firstKey) * INDEX_BITS + i;
  packed.sort();
  const order = new Uint32Array(nPairs);
  for (let i = 0; i < nPairs; i++) order[i] = packed[i] % INDEX_BITS;
  return order;
}

function findRoot(r: number): number {
  while (parent[r] !== r) r = parent[r] = parent[parent[r]];
  return r;
}

/** Records the adjacency of components a ≠ b, keeping the smallest scan key seen for the pair. */
function pairEvent(a: number, b: number, key: number): void {
  const lo = a < b ? a : b;
  const hi = a < b ? b : a;
  if (lastPair >= 0 && pa[lastPair] === lo && pb[lastPair] === hi) {
    if (key < pk[lastPair]) pk[lastPair] = key;
    return;
  }
  const mask = pairTable.length - 1;
  let h = (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca77)) & mask;
  for (;;) {
    const i = pairTable[h];
    if (i < 0) break;
    if (pa[i] === lo && pb[i] === hi) {
      if (key < pk[i]) pk[i] = key;
      lastPair = i;
      return;
    }
    h = (h + 1) & mask;
  }
  if (pairCount === pa.length) growPairs();
  pairTable[h] = pairCount;
  pa[pairCount] = lo;
  pb[pairCount] = hi;
  pk[pairCount] = key;
  lastPair = pairCount++;
  if (pairCount * 2 > pairTable.length) rehashPairs();
}

function rehashPairs(): void {
  const table = new Int32Array(pairTable.length * 2).fill(-1);
  const mask = table.length - 1;
  for (let i = 0; i < pairCount; i++) {
    let h = (Math.imul(pa[i], 0x9e3779b1) ^ Math.imul(pb[i], 0x85ebca77)) & mask;
    while (table[h] >= 0) h = (h + 1) & mask;
    table[h] = i;
  }
  pairTable = table;
}

function growPairs(): void {
  const n = pa.length * 2;
  const a = new Int32Array(n);
  a.set(pa);
  pa = a;
  const b = new Int32Array(n);
  b.set(pb);
  pb = b;
  const k = new Float64Array(n);
  k.set(pk);
  pk = k;
}

const MAGIC = 0x5357_4c53; // 'SLWS'
const HEADER_INTS = 10; // 40 bytes; the Float64 section follows at an 8-aligned offset

/** One buffer (header, pair keys, then the Int32/Uint32 sections) for checkpoints and thread transfer. */
export function encodeSieveComponents(s: SieveComponents): Uint8Array {
  const nPairs = s.pairA.length;
  const nBorder = s.border.length;
  const i32 = s.count * 2 + nPairs * 2 + nBorder;
  const bytes = 40 + nPairs * 8 + i32 * 4;
  const buf = new ArrayBuffer(bytes);
  const head = new Int32Array(buf, 0, HEADER_INTS);
  head.set([MAGIC, 1, s.connectivity, s.x0, s.y0, s.width, s.height, s.count, nPairs, nBorder]);
  new Float64Array(buf, 40, nPairs).set(s.pairKeys);
  let at = 40 + nPairs * 8;
  new Int32Array(buf, at, s.count).set(s.values);
  at += s.count * 4;
  new Uint32Array(buf, at, s.count).set(s.sizes);
  at += s.count * 4;
  new Int32Array(buf, at, nPairs).set(s.pairA);
  at += nPairs * 4;
  new Int32Array(buf, at, nPairs).set(s.pairB);
  at += nPairs * 4;
  new Int32Array(buf, at, nBorder).set(s.border);
  return new Uint8Array(buf);
}

/** Views over a copy of the bytes (so unaligned input is fine). */
export function decodeSieveComponents(bytes: Uint8Array): SieveComponents {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  const buf = copy.buffer;
  if (bytes.byteLength < 40) throw new KernelError('E_KERNEL_INPUT', 'sieve components: buffer too short');
  const head = new Int32Array(buf, 0, HEADER_INTS);
  if (head[0] !== MAGIC || head[1] !== 1) throw new KernelError('E_KERNEL_INPUT', 'sieve components: not an encoded SieveComponents');
  const [, , conn, x0, y0, width, height, count, nPairs, nBorder] = head;
  const expect = 40 + nPairs * 8 + (count * 2 + nPairs * 2 + nBorder) * 4;
  if (bytes.byteLength !== expect) {
    throw new KernelError('E_KERNEL_INPUT', `sieve components: ${bytes.byteLength} bytes, header says ${expect}`);
  }
  let at = 40 + nPairs * 8;
  const values = new Int32Array(buf, at, count);
  at += count * 4;
  const sizes = new Uint32Array(buf, at, count);
  at += count * 4;
  const pairA = new Int32Array(buf, at, nPairs);
  at += nPairs * 4;
  const pairB = new Int32Array(buf, at, nPairs);
  at += nPairs * 4;
  const border = new Int32Array(buf, at, nBorder);
  return {
    x0, y0, width, height, connectivity: conn === 8 ? 8 : 4, count,
    values, sizes, pairA, pairB, pairKeys: new Float64Array(buf, 40, nPairs), border,
  };
}
