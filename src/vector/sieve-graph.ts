import type { SieveComponents } from '../kernels/sieve-components.ts';
import type { PixelWindow } from '../raster/raster-types.ts';
import { decideSieve, type SieveDecision } from './sieve-decide.ts';
import { VectorError } from './vector-error.ts';

export interface SieveGraphOptions {
  connectivity: 4 | 8;
  rasterWidth: number;
  rasterHeight: number;
  /** the tile grid: tile (col, row) has its core at (col·tileSizePx, row·tileSizePx) */
  tileSizePx: number;
}

interface TileEntry {
  core: PixelWindow;
  /** global node id of local id 0 */
  offset: number;
  /** core border as global node ids (-1 nodata): top row, bottom row, left col, right col */
  strip: Int32Array;
}

/**
 * The whole-raster polygon graph for the sieve, built from per-tile SieveComponents in any tile order:
 * local components become nodes; components of equal value that touch across a tile border are unioned
 * (sizes summed); components of different values that touch become edges with GDAL's scan key. Memory is
 * O(components + tile borders), never a raster. After `decide`, `finalValue` maps a tile's local ids to the
 * sieved value and `ring` gives the sieved values around a tile core for re-polygonizing it.
 */
export class SieveGraph {
  private parent = new Int32Array(1024);
  private sizes = new Float64Array(1024);
  private values = new Int32Array(1024);
  private nodes = 0;
  private ea = new Int32Array(1024);
  private eb = new Int32Array(1024);
  private ek = new Float64Array(1024);
  private edges = 0;
  private readonly tiles = new Map<number, TileEntry>();
  private readonly cols: number;
  private decision: SieveDecision | null = null;

  constructor(private readonly o: SieveGraphOptions) {
    this.cols = Math.ceil(o.rasterWidth / o.tileSizePx);
  }

  addTile(core: PixelWindow, s: SieveComponents): void {
    if (this.decision) throw new VectorError('E_VECTOR_STITCH', 'sieve graph: tile added after the decision');
    const s0 = this.o.tileSizePx;
    const col = core.x / s0;
    const row = core.y / s0;
    const id = row * this.cols + col;
    if (!Number.isInteger(col) || !Number.isInteger(row) || this.tiles.has(id) || s.width !== core.width || s.height !== core.height) {
      throw new VectorError('E_VECTOR_STITCH', `sieve graph: tile at ${core.x},${core.y} is off the grid, repeated or of the wrong size`, {
        tile: `${core.x},${core.y}`,
      });
    }
    const offset = this.nodes;
    this.reserveNodes(offset + s.count);
    for (let i = 0; i < s.count; i++) {
      this.parent[offset + i] = offset + i;
      this.sizes[offset + i] = s.sizes[i];
      this.values[offset + i] = s.values[i];
    }
    this.nodes += s.count;
    for (let i = 0; i < s.pairA.length; i++) this.pushEdge(offset + s.pairA[i], offset + s.pairB[i], s.pairKeys[i]);
    const strip = new Int32Array(s.border.length);
    for (let i = 0; i < strip.length; i++) strip[i] = s.border[i] < 0 ? -1 : offset + s.border[i];
    const entry: TileEntry = { core, offset, strip };
    this.tiles.set(id, entry);
    for (let dr = -1; dr <= 1; dr++) {
      for (let dc = -1; dc <= 1; dc++) {
        if (dr === 0 && dc === 0) continue;
        const c = col + dc;
        const r = row + dr;
        if (c < 0 || r < 0 || c >= this.cols) continue;
        const other = this.tiles.get(r * this.cols + c);
        if (!other) continue;
        this.crossEvents(entry, other);
        this.crossEvents(other, entry);
      }
    }
  }

  /** Runs GDAL's decision with a threshold in pixels; afterwards the graph is read-only. */
  decide(thresholdPx: number): SieveDecision {
    // compact to roots: node → root, sizes summed on roots, edges between roots
    const n = this.nodes;
    const root = new Int32Array(n);
    for (let i = 0; i < n; i++) root[i] = this.find(i);
    const size = new Float64Array(n);
    for (let i = 0; i < n; i++) size[root[i]] += this.sizes[i];
    for (let e = 0; e < this.edges; e++) {
      this.ea[e] = root[this.ea[e]];
      this.eb[e] = root[this.eb[e]];
    }
    const d = decideSieve(
      { sizes: size, values: this.values, nodeCount: n, edgeA: this.ea, edgeB: this.eb, edgeKeys: this.ek, edgeCount: this.edges },
      thresholdPx,
    );
    // non-root entries of decideSieve's output are meaningless (size 0 → "small, isolated"): fix the counts
    let fakeSmall = 0;
    for (let i = 0; i < n; i++) {
      if (root[i] !== i) {
        if (0 < thresholdPx) fakeSmall++;
        d.finalValues[i] = d.finalValues[root[i]];
      }
    }
    d.small -= fakeSmall;
    d.isolated -= fakeSmall;
    this.parent = root;
    this.decision = d;
    return d;
  }

  /** Sieved value per local id of a tile (after decide). */
  finalValues(core: PixelWindow, count: number): Int32Array {
    const t = this.tileAt(core.x, core.y);
    const d = this.decided();
    return d.finalValues.slice(t.offset, t.offset + count);
  }

  /**
   * Sieved values of the 1-px ring around a core ((w+2)·2 + h·2 entries: top row incl. corners, bottom row
   * incl. corners, left col, right col), and validity (0 = nodata or outside the raster).
   */
  ring(core: PixelWindow): { values: Int32Array; valid: Uint8Array } {
    const d = this.decided();
    const w = core.width;
    const h = core.height;
    const values = new Int32Array(2 * (w + 2) + 2 * h);
    const valid = new Uint8Array(values.length);
    const put = (i: number, x: number, y: number) => {
      const node = this.nodeAt(x, y);
      if (node >= 0) {
        values[i] = d.finalValues[node];
        valid[i] = 1;
      }
    };
    for (let c = 0; c < w + 2; c++) {
      put(c, core.x - 1 + c, core.y - 1);
      put(w + 2 + c, core.x - 1 + c, core.y + h);
    }
    for (let r = 0; r < h; r++) {
      put(2 * (w + 2) + r, core.x - 1, core.y + r);
      put(2 * (w + 2) + h + r, core.x + w, core.y + r);
    }
    return { values, valid };
  }

  get nodeCount(): number {
    return this.nodes;
  }

  get edgeCount(): number {
    return this.edges;
  }

  private decided(): SieveDecision {
    if (!this.decision) throw new VectorError('E_VECTOR_STITCH', 'sieve graph: no decision yet');
    return this.decision;
  }

  private tileAt(x: number, y: number): TileEntry {
    const s0 = this.o.tileSizePx;
    const t = this.tiles.get(Math.floor(y / s0) * this.cols + Math.floor(x / s0));
    if (!t) throw new VectorError('E_VECTOR_STITCH', `sieve graph: no tile holds pixel ${x},${y}`, { tile: `${x},${y}` });
    return t;
  }

  /** Global node of a pixel on some tile's core border; -1 for nodata or outside the raster. */
  private nodeAt(x: number, y: number): number {
    if (x < 0 || y < 0 || x >= this.o.rasterWidth || y >= this.o.rasterHeight) return -1;
    return stripNode(this.tileAt(x, y), x, y);
  }

  /** Comparisons GDAL makes from a pixel of tile s to a pixel of tile o (s's top row, left and right columns). */
  private crossEvents(s: TileEntry, o: TileEntry): void {
    const { x, y, width: w, height: h } = s.core;
    const conn8 = this.o.connectivity === 8;
    const rw = this.o.rasterWidth;
    const visit = (px: number, py: number) => {
      const a = stripNode(s, px, py);
      if (a < 0) return;
      const base = (py * rw + px) * 4;
      this.compare(a, o, px, py - 1, base);
      if (conn8) {
        this.compare(a, o, px - 1, py - 1, base + 1);
        this.compare(a, o, px + 1, py - 1, base + 2);
      }
      this.compare(a, o, px - 1, py, base + 3);
    };
    for (let c = 0; c < w; c++) visit(x + c, y);
    for (let r = 1; r < h; r++) {
      visit(x, y + r);
      if (w > 1) visit(x + w - 1, y + r);
    }
  }

  private compare(a: number, o: TileEntry, qx: number, qy: number, key: number): void {
    const c = o.core;
    if (qx < c.x || qy < c.y || qx >= c.x + c.width || qy >= c.y + c.height) return;
    const b = stripNode(o, qx, qy);
    if (b < 0) return;
    if (this.values[a] === this.values[b]) this.union(a, b);
    else this.pushEdge(a, b, key);
  }

  private find(a: number): number {
    const p = this.parent;
    while (p[a] !== a) a = p[a] = p[p[a]];
    return a;
  }

  private union(a: number, b: number): void {
    a = this.find(a);
    b = this.find(b);
    if (a === b) return;
    if (a < b) this.parent[b] = a;
    else this.parent[a] = b;
  }

  private reserveNodes(n: number): void {
    if (n <= this.parent.length) return;
    let cap = this.parent.length;
    while (cap < n) cap *= 2;
    this.parent = grow(this.parent, new Int32Array(cap));
    this.sizes = grow(this.sizes, new Float64Array(cap));
    this.values = grow(this.values, new Int32Array(cap));
  }

  private pushEdge(a: number, b: number, key: number): void {
    if (this.edges === this.ea.length) {
      const cap = this.ea.length * 2;
      this.ea = grow(this.ea, new Int32Array(cap));
      this.eb = grow(this.eb, new Int32Array(cap));
      this.ek = grow(this.ek, new Float64Array(cap));
    }
    this.ea[this.edges] = a;
    this.eb[this.edges] = b;
    this.ek[this.edges] = key;
    this.edges++;
  }
}

function grow<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** Global node of pixel (x, y) on tile t's core border. */
function stripNode(t: TileEntry, x: number, y: number): number {
  const { x: cx, y: cy, width: w, height: h } = t.core;
  if (y === cy) return t.strip[x - cx];
  if (y === cy + h - 1) return t.strip[w + x - cx];
  if (x === cx) return t.strip[2 * w + y - cy];
  if (x === cx + w - 1) return t.strip[2 * w + h + y - cy];
  throw new VectorError('E_VECTOR_STITCH', `sieve graph: pixel ${x},${y} is not on the border of tile ${cx},${cy}`);
}
