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
let pa = new Int32Array(1024);
let pb = new Int32Array(1024);
let pk = new Float64Array(1024);
/** pairs found so far in the current call, and the last one (consecutive repeats are the common case) */
let pairCount = 0;
let lastA = -1;
let lastB = -1;
/** open-addressing set of the pairs found: slot → pair index, -1 empty; kept at most half full */
let pairTable = new Int32Array(2048).fill(-1);

/**
 * Labels the valid pixels of a core (values/valid are width × height, row-major) and collects sizes, values,
 * adjacency and border labels. `labels` (width × height) receives each pixel's local id, -1 for nodata.
 * Deterministic: the same input gives the same ids, so a later pass can relabel a checkpointed core.
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
  if (parent.length < n) {
    parent = new Int32Array(n);
    remap = new Int32Array(n);
  }

  // Pass 1: provisional labels with union–find (parent[x] <= x, so a root is the smallest label of its set).
  // Any label of the right set will do in `labels` (pass 2 maps every label to its set's final id); unions are
  // only made between different labels, so a uniform area costs a few loads per pixel.
  let nProv = 0;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const p = row + x;
      if (valid[p] === 0) {
        labels[p] = -1;
        continue;
      }
      const v = values[p];
      let l = -1;
      if (x > 0) {
        const ll = labels[p - 1];
        if (ll >= 0 && values[p - 1] === v) l = ll;
      }
      if (y > 0) {
        const u = p - width;
        const lu = labels[u];
        if (lu >= 0 && lu !== l && values[u] === v) l = l < 0 ? lu : unionMin(parent, l, lu);
        if (conn8) {
          if (x > 0) {
            const lul = labels[u - 1];
            if (lul >= 0 && lul !== l && values[u - 1] === v) l = l < 0 ? lul : unionMin(parent, l, lul);
          }
          if (x + 1 < width) {
            const lur = labels[u + 1];
            if (lur >= 0 && lur !== l && values[u + 1] === v) l = l < 0 ? lur : unionMin(parent, l, lur);
          }
        }
      }
      if (l < 0) {
        l = nProv++;
        parent[l] = l;
      }
      labels[p] = l;
    }
  }
  let count = 0;
  for (let l = 0; l < nProv; l++) remap[l] = parent[l] === l ? count++ : remap[parent[l]];
  if (count > MAX_COMPONENTS) {
    throw new KernelError('E_KERNEL_INPUT', `sieveComponents: ${count} components in one tile; use a smaller tile size`);
  }

  // Pass 2: final labels, sizes, values and adjacency events in GDAL's scan order (first event = min key):
  // per pixel up (k 0), up-left (1), up-right (2), left (3); neighbours above and to the left are final.
  const compValues = new Int32Array(count);
  const sizes = new Uint32Array(count);
  pairCount = 0;
  lastA = -1;
  lastB = -1;
  pairTable.fill(-1);
  const rw = opts.rasterWidth;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const rowKey = (opts.y0 + y) * rw + opts.x0;
    for (let x = 0; x < width; x++) {
      const p = row + x;
      const l = labels[p];
      if (l < 0) continue;
      const a = remap[l];
      labels[p] = a;
      if (sizes[a] === 0) compValues[a] = values[p];
      sizes[a]++;
      if (y > 0) {
        const u = p - width;
        const b0 = labels[u];
        if (b0 >= 0 && b0 !== a) pairEvent(a, b0, (rowKey + x) * 4);
        if (conn8) {
          if (x > 0) {
            const b1 = labels[u - 1];
            if (b1 >= 0 && b1 !== a) pairEvent(a, b1, (rowKey + x) * 4 + 1);
          }
          if (x + 1 < width) {
            const b2 = labels[u + 1];
            if (b2 >= 0 && b2 !== a) pairEvent(a, b2, (rowKey + x) * 4 + 2);
          }
        }
      }
      if (x > 0) {
        const b3 = labels[p - 1];
        if (b3 >= 0 && b3 !== a) pairEvent(a, b3, (rowKey + x) * 4 + 3);
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
  return {
    x0: opts.x0, y0: opts.y0, width, height, connectivity: conn8 ? 8 : 4, count,
    values: compValues, sizes,
    pairA: pa.slice(0, nPairs), pairB: pb.slice(0, nPairs), pairKeys: pk.slice(0, nPairs),
    border,
  };
}


/** Records the adjacency of components a ≠ b unless already known; `key` is this comparison's scan key. */
function pairEvent(a: number, b: number, key: number): void {
  const lo = a < b ? a : b;
  const hi = a < b ? b : a;
  if (lo === lastA && hi === lastB) return;
  lastA = lo;
  lastB = hi;
  const mask = pairTable.length - 1;
  let h = (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca77)) & mask;
  for (;;) {
    const i = pairTable[h];
    if (i < 0) break;
    if (pa[i] === lo && pb[i] === hi) return;
    h = (h + 1) & mask;
  }
  if (pairCount === pa.length) growPairs();
  pairTable[h] = pairCount;
  pa[pairCount] = lo;
  pb[pairCount] = hi;
  pk[pairCount] = key;
  pairCount++;
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
