import { gdalEnv, type GdalTools } from './gdal-tools.ts';
import { runChild, type ChildResult } from './run-child.ts';

/**
 * GDAL's vector side, for timing (the CLI tools as a user runs them) and for checking counts (python,
 * untimed). "Changes only" means pixels whose value is neither 0 (no change) nor 255 (nodata).
 */
const ORACLE_PY = String.raw`
import sys, json
import numpy as np
from osgeo import gdal, ogr, osr
gdal.UseExceptions()
cmd = sys.argv[1]
def changes_only(path):
    ds = gdal.Open(path)
    v = ds.GetRasterBand(1).ReadAsArray()
    v = np.where(v == 255, 0, v).astype(np.uint8)
    return ds, v
if cmd == 'diff' or cmd == 'diffbinary':
    _, a = changes_only(sys.argv[2]); _, b = changes_only(sys.argv[3])
    if cmd == 'diffbinary': a = (a != 0); b = (b != 0)
    print(json.dumps({'pixels': int(a.size), 'differ': int((a != b).sum()), 'changedA': int((a != 0).sum()), 'changedB': int((b != 0).sum())}))
elif cmd == 'count':
    ds, v = changes_only(sys.argv[2]); min_px = float(sys.argv[3]); conn = sys.argv[4]
    mem = gdal.GetDriverByName('MEM').Create('', v.shape[1], v.shape[0], 2, gdal.GDT_Byte)
    mem.GetRasterBand(1).WriteArray(v); mem.GetRasterBand(2).WriteArray((v != 0).astype(np.uint8))
    mds = ogr.GetDriverByName('Memory').CreateDataSource('m')
    layer = mds.CreateLayer('p', geom_type=ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn('DN', ogr.OFTInteger))
    gdal.Polygonize(mem.GetRasterBand(1), mem.GetRasterBand(2), layer, 0, ['8CONNECTED=8'] if conn == '8' else [])
    n = 0; kept = 0
    for f in layer:
        n += 1
        if f.GetGeometryRef().GetArea() >= min_px - 1e-9: kept += 1
    print(json.dumps({'polygons': n, 'atLeastMinPx': kept}))
elif cmd == 'polycore':
    import time
    t0 = time.perf_counter()
    ds = gdal.Open(sys.argv[2]); band = ds.GetRasterBand(1)
    mds = ogr.GetDriverByName('Memory').CreateDataSource('m')
    layer = mds.CreateLayer('p', srs=ds.GetSpatialRef(), geom_type=ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn('DN', ogr.OFTInteger))
    gdal.Polygonize(band, band.GetMaskBand(), layer, 0, ['8CONNECTED=8'] if sys.argv[3] == '8' else [])
    ms = (time.perf_counter() - t0) * 1000
    print(json.dumps({'ms': ms, 'polygons': layer.GetFeatureCount()}))
elif cmd == 'features':
    ds = ogr.Open(sys.argv[2]); layer = ds.GetLayer(0); min_area = float(sys.argv[3])
    kept = sum(1 for f in layer if f.GetGeometryRef().GetArea() >= min_area - 1e-6)
    print(json.dumps({'features': layer.GetFeatureCount(), 'atLeastMinArea': kept}))
`;

async function oracle(gdal: GdalTools, args: string[]): Promise<unknown> {
  const r = await runChild(gdal.python, ['-', ...args], { input: ORACLE_PY });
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? 'null');
}

/**
 * Pixels that differ between two change rasters, 255 read as 0 in both (untimed check). `binary`: compare
 * changed / not changed only (our codes against a 0/1 mask).
 */
export async function diffRasters(gdal: GdalTools, a: string, b: string, binary = false): Promise<{ pixels: number; differ: number; changedA: number; changedB: number }> {
  return (await oracle(gdal, [binary ? 'diffbinary' : 'diff', a, b])) as { pixels: number; differ: number; changedA: number; changedB: number };
}

/**
 * GDALPolygonize of the changed pixels of `raster` in pixel space (no geotransform), counting all polygons
 * and those of at least `minPx` pixels: the exact equivalent of our stitch + MMU on a projected grid.
 */
export async function countPolygons(gdal: GdalTools, raster: string, minPx: number, connectivity: 4 | 8): Promise<{ polygons: number; atLeastMinPx: number }> {
  return (await oracle(gdal, ['count', raster, String(minPx), String(connectivity)])) as { polygons: number; atLeastMinPx: number };
}

/** GDALPolygonize (nodata mask) into an in-memory layer: GDAL's core without the GeoJSON writer. */
export async function gdalPolygonizeCore(gdal: GdalTools, raster: string, connectivity: 4 | 8): Promise<{ wallMs: number; ms: number; polygons: number; maxRssKb: number | null }> {
  const r = await runChild(gdal.python, ['-', 'polycore', raster, String(connectivity)], { input: ORACLE_PY });
  const j = JSON.parse(r.stdout.trim().split('\n').pop() ?? 'null') as { ms: number; polygons: number };
  return { wallMs: r.ms, ms: j.ms, polygons: j.polygons, maxRssKb: r.maxRssKb };
}

/** Features of a vector file, and those of at least `minArea` (map units²): gdal_sieve is one pass, so merged remnants can stay small. */
export async function countFeatures(gdal: GdalTools, vectorFile: string, minArea: number): Promise<{ features: number; atLeastMinArea: number }> {
  return (await oracle(gdal, ['features', vectorFile, String(minArea)])) as { features: number; atLeastMinArea: number };
}

/** `gdal_sieve.py -4|-8 -st <minPx> in out` (GTiff). */
export function gdalSieve(src: string, dst: string, minPx: number, connectivity: 4 | 8): Promise<ChildResult> {
  return runChild('gdal_sieve.py', ['-q', connectivity === 8 ? '-8' : '-4', '-st', String(minPx), '-of', 'GTiff', src, dst], { env: gdalEnv('default') });
}

/**
 * `gdal_polygonize.py` to GeoJSON. `maskSelf`: the raster is its own mask (value 0 excluded), so only
 * change polygons are written, like ours.
 */
export function gdalPolygonize(src: string, dst: string, connectivity: 4 | 8, maskSelf: boolean): Promise<ChildResult> {
  const args = ['-q', ...(connectivity === 8 ? ['-8'] : []), ...(maskSelf ? ['-mask', src] : []), '-of', 'GeoJSON', src, dst, 'changes', 'DN'];
  return runChild('gdal_polygonize.py', args, { env: gdalEnv('default') });
}
