import { describe, expect, it } from 'vitest';
import { codeCounts, pixelAreaM2 } from './pixel-area.ts';
import { cropWindow } from './crop-window.ts';

describe('pixelAreaM2', () => {
  it('is |px·py| for north-up grids and the determinant for rotated ones', () => {
    expect(pixelAreaM2([203325, 30, 0, 3604935, 0, -30])).toBe(900);
    expect(pixelAreaM2([0, 3, 1, 0, 2, -4])).toBe(14);
    expect(() => pixelAreaM2([0, 1, 0, 0, 0])).toThrow(/6 finite/);
  });
});

describe('codeCounts', () => {
  it('counts pixels per code', () => {
    const c = codeCounts(new Uint8Array([0, 1, 1, 255, 20]), 5);
    expect([c[0], c[1], c[20], c[255], c[2]]).toEqual([1, 2, 1, 1, 0]);
  });
});

describe('cropWindow', () => {
  it('cuts a window out of a row-major array', () => {
    const src = new Float32Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]); // 4×3
    expect(Array.from(cropWindow(src, 4, 3, 1, 1, 2, 2, new Float32Array(4)))).toEqual([5, 6, 9, 10]);
    expect(() => cropWindow(src, 4, 3, 3, 0, 2, 1, new Float32Array(2))).toThrow(/outside/);
  });
});
