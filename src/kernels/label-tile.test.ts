import { describe, expect, it } from 'vitest';
import { labelTile } from './label-tile.ts';
import { mulberry32 } from '../util/prng.ts';
import { tileInputFromRaster, type ClassRaster } from './label-tile-input.ts';
import {
  decodeTileComponents, encodeTileComponents, packTileComponents, tileComponentsTransferList, type TileComponents,
} from './tile-components.ts';

/** raster from rows of digits; '.' = invalid */
function raster(rows: string[]): ClassRaster {
  const height = rows.length;
  const width = rows[0].length;
  const values = new Int32Array(width * height);
  const valid = new Uint8Array(width * height);
  rows.forEach((r, i) => {
    for (let j = 0; j < width; j++) {
      valid[i * width + j] = r[j] === '.' ? 0 : 1;
      values[i * width + j] = r[j] === '.' ? 0 : Number(r[j]);
    }
  });
  return { values, valid, width, height };
}

function chains(tc: TileComponents): Array<{ comp: number; closed: boolean; xy: number[] }> {
  const out = [];
  for (let c = 0; c < tc.chainComps.length; c++) {
    const xy = Array.from(tc.chainCoords.subarray(2 * tc.chainOffsets[c], 2 * tc.chainOffsets[c + 1]));
    out.push({ comp: tc.chainComps[c], closed: tc.chainClosed[c] === 1, xy });
  }
  return out;
}

describe('labelTile', () => {
  it('labels 4-connected components in scan order with counts, bboxes and first pixels', () => {
    const r = raster(['1122', '1.22', '3312']);
    const tc = labelTile(tileInputFromRaster(r, 0, 0, 4, 3), { x0: 0, y0: 0 });
    // components: 1 (top-left), 2 (right, 5 px), 3 (bottom-left), 1 (bottom, col 2)
    expect(tc.count).toBe(4);
    expect(Array.from(tc.values)).toEqual([1, 2, 3, 1]);
    expect(Array.from(tc.pixelCounts)).toEqual([3, 5, 2, 1]);
    expect(Array.from(tc.bboxes)).toEqual([0, 0, 1, 1, 2, 0, 3, 2, 0, 2, 1, 2, 2, 2, 2, 2]);
    expect(Array.from(tc.firstCols)).toEqual([0, 2, 0, 2]);
    expect(Array.from(tc.weightSums)).toEqual([3, 5, 2, 1]);
  });

  it('joins diagonal pixels only with 8-connectivity', () => {
    const r = raster(['10', '01']);
    expect(labelTile(tileInputFromRaster(r, 0, 0, 2, 2), { x0: 0, y0: 0, connectivity: 4 }).count).toBe(4);
    expect(labelTile(tileInputFromRaster(r, 0, 0, 2, 2), { x0: 0, y0: 0, connectivity: 8 }).count).toBe(2);
  });

  it('sums weights per component', () => {
    const r = raster(['11', '22']);
    r.weights = Float32Array.from([0.5, 0.25, 2, 4]);
    const tc = labelTile(tileInputFromRaster(r, 0, 0, 2, 2), { x0: 0, y0: 0 });
    expect(Array.from(tc.weightSums)).toEqual([0.75, 6]);
  });

  it('traces a closed clockwise ring in global coordinates for an island', () => {
    const r = raster(['0000', '0110', '0000']);
    const tc = labelTile(tileInputFromRaster(r, 0, 0, 4, 3), { x0: 100, y0: 50 });
    // the input window is the core at 0,0 but the options place it at 100,50 (coordinates are global)
    const island = chains(tc).filter((c) => c.comp === 1);
    expect(island).toEqual([{ comp: 1, closed: true, xy: [103, 51, 103, 52, 101, 52, 101, 51] }]);
  });

  it('ends chains on the core boundary where the component continues in the next tile', () => {
    const r = raster(['0000', '0111', '0000']);
    // core = left 2 columns; the context ring sees that value 1 continues to the right
    const tc = labelTile(tileInputFromRaster(r, 0, 0, 2, 3), { x0: 0, y0: 0 });
    // value 1: bottom side west, left side north, top side east: open at both ends on the seam x = 2
    expect(chains(tc).filter((c) => c.comp === 1)).toEqual([{ comp: 1, closed: false, xy: [2, 2, 1, 2, 1, 1, 2, 1] }]);
    // value 0 (one component around it): the outer part also stops at the seam
    expect(chains(tc).filter((c) => c.comp === 0)).toEqual([
      { comp: 0, closed: false, xy: [2, 1, 1, 1, 1, 2, 2, 2] },
      { comp: 0, closed: false, xy: [2, 3, 0, 3, 0, 0, 2, 0] },
    ]);
    // border labels: top row, bottom row, left column, right column
    expect(Array.from(tc.border)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
  });

  it('keeps edges on the core boundary when the pixel across is different or invalid', () => {
    const r = raster(['11.', '11.']);
    const tc = labelTile(tileInputFromRaster(r, 0, 0, 2, 2), { x0: 0, y0: 0 });
    expect(chains(tc)).toEqual([{ comp: 0, closed: true, xy: [2, 0, 2, 2, 0, 2, 0, 0] }]);
  });

  it('leaves a 4-connected diagonal pinch open when the two pixels are not connected inside the tile', () => {
    const r = raster(['10', '01']);
    const tc = labelTile(tileInputFromRaster(r, 0, 0, 2, 2), { x0: 0, y0: 0, connectivity: 4 });
    const ones = chains(tc).filter((c) => tc.values[c.comp] === 1);
    expect(ones.every((c) => !c.closed)).toBe(true);
    // every open chain of value 1 starts and ends at the pinch vertex 1,1
    for (const c of ones) {
      expect(c.xy.slice(0, 2)).toEqual([1, 1]);
      expect(c.xy.slice(-2)).toEqual([1, 1]);
    }
  });

  it('connects an 8-connected pinch through the vertex (one self-touching exterior, like GDAL)', () => {
    const r = raster(['10', '01']);
    const tc = labelTile(tileInputFromRaster(r, 0, 0, 2, 2), { x0: 0, y0: 0, connectivity: 8 });
    const ones = chains(tc).filter((c) => tc.values[c.comp] === 1);
    expect(ones).toEqual([{ comp: 0, closed: true, xy: [1, 0, 1, 1, 2, 1, 2, 2, 1, 2, 1, 1, 0, 1, 0, 0] }]);
  });

  it('lets holes touching at a vertex stay separate rings', () => {
    const r = raster(['1111', '1011', '1101', '1111']);
    const tc = labelTile(tileInputFromRaster(r, 0, 0, 4, 4), { x0: 0, y0: 0 });
    const ones = chains(tc).filter((c) => c.comp === 0);
    expect(ones.length).toBe(3);
    expect(ones.every((c) => c.closed)).toBe(true);
  });

  it('rejects arrays of the wrong size', () => {
    expect(() => labelTile({ values: new Int32Array(4), valid: new Uint8Array(4), width: 2, height: 2 }, { x0: 0, y0: 0 }))
      .toThrowError(expect.objectContaining({ code: 'E_KERNEL_INPUT' }));
  });

  it('is deterministic: same input, same bytes', () => {
    const r = raster(['1201', '0211', '1.21', '2201']);
    const a = encodeTileComponents(labelTile(tileInputFromRaster(r, 1, 1, 3, 3), { x0: 1, y0: 1 }));
    const b = encodeTileComponents(labelTile(tileInputFromRaster(r, 1, 1, 3, 3), { x0: 1, y0: 1 }));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('gives the same bytes whatever tiles came before (its scratch is reset after each call), aligned or not', () => {
    const rnd = mulberry32(4);
    const tiles = Array.from({ length: 12 }, (_, k) => {
      const w = 3 + Math.floor(rnd() * 70);
      const h = 3 + Math.floor(rnd() * 70);
      const density = k % 3 === 0 ? 0.9 : rnd() * 0.2;
      const rows = Array.from({ length: h + 2 }, () => Array.from({ length: w + 2 }, () => (rnd() < density ? String(1 + Math.floor(rnd() * 3)) : '.')).join(''));
      return tileInputFromRaster(raster(rows), 1, 1, w, h);
    });
    // the same inputs at an odd byte offset (no 4-byte skipping) must give the same bytes
    const unaligned = tiles.map((t) => {
      const valid = new Uint8Array(t.valid.length + 1).subarray(1);
      valid.set(t.valid);
      return { ...t, valid };
    });
    const first = tiles.map((t) => Buffer.from(encodeTileComponents(labelTile(t, { x0: 1, y0: 1 }))));
    const again = [...tiles.keys()].reverse().map((i) => [i, Buffer.from(encodeTileComponents(labelTile(tiles[i], { x0: 1, y0: 1 })))] as const);
    for (const [i, bytes] of again) expect(bytes.equals(first[i])).toBe(true);
    unaligned.forEach((t, i) => expect(Buffer.from(encodeTileComponents(labelTile(t, { x0: 1, y0: 1 }))).equals(first[i])).toBe(true));
  });
});

describe('encodeTileComponents / decodeTileComponents', () => {
  const r = raster(['1201', '0211', '1.21', '2201', '0000']);
  const tc = labelTile(tileInputFromRaster(r, 1, 1, 3, 4), { x0: 1, y0: 1, connectivity: 8 });

  it('round-trips through one buffer, zero-copy for labelTile output', () => {
    const bytes = encodeTileComponents(tc);
    expect(bytes.buffer).toBe(tc.values.buffer);
    const back = decodeTileComponents(bytes);
    expect(back).toEqual(tc);
  });

  it('decodes a blob at an odd offset (as a database may return it)', () => {
    const bytes = encodeTileComponents(tc);
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect(decodeTileComponents(shifted.subarray(3))).toEqual(tc);
  });

  it('repacks components whose arrays do not share one buffer', () => {
    const loose: TileComponents = { ...tc, values: tc.values.slice(), chainCoords: tc.chainCoords.slice() };
    expect(decodeTileComponents(encodeTileComponents(loose))).toEqual(tc);
    expect(packTileComponents(loose)).toEqual(tc);
  });

  it('rejects truncated, foreign and future buffers', () => {
    const bytes = encodeTileComponents(tc);
    expect(() => decodeTileComponents(bytes.slice(0, bytes.length - 1))).toThrowError(expect.objectContaining({ code: 'E_KERNEL_DECODE' }));
    expect(() => decodeTileComponents(new Uint8Array(64))).toThrowError(expect.objectContaining({ code: 'E_KERNEL_DECODE' }));
    const future = bytes.slice();
    new Int32Array(future.buffer)[1] = 99;
    expect(() => decodeTileComponents(future)).toThrowError(/version 99/);
  });

  it('moves one buffer: after transfer the sender holds nothing', () => {
    const mine = labelTile(tileInputFromRaster(r, 0, 0, 4, 5), { x0: 0, y0: 0 });
    const list = tileComponentsTransferList(mine);
    expect(list.length).toBe(1);
    const received = structuredClone(mine, { transfer: list });
    expect(mine.values.buffer.byteLength).toBe(0);
    expect(received.count).toBeGreaterThan(0);
    expect(decodeTileComponents(encodeTileComponents(received)).count).toBe(received.count);
  });
});
