/**
 * GDAL/numpy oracles for land-use legends (GDAL is a test oracle only): build class rasters of any legend
 * and type with numpy, and recount a finished job independently — class pairs over the whole arrays,
 * change codes per pair from change.tif, and gdal.Polygonize of the polygon value raster
 * (change code · 2^22 + from · 2048 + to) rebuilt from change.tif and the input rasters.
 */
import { execFileSync, spawnSync } from 'node:child_process';

let python: string | null | undefined;

/** A python with the GDAL bindings and numpy (a pyenv shim on PATH may lack them), or null. */
export function gdalNumpyPython(): string | null {
  if (python !== undefined) return python;
  python = null;
  if (spawnSync('gdalinfo', ['--version']).status !== 0) return python;
  for (const exe of ['/usr/bin/python3', 'python3']) {
    if (spawnSync(exe, ['-c', 'from osgeo import gdal, ogr; import numpy']).status === 0) {
      python = exe;
      break;
    }
  }
  return python;
}

/** One class raster pair: blocky maps of `codes` (seeded), B differs from A on a blocky mask. */
export interface LegendCase {
  /** output path stem: writes STEM-a.tif and STEM-b.tif */
  stem: string;
  codes: number[];
  /** codes B may change to (default: codes) */
  codesB?: number[];
  dtype: 'Byte' | 'UInt16' | 'Int16' | 'Int32';
  nodataA: number | null;
  nodataB: number | null;
  seed: number;
  size?: number;
  /** extra raw values planted in a few blocks of A (e.g. codes no table maps) */
  plantA?: number[];
}

const MAKE = `
import sys, json
import numpy as np
from osgeo import gdal, osr
gdal.UseExceptions()
NP = {'Byte': np.uint8, 'UInt16': np.uint16, 'Int16': np.int16, 'Int32': np.int32}
def blocks(rng, values, h, w, cell):
    small = rng.choice(np.array(values), size=(h // cell + 1, w // cell + 1))
    return np.kron(small, np.ones((cell, cell), dtype=small.dtype))[:h, :w]
def write(path, arr, dtype, nodata):
    ds = gdal.GetDriverByName('GTiff').Create(path, arr.shape[1], arr.shape[0], 1, getattr(gdal, 'GDT_' + dtype),
        ['TILED=YES', 'BLOCKXSIZE=64', 'BLOCKYSIZE=64', 'COMPRESS=DEFLATE'])
    ds.SetGeoTransform([500000, 10, 0, 3500000, 0, -10])
    s = osr.SpatialReference(); s.ImportFromEPSG(4549); ds.SetProjection(s.ExportToWkt())
    b = ds.GetRasterBand(1); b.WriteArray(arr)
    if nodata is not None: b.SetNoDataValue(nodata)
    ds = None
for c in json.load(sys.stdin):
    n = c.get('size') or 240
    rng = np.random.default_rng(c['seed'])
    dt = NP[c['dtype']]
    a = blocks(rng, c['codes'], n, n, 12).astype(dt)
    b = a.copy()
    change = blocks(rng, [0, 1], n, n, 9) == 1
    other = blocks(rng, c.get('codesB') or c['codes'], n, n, 9).astype(dt)
    b[change] = other[change]
    if c.get('plantA'):
        for k, v in enumerate(c['plantA']):
            a[20 + 30 * k: 27 + 30 * k, 50: 61] = v
    if c['nodataA'] is not None: a[:16, :] = c['nodataA']
    if c['nodataB'] is not None: b[-13:, :37] = c['nodataB']
    write(c['stem'] + '-a.tif', a, c['dtype'], c['nodataA'])
    write(c['stem'] + '-b.tif', b, c['dtype'], c['nodataB'])
`;

export function makeLegendRasters(cases: LegendCase[]): void {
  const exe = gdalNumpyPython();
  if (exe === null) throw new Error('python3 with osgeo and numpy not found');
  execFileSync(exe, ['-c', MAKE], { input: JSON.stringify(cases), encoding: 'utf8' });
}

const ORACLE = `
import sys, json
import numpy as np
from osgeo import gdal, ogr
gdal.UseExceptions()
c = json.load(sys.stdin)
def read(p):
    ds = gdal.Open(p); b = ds.GetRasterBand(1)
    return b.ReadAsArray().astype(np.int64), b.GetNoDataValue()
a, nda = read(c['a']); b, ndb = read(c['b']); code, _ = read(c['change'])
valid = np.ones(a.shape, bool)
if nda is not None: valid &= a != nda
if ndb is not None: valid &= b != ndb
remap = c.get('remap')
def classes(x):
    if remap is None:
        return np.where((x >= 0) & (x <= 2047), x, -1)
    lut = np.full(65536, -1, np.int64)
    for k, v in remap.items():
        if v is not None: lut[int(k)] = int(v)
    return np.where((x >= 0) & (x <= 65535), lut[np.clip(x, 0, 65535)], -1)
ca = classes(a); cb = classes(b)
usable = valid & (ca >= 0) & (cb >= 0)
pairs = {}
keys, counts = np.unique(np.stack([ca[usable], cb[usable], code[usable]]), axis=1, return_counts=True)
for (f, t, k), n in zip(keys.T.tolist(), counts.tolist()):
    pairs['%d,%d,%d' % (f, t, k)] = n
unusable = {}
for name, x, cx in (('A', a, ca), ('B', b, cb)):
    sel = valid & (cx < 0)
    u, n = np.unique(x[sel], return_counts=True)
    unusable[name] = {str(int(k)): int(v) for k, v in zip(u, n)}
# polygon values as the pipeline polygonizes them: changed pixels only
changed = usable & (code != 0) & (code != 255)
value = np.where(changed, code * 4194304 + ca * 2048 + cb, 0).astype(np.int32)
h, w = value.shape
drv = gdal.GetDriverByName('MEM')
ds = drv.Create('', w, h, 1, gdal.GDT_Int32); ds.SetGeoTransform((0, 1, 0, 0, 0, 1))
band = ds.GetRasterBand(1); band.WriteArray(value)
mds = drv.Create('', w, h, 1, gdal.GDT_Byte); mds.GetRasterBand(1).WriteArray(changed.astype(np.uint8))
ods = ogr.GetDriverByName('Memory').CreateDataSource('')
lyr = ods.CreateLayer('p'); lyr.CreateField(ogr.FieldDefn('DN', ogr.OFTInteger))
gdal.Polygonize(band, mds.GetRasterBand(1), lyr, 0, ['8CONNECTED=8'] if c['connectivity'] == 8 else [])
polys = sorted('%d:%d' % (f.GetField(0), round(f.GetGeometryRef().GetArea())) for f in lyr)
json.dump({'pairs': pairs, 'unusable': unusable, 'polygons': polys, 'codeOutsideUsable': int(((code != 255) & ~usable).sum())}, sys.stdout)
`;

export interface LegendOracle {
  /** "from,to,changeCode" → pixels over pixels valid in both epochs with usable classes */
  pairs: Record<string, number>;
  /** per epoch: raw value → pixels of valid pixels without a usable class */
  unusable: { A: Record<string, number>; B: Record<string, number> };
  /** sorted "polygonValue:pixelArea" of gdal.Polygonize over the rebuilt value raster */
  polygons: string[];
  /** pixels that change.tif does not mark 255 although they are nodata or unusable (must be 0) */
  codeOutsideUsable: number;
}

export function legendOracle(o: { a: string; b: string; change: string; remap?: Record<string, string | number | null>; connectivity: 4 | 8 }): LegendOracle {
  const exe = gdalNumpyPython();
  if (exe === null) throw new Error('python3 with osgeo and numpy not found');
  return JSON.parse(execFileSync(exe, ['-c', ORACLE], { input: JSON.stringify(o), encoding: 'utf8', maxBuffer: 1 << 26 })) as LegendOracle;
}
