import { TileComponentsError } from './tile-components-error.ts';

/** What every per-tile labelling result says about its tile core and its local components. */
export interface LabelledCore {
  /** global column/row of the core's top-left pixel, and core size in pixels */
  x0: number;
  y0: number;
  width: number;
  height: number;
  connectivity: 4 | 8;
  /** number of local components; local ids 0..count-1 are in raster scan order of their first pixel */
  count: number;
  /** per component: class (polygon) value */
  values: Int32Array;
}

/**
 * What labelTile returns for one tile: the connected components of the tile core, the labels on the core
 * border (for union–find across tiles) and the boundary chains of every component, all in flat typed arrays
 * that view ONE ArrayBuffer (so the result crosses threads with a one-entry transfer list and is stored as
 * one blob).
 *
 * Boundary chains are directed pixel-edge paths in GLOBAL vertex coordinates (vertex (x, y) is the top-left
 * corner of pixel (col x, row y)). Every edge has its component on the RIGHT when walking with y down, so
 * exteriors run clockwise on screen and holes anticlockwise. Collinear vertices are removed; the two end
 * vertices of an open chain are always kept (they are junctions). A chain is either closed (a final ring,
 * stored without repeating its first vertex) or open: it starts and ends at vertices where the tile cannot
 * decide how the boundary continues (the core boundary, or a diagonal pinch whose two pixels may belong to
 * one component only through pixels outside the tile).
 */
export interface TileComponents extends LabelledCore {
  /** per component: pixels in this tile */
  pixelCounts: Uint32Array;
  /** per component: sum of the weights (1 per pixel when the input has no weights) */
  weightSums: Float64Array;
  /** per component: global [minCol, minRow, maxCol, maxRow] (inclusive pixel indices), 4 per component */
  bboxes: Int32Array;
  /** per component: global column of its first pixel in scan order (its row is bboxes[4k+1]) */
  firstCols: Int32Array;
  /** core border labels (-1 = no component): top row (width), bottom row (width), left col (height), right col (height) */
  border: Int32Array;
  /** per chain: local component id */
  chainComps: Int32Array;
  /** per chain: 1 = closed ring, 0 = open path */
  chainClosed: Uint8Array;
  /** chain k owns vertices chainOffsets[k] .. chainOffsets[k+1]-1 (vertex index, not int index) */
  chainOffsets: Uint32Array;
  /** x, y pairs in global pixel-vertex coordinates */
  chainCoords: Int32Array;
}

const MAGIC = 0x4354574c; // 'LWTC' little-endian
export const TILE_COMPONENTS_VERSION = 1;
const HEADER_INTS = 12; // 48 bytes, keeps the Float64 section 8-aligned

function sizes(count: number, width: number, height: number, nChains: number, nVertices: number) {
  const f64 = count * 8;
  const i32 = (count * 7 + 2 * width + 2 * height + nChains + nChains + 1 + nVertices * 2) * 4;
  return { f64, i32, u8: nChains, total: HEADER_INTS * 4 + f64 + i32 + nChains };
}

/**
 * Copies tc into one new ArrayBuffer (header + sections) and returns views into it. The per-chain arrays and
 * chainCoords must have exact lengths; per-component arrays may be longer (scratch) and are cut to count.
 */
export function packTileComponents(p: TileComponents): TileComponents {
  const nChains = p.chainComps.length;
  const nVertices = p.chainCoords.length >> 1;
  const s = sizes(p.count, p.width, p.height, nChains, nVertices);
  const buf = new ArrayBuffer(s.total);
  const head = new Int32Array(buf, 0, HEADER_INTS);
  head[0] = MAGIC;
  head[1] = TILE_COMPONENTS_VERSION;
  head[2] = p.connectivity;
  head[3] = p.x0;
  head[4] = p.y0;
  head[5] = p.width;
  head[6] = p.height;
  head[7] = p.count;
  head[8] = nChains;
  head[9] = nVertices;
  head[10] = s.total;
  const out = viewTileComponents(buf, 0);
  out.values.set(p.values.subarray(0, p.count));
  out.pixelCounts.set(p.pixelCounts.subarray(0, p.count));
  out.weightSums.set(p.weightSums.subarray(0, p.count));
  out.bboxes.set(p.bboxes.subarray(0, 4 * p.count));
  out.firstCols.set(p.firstCols.subarray(0, p.count));
  out.border.set(p.border.subarray(0, 2 * p.width + 2 * p.height));
  out.chainComps.set(p.chainComps);
  out.chainClosed.set(p.chainClosed);
  out.chainOffsets.set(p.chainOffsets.subarray(0, nChains + 1));
  out.chainCoords.set(p.chainCoords);
  return out;
}

function viewTileComponents(buf: ArrayBuffer, byteOffset: number): TileComponents {
  const head = new Int32Array(buf, byteOffset, HEADER_INTS);
  const connectivity = head[2] === 8 ? 8 : 4;
  const [x0, y0, width, height, count, nChains, nVertices] = [head[3], head[4], head[5], head[6], head[7], head[8], head[9]];
  let off = byteOffset + HEADER_INTS * 4;
  const weightSums = new Float64Array(buf, off, count);
  off += count * 8;
  const i32 = (n: number): Int32Array => {
    const a = new Int32Array(buf, off, n);
    off += n * 4;
    return a;
  };
  const values = i32(count);
  const pixelCounts = new Uint32Array(buf, off, count);
  off += count * 4;
  const firstCols = i32(count);
  const bboxes = i32(4 * count);
  const border = i32(2 * width + 2 * height);
  const chainComps = i32(nChains);
  const chainOffsets = new Uint32Array(buf, off, nChains + 1);
  off += (nChains + 1) * 4;
  const chainCoords = i32(2 * nVertices);
  const chainClosed = new Uint8Array(buf, off, nChains);
  return {
    x0, y0, width, height, connectivity, count,
    values, pixelCounts, weightSums, bboxes, firstCols, border,
    chainComps, chainClosed, chainOffsets, chainCoords,
  };
}

/** One contiguous, versioned buffer (little-endian host order). Zero-copy when tc came from labelTile. */
export function encodeTileComponents(tc: TileComponents): Uint8Array {
  const buf = tc.values.buffer;
  if (buf instanceof ArrayBuffer && buf.byteLength >= HEADER_INTS * 4) {
    const head = new Int32Array(buf, 0, HEADER_INTS);
    if (head[0] === MAGIC && head[10] === buf.byteLength && sameLayout(tc, buf)) return new Uint8Array(buf);
  }
  const packed = packTileComponents(tc);
  return new Uint8Array(packed.values.buffer as ArrayBuffer);
}

/** True when every array of tc is the view packTileComponents made at the start of buf. */
function sameLayout(tc: TileComponents, buf: ArrayBuffer): boolean {
  const v = viewTileComponents(buf, 0);
  const pairs: Array<[ArrayBufferView, ArrayBufferView]> = [
    [v.values, tc.values], [v.pixelCounts, tc.pixelCounts], [v.weightSums, tc.weightSums], [v.bboxes, tc.bboxes],
    [v.firstCols, tc.firstCols], [v.border, tc.border], [v.chainComps, tc.chainComps], [v.chainClosed, tc.chainClosed],
    [v.chainOffsets, tc.chainOffsets], [v.chainCoords, tc.chainCoords],
  ];
  for (const [a, b] of pairs) {
    if (a.buffer !== b.buffer || a.byteOffset !== b.byteOffset || a.byteLength !== b.byteLength) return false;
  }
  return v.count === tc.count && v.width === tc.width && v.height === tc.height;
}

/** Rebuilds views over an encoded buffer (copies only when the bytes are not 8-aligned). */
export function decodeTileComponents(bytes: Uint8Array): TileComponents {
  if (bytes.byteLength < HEADER_INTS * 4) {
    throw new TileComponentsError('E_KERNEL_DECODE', `TileComponents buffer too short: ${bytes.byteLength} bytes`, { offset: 0 });
  }
  let src = bytes;
  if (src.byteOffset % 8 !== 0 || !(src.buffer instanceof ArrayBuffer)) src = new Uint8Array(bytes);
  const buf = src.buffer as ArrayBuffer;
  const head = new Int32Array(buf, src.byteOffset, HEADER_INTS);
  if (head[0] !== MAGIC) {
    throw new TileComponentsError('E_KERNEL_DECODE', 'not a TileComponents buffer (bad magic)', { offset: 0 });
  }
  if (head[1] !== TILE_COMPONENTS_VERSION) {
    throw new TileComponentsError('E_KERNEL_DECODE', `unsupported TileComponents version ${head[1]}`, { offset: 4, version: head[1] });
  }
  for (let i = 3; i <= 9; i++) {
    if (head[i] < 0 || (i >= 5 && i <= 6 && head[i] === 0)) {
      throw new TileComponentsError('E_KERNEL_DECODE', `TileComponents header field ${i} is invalid (${head[i]})`, { offset: i * 4 });
    }
  }
  const s = sizes(head[7], head[5], head[6], head[8], head[9]);
  if (head[10] !== s.total || src.byteLength < s.total) {
    throw new TileComponentsError('E_KERNEL_DECODE',
      `TileComponents buffer truncated: ${src.byteLength} bytes, header says ${head[10]}, layout needs ${s.total}`,
      { offset: 40, tile: `${head[3]},${head[4]}` });
  }
  const tc = viewTileComponents(buf, src.byteOffset);
  const nV = head[9];
  const offs = tc.chainOffsets;
  if (head[8] > 0 && (offs[0] !== 0 || offs[head[8]] !== nV)) {
    throw new TileComponentsError('E_KERNEL_DECODE', 'TileComponents chain offsets are inconsistent', { tile: `${head[3]},${head[4]}` });
  }
  return tc;
}

/** Distinct ArrayBuffers behind tc, for postMessage / Piscina.move transfer lists. */
export function tileComponentsTransferList(tc: TileComponents): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  const arrays = [tc.values, tc.pixelCounts, tc.weightSums, tc.bboxes, tc.firstCols, tc.border,
    tc.chainComps, tc.chainClosed, tc.chainOffsets, tc.chainCoords];
  for (const a of arrays) {
    const b = a.buffer;
    if (b instanceof ArrayBuffer && !out.includes(b)) out.push(b);
  }
  return out;
}
