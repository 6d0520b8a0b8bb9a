import type { TileComponents } from '../kernels/tile-components.ts';
import type { PixelWindow } from '../raster/raster-types.ts';
import { assemblePolygons, type StitchTile } from './stitch-assemble.ts';
import { VectorError } from './vector-error.ts';
import { createUnionFind, type UnionFind } from './stitch-union-find.ts';

export interface StitcherOptions {
  connectivity: 4 | 8;
  rasterWidth: number;
  rasterHeight: number;
}

/** One polygon of the whole raster, in pixel-vertex coordinates (x = column, y = row, y down). */
export interface StitchedPolygon {
  value: number;
  /**
   * closed rings x0,y0,x1,y1,…; exterior first (clockwise on screen), then holes (anticlockwise) sorted by
   * their first vertex. Views into one buffer shared by all polygons of a finish(): slice() before transferring.
   */
  rings: Int32Array[];
  pixelCount: number;
  weightSum: number;
  /** [minCol, minRow, maxCol, maxRow], inclusive pixel indices */
  bbox: [number, number, number, number];
  /** raster-scan position of the first pixel (row, col): the output order key */
  firstRow: number;
  firstCol: number;
}

export interface Stitcher {
  /** Adds one tile of a regular grid, in any order. */
  addTile(window: PixelWindow, tc: TileComponents): void;
  /**
   * Unions the last components, joins open chains into rings and returns every polygon, ordered by the
   * raster-scan position of its first pixel (independent of tile size and arrival order). Holds all
   * tile results until then (O(border + chains + components) memory).
   */
  finish(): StitchedPolygon[];
}

type TileEntry = StitchTile;

export function createStitcher(opts: StitcherOptions): Stitcher {
  const { connectivity, rasterWidth: W, rasterHeight: H } = opts;
  const conn8 = connectivity === 8;
  const keyOf = (x: number, y: number): number => y * (W + 1) + x;
  const tiles: TileEntry[] = [];
  const byTL = new Map<number, TileEntry>();
  const byTR = new Map<number, TileEntry>();
  const byBL = new Map<number, TileEntry>();
  const byBR = new Map<number, TileEntry>();
  const uf: UnionFind = createUnionFind();
  let coveredPx = 0;
  let finished = false;

  function addTile(win: PixelWindow, tc: TileComponents): void {
    const tile = `${win.x},${win.y}`;
    if (finished) throw new VectorError('E_VECTOR_STITCH', `tile ${tile} added after finish()`, { tile });
    if (tc.x0 !== win.x || tc.y0 !== win.y || tc.width !== win.width || tc.height !== win.height) {
      throw new VectorError('E_VECTOR_STITCH',
        `tile ${tile}: window ${win.width}×${win.height} does not match its components (${tc.x0},${tc.y0} ${tc.width}×${tc.height})`,
        { tile });
    }
    if (tc.connectivity !== connectivity) {
      throw new VectorError('E_VECTOR_STITCH', `tile ${tile}: labelled ${tc.connectivity}-connected, stitcher is ${connectivity}-connected`, { tile });
    }
    if (win.x < 0 || win.y < 0 || win.x + win.width > W || win.y + win.height > H) {
      throw new VectorError('E_VECTOR_STITCH', `tile ${tile}: window lies outside the ${W}×${H} raster`, { tile });
    }
    const tl = keyOf(win.x, win.y);
    if (byTL.has(tl)) throw new VectorError('E_VECTOR_STITCH', `tile ${tile} was added twice`, { tile });
    const e: TileEntry = { win, tc, base: uf.add(tc.count) };
    tiles.push(e);
    coveredPx += win.width * win.height;
    const { x, y, width: w, height: h } = win;
    byTL.set(tl, e);
    byTR.set(keyOf(x + w, y), e);
    byBL.set(keyOf(x, y + h), e);
    byBR.set(keyOf(x + w, y + h), e);

    const right = byTL.get(keyOf(x + w, y));
    if (right !== undefined) seamV(e, right);
    const left = byTR.get(keyOf(x, y));
    if (left !== undefined) seamV(left, e);
    const below = byTL.get(keyOf(x, y + h));
    if (below !== undefined) seamH(e, below);
    const above = byBL.get(keyOf(x, y));
    if (above !== undefined) seamH(above, e);
    if (conn8) {
      // diagonal neighbours only touch at a corner: join the two corner pixels
      const br = byTL.get(keyOf(x + w, y + h));
      if (br !== undefined) corner(e, w - 1, br, 0);
      const bl = byTR.get(keyOf(x, y + h));
      if (bl !== undefined) corner(e, 0, bl, bl.win.width - 1);
      const tr = byBL.get(keyOf(x + w, y));
      if (tr !== undefined) corner(tr, 0, e, w - 1);
      const tlN = byBR.get(keyOf(x, y));
      if (tlN !== undefined) corner(tlN, tlN.win.width - 1, e, 0);
    }
  }

  function link(a: TileEntry, la: number, b: TileEntry, lb: number): void {
    if (la >= 0 && lb >= 0 && a.tc.values[la] === b.tc.values[lb]) uf.union(a.base + la, b.base + lb);
  }

  /** left tile L, right tile R sharing a vertical seam */
  function seamV(L: TileEntry, R: TileEntry): void {
    const h = L.win.height;
    if (R.win.height !== h) {
      throw new VectorError('E_VECTOR_STITCH',
        `tiles ${L.win.x},${L.win.y} and ${R.win.x},${R.win.y} share a seam but differ in height (not a regular grid)`,
        { tile: `${R.win.x},${R.win.y}` });
    }
    const lb = L.tc.border;
    const rb = R.tc.border;
    const lOff = 2 * L.win.width + h; // right column of L
    const rOff = 2 * R.win.width; // left column of R
    for (let i = 0; i < h; i++) link(L, lb[lOff + i], R, rb[rOff + i]);
    if (conn8) {
      for (let i = 0; i + 1 < h; i++) {
        link(L, lb[lOff + i], R, rb[rOff + i + 1]);
        link(L, lb[lOff + i + 1], R, rb[rOff + i]);
      }
    }
  }

  /** top tile T, bottom tile B sharing a horizontal seam */
  function seamH(T: TileEntry, B: TileEntry): void {
    const w = T.win.width;
    if (B.win.width !== w) {
      throw new VectorError('E_VECTOR_STITCH',
        `tiles ${T.win.x},${T.win.y} and ${B.win.x},${B.win.y} share a seam but differ in width (not a regular grid)`,
        { tile: `${B.win.x},${B.win.y}` });
    }
    const tb = T.tc.border;
    const bb = B.tc.border;
    for (let j = 0; j < w; j++) link(T, tb[w + j], B, bb[j]);
    if (conn8) {
      for (let j = 0; j + 1 < w; j++) {
        link(T, tb[w + j], B, bb[j + 1]);
        link(T, tb[w + j + 1], B, bb[j]);
      }
    }
  }

  /** upper tile's bottom-row pixel (column index colU) and lower tile's top-row pixel (colL), diagonal */
  function corner(U: TileEntry, colU: number, L: TileEntry, colL: number): void {
    link(U, U.tc.border[U.win.width + colU], L, L.tc.border[colL]);
  }

  function finish(): StitchedPolygon[] {
    finished = true;
    if (coveredPx !== W * H) {
      throw new VectorError('E_VECTOR_STITCH', `tiles cover ${coveredPx} of ${W * H} pixels; some tiles are missing`, {
        tiles: tiles.length,
      });
    }
    return assemblePolygons(tiles, uf, W);
  }

  return { addTile, finish };
}
