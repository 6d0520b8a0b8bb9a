import { describe, expect, it } from 'vitest';
import { alignEpochs } from './align-epochs.ts';
import type { RasterSource } from './raster-types.ts';
import { RasterError } from './raster-error.ts';

function src(over: Partial<RasterSource> & { path: string }, gt = [480000, 2, 0, 3470000, 0, -2]): RasterSource {
  return {
    byteLength: 1000, width: 100, height: 80, bands: 4, sampleType: 'uint16', bitsPerSample: 16,
    compression: 8, compressionName: 'DEFLATE', predictor: 2, planarConfig: 1, littleEndian: true,
    bigTiff: false, tiled: true, blockWidth: 512, blockHeight: 512, blocksAcross: 1, blocksDown: 1,
    blockOffsets: [8], blockByteCounts: [100], nodata: 0, photometric: 1, overviews: [], gdalMetadata: null,
    geo: { epsg: 4549, geographic: false, geoTransform: gt as RasterSource['geo']['geoTransform'], rasterType: 'area', geoKeys: {} },
    ...over,
  };
}

describe('alignEpochs', () => {
  it('accepts epochs on the same grid, within a relative 1e-9 tolerance', () => {
    expect(() => alignEpochs([
      { role: 'epoch A', kind: 'imagery', src: src({ path: 'a.tif' }) },
      { role: 'epoch B', kind: 'imagery', src: src({ path: 'b.tif' }, [480000 + 1e-6, 2, 0, 3470000, 0, -2]) },
      { role: 'land use A', kind: 'landuse', src: src({ path: 'la.tif', bands: 1, sampleType: 'uint8' }) },
    ])).not.toThrow();
  });

  it('lists every differing property of every file in one error', () => {
    let err: unknown;
    try {
      alignEpochs([
        { role: 'epoch A', kind: 'imagery', src: src({ path: 'a.tif' }) },
        { role: 'epoch B', kind: 'imagery', src: src({ path: 'b.tif', width: 99, bands: 3 }, [480002, 2, 0, 3470000, 0, -2]) },
        { role: 'land use B', kind: 'landuse', src: src({ path: 'lb.tif', bands: 1, geo: { epsg: 4326, geographic: true, geoTransform: [480000, 2, 0, 3470000, 0, -2], rasterType: 'area', geoKeys: {} } }) },
      ]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RasterError);
    const e = err as RasterError;
    expect(e.code).toBe('E_RASTER_ALIGN');
    expect(e.message).toContain('b.tif: size 99×80 ≠ 100×80');
    expect(e.message).toContain('geotransform');
    expect(e.message).toContain('bands 3 ≠ 4');
    expect(e.message).toContain('lb.tif: CRS EPSG:4326 ≠ EPSG:4549');
    expect(e.message).not.toMatch(/lb\.tif[^|]*bands/);
  });

  it('h18: a grid that differs by a few pixels comes with the gdalwarp command that puts the file on the reference grid', () => {
    let err: unknown;
    try {
      alignEpochs([
        { role: 'epoch A', kind: 'imagery', src: src({ path: 'a.tif' }) },
        { role: 'epoch B', kind: 'imagery', src: src({ path: '/data/b 2003.tif', width: 97 }, [480006, 2, 0, 3470000, 0, -2]) },
      ]);
    } catch (e) {
      err = e;
    }
    const e = err as RasterError;
    expect(e.code).toBe('E_RASTER_ALIGN');
    // A covers x 480000..480200, y 3469840..3470000 at 2 m
    expect(e.message).toContain("gdalwarp -t_srs EPSG:4549 -te 480000 3469840 480200 3470000 -tr 2 2 -r near '/data/b 2003.tif' '/data/b 2003-aligned.tif'");
    expect(e.details.fix).toEqual(["gdalwarp -t_srs EPSG:4549 -te 480000 3469840 480200 3470000 -tr 2 2 -r near '/data/b 2003.tif' '/data/b 2003-aligned.tif'"]);
  });

  it('h18: band count or data type differences get no gdalwarp advice (warping does not fix them)', () => {
    expect(() => alignEpochs([
      { role: 'epoch A', kind: 'imagery', src: src({ path: 'a.tif' }) },
      { role: 'epoch B', kind: 'imagery', src: src({ path: 'b.tif', bands: 3 }) },
    ])).toThrow(/^(?!.*gdalwarp).*bands 3 ≠ 4/);
  });
});
