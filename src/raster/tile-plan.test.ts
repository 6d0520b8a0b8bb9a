import { describe, expect, it } from 'vitest';
import { planTiles } from './tile-plan.ts';

describe('planTiles', () => {
  it('clips edge tiles and orders them row-major with stable ids', () => {
    const plan = planTiles(1000, 600, { tileSizePx: 512 });
    expect(plan.cols).toBe(2);
    expect(plan.rows).toBe(2);
    expect(plan.tiles.map((t) => [t.id, t.col, t.row])).toEqual([[0, 0, 0], [1, 1, 0], [2, 0, 1], [3, 1, 1]]);
    expect(plan.tiles[3].core).toEqual({ x: 512, y: 512, width: 488, height: 88 });
  });

  it('covers every pixel exactly once with the cores', () => {
    const plan = planTiles(777, 333, { tileSizePx: 100, haloPx: 3 });
    const seen = new Uint8Array(777 * 333);
    for (const t of plan.tiles) {
      for (let y = t.core.y; y < t.core.y + t.core.height; y++) {
        for (let x = t.core.x; x < t.core.x + t.core.width; x++) seen[y * 777 + x]++;
      }
    }
    expect(seen.every((v) => v === 1)).toBe(true);
  });

  it('grows the read window by the halo but never past the raster', () => {
    const plan = planTiles(300, 300, { tileSizePx: 100, haloPx: 5 });
    expect(plan.tiles[0].read).toEqual({ x: 0, y: 0, width: 105, height: 105 });
    expect(plan.tiles[4].read).toEqual({ x: 95, y: 95, width: 110, height: 110 });
    expect(plan.tiles[8].read).toEqual({ x: 195, y: 195, width: 105, height: 105 });
  });

  it('aligns the tile size to source blocks so no block is decoded twice', () => {
    expect(planTiles(2048, 2048, { tileSizePx: 600, blockWidth: 256, blockHeight: 256 }).tileSizePx).toBe(512);
    expect(planTiles(2048, 2048, { tileSizePx: 512, blockWidth: 256, blockHeight: 256 }).tileSizePx).toBe(512);
    expect(planTiles(2048, 2048, { tileSizePx: 777, blockWidth: 512, blockHeight: 512 }).tileSizePx).toBe(777);
  });

  it('refuses empty rasters and silly tile sizes', () => {
    expect(() => planTiles(0, 10, { tileSizePx: 512 })).toThrow(/0×10/);
    expect(() => planTiles(10, 10, { tileSizePx: 3 })).toThrow(/tile size/);
  });
});
