import { gdalEnv, type GdalTools } from './gdal-tools.ts';
import { runChild } from './run-child.ts';

/**
 * The GDAL/numpy baseline of our spectral passes, as a careful numpy user would write it: strips of
 * whole tile rows, three passes like ours — (1) per-band mean/std over jointly valid pixels for the
 * mean/std normalisation of B onto A, (2) CVA magnitude histogram and Otsu, (3) CVA magnitude > threshold
 * → uint8 mask (or, with --classify, our spectral change codes) written as a tiled deflate GTiff.
 *
 * It computes its own normalisation and Otsu (that is the work), but the mask uses the gain/offset and the
 * threshold VALUE passed in (ours, from summary.json) so the two rasters can be compared pixel by pixel.
 * The arithmetic mirrors src/kernels (float64 sums, float32 stores, strict `>`), so equal inputs give
 * equal codes. Prints one JSON line: per-pass ms, its own gain/offset/otsu, pixel counts.
 */
export const CVA_MASK_PY = String.raw`
import sys, json, time, argparse
import numpy as np
from osgeo import gdal
gdal.UseExceptions()
t_start = time.perf_counter()
ap = argparse.ArgumentParser()
ap.add_argument('a'); ap.add_argument('b'); ap.add_argument('out')
ap.add_argument('--threshold', type=float, required=True)
ap.add_argument('--gain'); ap.add_argument('--offset')
ap.add_argument('--no-normalize', action='store_true')
ap.add_argument('--classify', action='store_true')
ap.add_argument('--zero-invalid', action='store_true')
ap.add_argument('--rows', type=int, default=512)
ap.add_argument('--bins', type=int, default=4096)
args = ap.parse_args()

da, db = gdal.Open(args.a), gdal.Open(args.b)
W, H, NB = da.RasterXSize, da.RasterYSize, da.RasterCount
nda = da.GetRasterBand(1).GetNoDataValue()
ndb = db.GetRasterBand(1).GetNoDataValue()

def strips():
    for y in range(0, H, args.rows):
        h = min(args.rows, H - y)
        a = da.ReadAsArray(0, y, W, h)
        b = db.ReadAsArray(0, y, W, h)
        valid = np.ones((h, W), bool)
        if nda is not None: valid &= ~(a == nda).any(axis=0)
        if ndb is not None: valid &= ~(b == ndb).any(axis=0)
        yield y, h, a, b, valid

ms = {}
t = time.perf_counter()
gain = np.ones(NB); offset = np.zeros(NB)
if not args.no_normalize:
    cnt = 0.0; sa = np.zeros(NB); sb = np.zeros(NB); qa = np.zeros(NB); qb = np.zeros(NB)
    for y, h, a, b, valid in strips():
        cnt += float(valid.sum())
        for k in range(NB):
            va = a[k][valid].astype(np.float64); vb = b[k][valid].astype(np.float64)
            sa[k] += va.sum(); qa[k] += np.dot(va, va); sb[k] += vb.sum(); qb[k] += np.dot(vb, vb)
    ma, mb = sa / cnt, sb / cnt
    stda = np.sqrt(np.maximum(qa / cnt - ma * ma, 0)); stdb = np.sqrt(np.maximum(qb / cnt - mb * mb, 0))
    gain = np.where(stdb > 0, stda / np.where(stdb > 0, stdb, 1), 1.0)
    offset = ma - gain * mb
ms['stats'] = (time.perf_counter() - t) * 1000
own_gain, own_offset = gain.copy(), offset.copy()
if args.gain: gain = np.array([float(v) for v in args.gain.split(',')])
if args.offset: offset = np.array([float(v) for v in args.offset.split(',')])
g3 = gain[:, None, None]; o3 = offset[:, None, None]

def magnitude(a, b, valid):
    acc = np.zeros(valid.shape)
    for k in range(NB):
        d = a[k].astype(np.float64) - (gain[k] * b[k].astype(np.float64) + offset[k])
        acc += d * d
    m = np.sqrt(acc).astype(np.float32)
    m[~valid] = 0
    return m

t = time.perf_counter()
hi = float(np.sqrt(NB) * 65535 * max(1.0, float(np.max(np.abs(gain)))))
hist = np.zeros(args.bins)
for y, h, a, b, valid in strips():
    m = magnitude(a, b, valid)
    hist += np.histogram(m[valid], bins=args.bins, range=(0.0, hi))[0]
centers = (np.arange(args.bins) + 0.5) * hi / args.bins
w0 = np.cumsum(hist); w1 = w0[-1] - w0
m0 = np.cumsum(hist * centers); mt = m0[-1]
with np.errstate(divide='ignore', invalid='ignore'):
    between = (mt * w0 / w0[-1] - m0) ** 2 / (w0 * w1)
own_otsu = float(centers[int(np.nanargmax(between))] + 0.5 * hi / args.bins)
ms['histogram'] = (time.perf_counter() - t) * 1000

def nd(x, y):
    s = x + y
    with np.errstate(divide='ignore', invalid='ignore'):
        r = np.where(s == 0, 0.0, (x - y) / s)
    return r.astype(np.float32).astype(np.float64)

def classify(a, b, valid, m):
    af = a.astype(np.float64)
    bn = (b.astype(np.float64) * g3 + o3).astype(np.float32).astype(np.float64)
    ndvi_a, ndvi_b = nd(af[3], af[2]), nd(bn[3], bn[2])
    ndwi_a, ndwi_b = nd(af[1], af[3]), nd(bn[1], bn[3])
    inv = 1.0 / NB
    br_a = np.zeros(valid.shape, np.float32); br_b = np.zeros(valid.shape, np.float32)
    for k in range(NB):
        br_a = (br_a.astype(np.float64) + (inv * af[k] + 0.0)).astype(np.float32)
        br_b = (br_b.astype(np.float64) + ((gain[k] * inv) * b[k].astype(np.float64) + offset[k] * inv)).astype(np.float32)
    d_ndvi = ndvi_b - ndvi_a
    ba, bb = br_a.astype(np.float64), br_b.astype(np.float64)
    with np.errstate(divide='ignore', invalid='ignore'):
        rel = (bb - ba) / ba
    code = np.select(
        [(ndwi_a <= 0) & (ndwi_b > 0), (ndwi_a > 0) & (ndwi_b <= 0), (d_ndvi <= -0.15) & (ba > 0) & (rel >= 0.2), d_ndvi <= -0.15, d_ndvi >= 0.15],
        [3, 4, 5, 1, 2], 9).astype(np.uint8)
    code[~(m.astype(np.float64) > args.threshold)] = 0
    return code

t = time.perf_counter()
drv = gdal.GetDriverByName('GTiff')
out = drv.Create(args.out, W, H, 1, gdal.GDT_Byte, ['TILED=YES', 'BLOCKXSIZE=512', 'BLOCKYSIZE=512', 'COMPRESS=DEFLATE', 'PREDICTOR=2'])
out.SetGeoTransform(da.GetGeoTransform()); out.SetProjection(da.GetProjection())
band = out.GetRasterBand(1)
invalid_value = 0 if args.zero_invalid else 255
if not args.zero_invalid: band.SetNoDataValue(255)
changed = 0; nvalid = 0
for y, h, a, b, valid in strips():
    m = magnitude(a, b, valid)
    if args.classify and NB == 4:
        code = classify(a, b, valid, m)
    else:
        code = (m.astype(np.float64) > args.threshold).astype(np.uint8)
    code[~valid] = invalid_value
    changed += int(((code != 0) & valid).sum()); nvalid += int(valid.sum())
    band.WriteArray(code, 0, y)
band = None; out = None
ms['mask'] = (time.perf_counter() - t) * 1000
ms['total'] = (time.perf_counter() - t_start) * 1000
print(json.dumps({'passMs': ms, 'gain': own_gain.tolist(), 'offset': own_offset.tolist(), 'otsu': own_otsu, 'changed': changed, 'valid': nvalid}))
`;

export interface CvaMaskOptions {
  threshold: number;
  /** ours (summary.json), so the mask compares pixel for pixel; the script still computes its own */
  gain?: readonly number[];
  offset?: readonly number[];
  normalize: boolean;
  /** our spectral change codes instead of a 0/1 mask (4-band B,G,R,NIR) */
  classify: boolean;
  /** write invalid pixels as 0 with no nodata tag (for gdal_sieve + polygonize of changes only) */
  zeroInvalid: boolean;
  threads: 'default' | 'all';
}

export interface CvaMaskFigures {
  ms: number;
  maxRssKb: number | null;
  passMs: { stats: number; histogram: number; mask: number; total: number };
  gain: number[];
  offset: number[];
  otsu: number;
  changed: number;
  valid: number;
}

export async function runCvaMaskPy(gdal: GdalTools, a: string, b: string, out: string, o: CvaMaskOptions): Promise<CvaMaskFigures> {
  const args = ['-', a, b, out, `--threshold=${o.threshold}`];
  if (o.gain) args.push(`--gain=${o.gain.join(',')}`);
  if (o.offset) args.push(`--offset=${o.offset.join(',')}`);
  if (!o.normalize) args.push('--no-normalize');
  if (o.classify) args.push('--classify');
  if (o.zeroInvalid) args.push('--zero-invalid');
  const r = await runChild(gdal.python, args, { input: CVA_MASK_PY, env: gdalEnv(o.threads) });
  const j = parseMaskReply(r.stdout.trim().split('\n').pop() ?? '');
  return { ms: r.ms, maxRssKb: r.maxRssKb, ...j };
}

function parseMaskReply(line: string): Omit<CvaMaskFigures, 'ms' | 'maxRssKb'> {
  const j: unknown = JSON.parse(line);
  if (typeof j !== 'object' || j === null || !('passMs' in j) || !('gain' in j)) throw new Error(`cva mask script: unexpected reply ${line.slice(0, 200)}`);
  return j as Omit<CvaMaskFigures, 'ms' | 'maxRssKb'>;
}
