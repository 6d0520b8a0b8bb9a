import type { TileComponents } from '../kernels/tile-components.ts';
import type { PixelWindow } from '../raster/raster-types.ts';
import { appendCanonicalRing, RingPool } from './polygon-ring.ts';
import type { StitchedPolygon } from './stitch-tiles.ts';
import type { UnionFind } from './stitch-union-find.ts';
import { VectorError } from './vector-error.ts';

export interface StitchTile {
  win: PixelWindow;
  tc: TileComponents;
  /** global id of local component 0 */
  base: number;
}

/** Growable Int32Array with push (for per-ring / per-chain records). */
class IntList {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(2 * this.data.length);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

/**
 * After every union: aggregates components per root, turns closed chains into rings, joins open chains at
 * their end vertices into rings (two candidates happen only at a diagonal pinch, where the boundary turns
 * left so that the component connects through the vertex), splits exterior from holes by orientation and
 * orders polygons by the raster-scan position of their first pixel. Rings are views into one shared buffer.
 */
export function assemblePolygons(tiles: StitchTile[], uf: UnionFind, rasterWidth: number): StitchedPolygon[] {
  const n = uf.size;
  const isRoot = new Uint8Array(n);
  const rootOf = new Int32Array(n);
  const value = new Int32Array(n);
  const pix = new Float64Array(n);
  const wsum = new Float64Array(n);
  const box = new Int32Array(4 * n);
  const fRow = new Int32Array(n);
  const fCol = new Int32Array(n);
  let nRoots = 0;
  for (const { tc, base } of tiles) {
    const bb = tc.bboxes;
    for (let k = 0; k < tc.count; k++) {
      const r = uf.find(base + k);
      rootOf[base + k] = r;
      const row = bb[4 * k + 1];
      const col = tc.firstCols[k];
      if (isRoot[r] === 0) {
        isRoot[r] = 1;
        nRoots++;
        value[r] = tc.values[k];
        pix[r] = tc.pixelCounts[k];
        wsum[r] = tc.weightSums[k];
        box[4 * r] = bb[4 * k];
        box[4 * r + 1] = row;
        box[4 * r + 2] = bb[4 * k + 2];
        box[4 * r + 3] = bb[4 * k + 3];
        fRow[r] = row;
        fCol[r] = col;
        continue;
      }
      pix[r] += tc.pixelCounts[k];
      wsum[r] += tc.weightSums[k];
      if (bb[4 * k] < box[4 * r]) box[4 * r] = bb[4 * k];
      if (row < box[4 * r + 1]) box[4 * r + 1] = row;
      if (bb[4 * k + 2] > box[4 * r + 2]) box[4 * r + 2] = bb[4 * k + 2];
      if (bb[4 * k + 3] > box[4 * r + 3]) box[4 * r + 3] = bb[4 * k + 3];
      if (row < fRow[r] || (row === fRow[r] && col < fCol[r])) {
        fRow[r] = row;
        fCol[r] = col;
      }
    }
  }

  const pool = new RingPool();
  const ringRoot = new IntList();
  const ringOff = new IntList();
  const ringExterior = new IntList();
  const addRing = (r: number, src: Int32Array, from: number, nVertices: number): void => {
    ringRoot.push(r);
    ringOff.push(pool.length);
    ringExterior.push(appendCanonicalRing(src, from, nVertices, pool) > 0 ? 1 : 0);
  };

  // Closed chains are final rings; open chains are indexed by start vertex for joining.
  const W1 = rasterWidth + 1;
  let nOpen = 0;
  for (const { tc } of tiles) for (let c = 0; c < tc.chainClosed.length; c++) nOpen += 1 - tc.chainClosed[c];
  const openTile = new Int32Array(nOpen);
  const openChain = new Int32Array(nOpen);
  const openRoot = new Int32Array(nOpen);
  const nextAt = new Int32Array(nOpen);
  const headAt = new Map<number, number>();
  let o = 0;
  for (let t = 0; t < tiles.length; t++) {
    const { tc, base } = tiles[t];
    const offs = tc.chainOffsets;
    const xy = tc.chainCoords;
    for (let c = 0; c < tc.chainComps.length; c++) {
      const r = rootOf[base + tc.chainComps[c]];
      if (tc.chainClosed[c] === 1) {
        addRing(r, xy, 2 * offs[c], offs[c + 1] - offs[c]);
        continue;
      }
      openTile[o] = t;
      openChain[o] = c;
      openRoot[o] = r;
      const key = xy[2 * offs[c] + 1] * W1 + xy[2 * offs[c]];
      nextAt[o] = headAt.get(key) ?? -1;
      headAt.set(key, o);
      o++;
    }
  }

  let buf = new Int32Array(1024);
  const used = new Uint8Array(nOpen);
  for (let first = 0; first < nOpen; first++) {
    if (used[first] === 1) continue;
    const r = openRoot[first];
    let len = 0;
    let cur = first;
    for (;;) {
      used[cur] = 1;
      const tc = tiles[openTile[cur]].tc;
      const xy = tc.chainCoords;
      const c = openChain[cur];
      const from = 2 * tc.chainOffsets[c] + (cur === first ? 0 : 2); // later chains start at the previous end
      const to = 2 * tc.chainOffsets[c + 1];
      if (len + to - from > buf.length) {
        const b = new Int32Array(2 * (len + to - from));
        b.set(buf.subarray(0, len));
        buf = b;
      }
      buf.set(xy.subarray(from, to), len);
      len += to - from;
      const ex = xy[to - 2];
      const ey = xy[to - 1];
      const inDx = Math.sign(ex - xy[to - 4]);
      const inDy = Math.sign(ey - xy[to - 3]);
      let pick = -1;
      for (let q = headAt.get(ey * W1 + ex) ?? -1; q >= 0; q = nextAt[q]) {
        if (openRoot[q] !== r) continue;
        if (pick < 0) {
          pick = q;
          continue;
        }
        // a pinch: take the chain leaving to the left of the incoming direction
        const qt = tiles[openTile[q]].tc;
        const qf = 2 * qt.chainOffsets[openChain[q]];
        const outDx = Math.sign(qt.chainCoords[qf + 2] - qt.chainCoords[qf]);
        const outDy = Math.sign(qt.chainCoords[qf + 3] - qt.chainCoords[qf + 1]);
        if (outDx === inDy && outDy === -inDx) pick = q;
      }
      if (pick < 0 || (pick !== first && used[pick] === 1)) {
        const w = tiles[openTile[cur]].win;
        throw new VectorError('E_VECTOR_STITCH',
          `boundary of the value-${value[r]} component at ${fCol[r]},${fRow[r]} cannot be closed at vertex ${ex},${ey}`,
          { tile: `${w.x},${w.y}`, vertex: [ex, ey] });
      }
      if (pick === first) break;
      cur = pick;
    }
    addRing(r, buf, 0, (len >> 1) - 1); // the last vertex repeats the first
  }

  // Order roots by first pixel, then group rings per root (counting sort).
  const roots = new Int32Array(nRoots);
  const key = new Float64Array(n);
  for (let g = 0, i = 0; g < n; g++) {
    if (isRoot[g] === 0) continue;
    roots[i++] = g;
    key[g] = fRow[g] * rasterWidth + fCol[g];
  }
  roots.sort((a, b) => key[a] - key[b]);
  const rank = new Int32Array(n);
  for (let i = 0; i < nRoots; i++) rank[roots[i]] = i;
  const nRings = ringRoot.length;
  ringOff.push(pool.length);
  const start = new Int32Array(nRoots + 1);
  for (let i = 0; i < nRings; i++) start[rank[ringRoot.data[i]] + 1]++;
  for (let i = 0; i < nRoots; i++) start[i + 1] += start[i];
  const fill = start.slice(0, nRoots);
  const byRoot = new Int32Array(nRings);
  for (let i = 0; i < nRings; i++) byRoot[fill[rank[ringRoot.data[i]]]++] = i;

  const data = pool.data;
  const ringView = (i: number): Int32Array => data.subarray(ringOff.data[i], ringOff.data[i + 1]);
  const out: StitchedPolygon[] = new Array(nRoots);
  for (let i = 0; i < nRoots; i++) {
    const r = roots[i];
    let ext = -1;
    const holes: Int32Array[] = [];
    for (let j = start[i]; j < start[i + 1]; j++) {
      const ring = byRoot[j];
      if (ringExterior.data[ring] === 0) {
        holes.push(ringView(ring));
      } else if (ext < 0) {
        ext = ring;
      } else {
        throw new VectorError('E_VECTOR_STITCH', `component of value ${value[r]} at ${fCol[r]},${fRow[r]} has two exterior rings`);
      }
    }
    if (ext < 0) throw new VectorError('E_VECTOR_STITCH', `component of value ${value[r]} at ${fCol[r]},${fRow[r]} has no exterior ring`);
    if (holes.length > 1) holes.sort((p, q) => p[1] - q[1] || p[0] - q[0]);
    holes.unshift(ringView(ext));
    out[i] = {
      value: value[r], rings: holes, pixelCount: pix[r], weightSum: wsum[r],
      bbox: [box[4 * r], box[4 * r + 1], box[4 * r + 2], box[4 * r + 3]], firstRow: fRow[r], firstCol: fCol[r],
    };
  }
  return out;
}
