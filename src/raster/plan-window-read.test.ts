import { describe, expect, it } from 'vitest';
import { planWindowRead } from './plan-window-read.ts';
import { RasterError } from './raster-error.ts';
import type { RasterSource } from './raster-types.ts';

/** A 100×70 raster of 3 bands in 32×32 tiles (4×3 tiles per band), offsets numbered by block index. */
function source(planarConfig: 1 | 2): RasterSource {
  const count = 12 * (planarConfig === 2 ? 3 : 1);
  return {
    path: 'mem.tif', byteLength: 1e6, width: 100, height: 70, bands: 3, sampleType: 'uint16', bitsPerSample: 16,
    compression: 8, compressionName: 'DEFLATE', predictor: 2, planarConfig, littleEndian: true, bigTiff: false,
    tiled: true, blockWidth: 32, blockHeight: 32, blocksAcross: 4, blocksDown: 3,
    blockOffsets: Array.from({ length: count }, (_, i) => 1000 + i), blockByteCounts: new Array(count).fill(10),
    nodata: null, photometric: 1, overviews: [], gdalMetadata: null,
    geo: { epsg: null, geographic: null, geoTransform: null, rasterType: 'area', geoKeys: {} },
  };
}

describe('planWindowRead', () => {
  it('lists the tiles a window touches, with their byte ranges', () => {
    const req = planWindowRead(source(1), { x: 30, y: 31, width: 5, height: 2 });
    expect(req.blocks.map((b) => [b.blockCol, b.blockRow, b.offset, b.band])).toEqual([
      [0, 0, 1000, -1], [1, 0, 1001, -1], [0, 1, 1004, -1], [1, 1, 1005, -1],
    ]);
    expect(req.bands).toEqual([0, 1, 2]);
    expect([req.samplesPerPixel, req.tiled, req.imageWidth, req.imageHeight]).toEqual([3, true, 100, 70]);
  });

  it('for planar files lists only the blocks of the requested bands', () => {
    const req = planWindowRead(source(2), { x: 96, y: 64, width: 4, height: 6 }, [2, 2, 0]);
    expect(req.blocks.map((b) => [b.band, b.offset])).toEqual([[2, 1000 + 24 + 11], [0, 1000 + 11]]);
    expect(req.bands).toEqual([2, 2, 0]);
  });

  it('E_RASTER_WINDOW for windows outside the raster, empty windows and bad bands', () => {
    const bad: Array<[number, number, number, number, number[] | undefined]> = [
      [-1, 0, 5, 5, undefined], [0, 0, 101, 5, undefined], [99, 69, 2, 1, undefined], [0, 0, 0, 5, undefined],
      [0, 0, 1.5, 5, undefined], [0, 0, 5, 5, [3]], [0, 0, 5, 5, []],
    ];
    for (const [x, y, width, height, bands] of bad) {
      const call = (): unknown => planWindowRead(source(1), { x, y, width, height }, bands);
      expect(call).toThrow(RasterError);
      try {
        call();
      } catch (err) {
        expect((err as RasterError).code).toBe('E_RASTER_WINDOW');
        expect((err as RasterError).details.file).toBe('mem.tif');
      }
    }
  });
});
