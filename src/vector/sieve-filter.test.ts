import { describe, expect, it } from 'vitest';
import { polygonizeRaster } from './polygon-tiled.ts';
import { filterSmall } from './sieve-filter.ts';

describe('filterSmall', () => {
  it('drops polygons below the threshold after stitching, judging seam-cut polygons whole', () => {
    // a 1×3 strip of value 1 crosses the seam of 2-pixel tiles; the 2s and the lower 0s are small
    const values = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 0, 2, 0, 0, 2]);
    const r = { values, valid: new Uint8Array(12).fill(1), width: 4, height: 3 };
    const polys = polygonizeRaster(r, { tileSizePx: 2 });
    expect(filterSmall(polys, 3).map((p) => [p.value, p.pixelCount])).toEqual([[0, 5], [1, 3]]);
    expect(filterSmall(polys, 0)).toHaveLength(polys.length);
  });

  it('rejects a negative threshold', () => {
    expect(() => filterSmall([], -1)).toThrowError(expect.objectContaining({ code: 'E_VECTOR_GEOMETRY' }));
  });
});
