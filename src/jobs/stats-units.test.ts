import { describe, expect, it } from 'vitest';
import { statsUnits } from './stats-units.ts';
import type { RasterSource } from '../raster/index.ts';

const src = (width: number, height: number, bw: number, bh: number) => ({ width, height, blockWidth: bw, blockHeight: bh }) as RasterSource;

describe('statsUnits', () => {
  it('covers every pixel once on the source block grid in exact mode', () => {
    const { units, fraction } = statsUnits(src(1000, 700, 256, 256), 'exact');
    expect(fraction).toBe(1);
    expect(units.reduce((s, u) => s + u.window.width * u.window.height, 0)).toBe(1000 * 700);
    // units are whole blocks (512 = 2 × 256), never the job's tiles
    expect(units[0].window).toEqual({ x: 0, y: 0, width: 512, height: 512 });
  });

  it('groups thin strips into ~512-row units', () => {
    const { units } = statsUnits(src(800, 1000, 800, 8), 'exact');
    expect(units[0].window).toEqual({ x: 0, y: 0, width: 800, height: 512 });
    expect(units).toHaveLength(2);
  });

  it('samples a spread quarter of a large scene, and reads small scenes whole', () => {
    const big = statsUnits(src(8192, 8192, 512, 512), 'sample');
    expect(big.fraction).toBe(0.25);
    const rows = new Set(big.units.map((u) => u.row));
    const cols = new Set(big.units.map((u) => u.col));
    expect(rows.size).toBe(16);
    expect(cols.size).toBe(16);
    expect(statsUnits(src(2048, 2048, 512, 512), 'sample').fraction).toBe(1);
  });
});
