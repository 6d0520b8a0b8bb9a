/**
 * Test helpers for comparing our polygons with GDAL's (GDAL is a test oracle only, never a runtime
 * dependency): run GDALPolygonize through python3-gdal on in-memory rasters, and canonicalise rings of both
 * sides so that polygon sets compare exactly (ring start, orientation and collinear vertices ignored).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import type { StitchedPolygon } from '../../src/vector/stitch-tiles.ts';

let python: string | null | undefined;

/** A python with the GDAL bindings (a pyenv shim on PATH may lack them; gdal_polygonize.py uses /usr/bin/python3). */
function gdalPython(): string | null {
  if (python !== undefined) return python;
  python = null;
  for (const exe of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(exe, ['-c', 'from osgeo import gdal, ogr'], { encoding: 'utf8' });
    if (r.status === 0) {
      python = exe;
      break;
    }
  }
  return python;
}

/** True when gdalinfo and python3-gdal are installed (tests that call GDAL skip otherwise). */
export function hasGdal(): boolean {
  const r = spawnSync('gdalinfo', ['--version'], { encoding: 'utf8' });
  return r.status === 0 && gdalPython() !== null;
}

export interface OracleCase {
  width: number;
  height: number;
  values: number[];
  /** band nodata value (GDAL then uses the nodata mask), or null */
  nodata: number | null;
  /** user mask (0 = masked out), or null */
  mask: number[] | null;
  /** true: like gdal_polygonize.py -nomask */
  nomask?: boolean;
  connectivity: 4 | 8;
}

/** One GDAL feature: DN and rings as x,y,x,y… (closed) in PIXEL coordinates (geotransform 0,1,0,0,0,1). */
export interface OracleFeature {
  value: number;
  rings: number[][];
}

// Same calls as gdal_polygonize.py (GDAL 3.6.2): Polygonize(srcband, maskband, layer, field, options).
const PY = `
import sys, json
from osgeo import gdal, ogr
gdal.UseExceptions()
cases = json.load(sys.stdin)
out = []
for c in cases:
    w, h = c['width'], c['height']
    drv = gdal.GetDriverByName('MEM')
    ds = drv.Create('', w, h, 1, gdal.GDT_Int32)
    ds.SetGeoTransform((0, 1, 0, 0, 0, 1))
    b = ds.GetRasterBand(1)
    b.WriteRaster(0, 0, w, h, bytes(bytearray(__import__('struct').pack('<%di' % (w*h), *c['values']))))
    if c['nodata'] is not None:
        b.SetNoDataValue(c['nodata'])
    mask = None
    if c['mask'] is not None:
        mds = drv.Create('', w, h, 1, gdal.GDT_Byte)
        mds.GetRasterBand(1).WriteRaster(0, 0, w, h, bytes(bytearray(c['mask'])))
        mask = mds.GetRasterBand(1)
    elif not c.get('nomask'):
        mask = b.GetMaskBand()
    ods = ogr.GetDriverByName('Memory').CreateDataSource('')
    lyr = ods.CreateLayer('poly')
    lyr.CreateField(ogr.FieldDefn('DN', ogr.OFTInteger))
    opts = ['8CONNECTED=8'] if c['connectivity'] == 8 else []
    gdal.Polygonize(b, mask, lyr, 0, opts)
    feats = []
    for f in lyr:
        g = f.GetGeometryRef()
        rings = []
        for i in range(g.GetGeometryCount()):
            r = g.GetGeometryRef(i)
            pts = []
            for k in range(r.GetPointCount()):
                pts += [int(round(r.GetX(k))), int(round(r.GetY(k)))]
            rings.append(pts)
        feats.append([f.GetField(0), rings])
    out.append(feats)
json.dump(out, sys.stdout)
`;

export function gdalPolygonize(cases: OracleCase[]): OracleFeature[][] {
  const exe = gdalPython();
  if (exe === null) throw new Error('python3 with osgeo (python3-gdal) not found');
  const stdout = execFileSync(exe, ['-c', PY], {
    input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 1 << 28,
  });
  const parsed: unknown = JSON.parse(stdout);
  if (!Array.isArray(parsed)) throw new Error('oracle: unexpected output');
  return parsed.map((feats: unknown) => {
    if (!Array.isArray(feats)) throw new Error('oracle: unexpected case output');
    return feats.map((f: unknown) => {
      const [value, rings] = f as [number, number[][]];
      return { value, rings };
    });
  });
}

/**
 * Canonical text of a ring: collinear and closing vertices dropped, oriented clockwise on screen (y down)
 * when exterior, anticlockwise when a hole, starting at the smallest (y, x) vertex.
 */
export function canonicalRingText(coords: ArrayLike<number>, exterior: boolean): string {
  let pts: Array<[number, number]> = [];
  const n = coords.length / 2;
  for (let i = 0; i < n; i++) pts.push([coords[2 * i], coords[2 * i + 1]]);
  if (pts.length > 1 && pts[0][0] === pts[pts.length - 1][0] && pts[0][1] === pts[pts.length - 1][1]) pts.pop();
  // drop collinear vertices until none is left (a dropped vertex can make its neighbour collinear only on
  // degenerate input, so one pass normally suffices)
  for (let changed = true; changed;) {
    changed = false;
    const keep: Array<[number, number]> = [];
    for (let i = 0; i < pts.length; i++) {
      const p = pts[(i + pts.length - 1) % pts.length];
      const c = pts[i];
      const q = pts[(i + 1) % pts.length];
      const collinear = (p[0] === c[0] && c[0] === q[0]) || (p[1] === c[1] && c[1] === q[1]);
      if (collinear) changed = true;
      else keep.push(c);
    }
    pts = keep;
  }
  let a2 = 0;
  for (let i = 0; i < pts.length; i++) {
    const [x0, y0] = pts[i];
    const [x1, y1] = pts[(i + 1) % pts.length];
    a2 += x0 * y1 - x1 * y0;
  }
  if ((a2 > 0) !== exterior) pts.reverse();
  let best = 0;
  for (let i = 1; i < pts.length; i++) {
    if (pts[i][1] < pts[best][1] || (pts[i][1] === pts[best][1] && pts[i][0] < pts[best][0])) best = i;
  }
  const rot = pts.slice(best).concat(pts.slice(0, best));
  return rot.map((p) => `${p[0]} ${p[1]}`).join(',');
}

function absArea2(coords: ArrayLike<number>): number {
  let a = 0;
  for (let k = 0; k + 3 < coords.length; k += 2) a += coords[k] * coords[k + 3] - coords[k + 2] * coords[k + 1];
  return Math.abs(a);
}

/** Canonical text of a polygon: value, exterior (the largest ring), holes sorted. */
export function canonicalPolygonText(value: number, rings: ArrayLike<number>[]): string {
  let ext = 0;
  for (let i = 1; i < rings.length; i++) if (absArea2(rings[i]) > absArea2(rings[ext])) ext = i;
  const holes = rings.filter((_, i) => i !== ext).map((r) => canonicalRingText(r, false)).sort();
  return [`${value}`, canonicalRingText(rings[ext], true), ...holes].join(' | ');
}

export function canonicalSet(polys: Array<{ value: number; rings: ArrayLike<number>[] }>): string[] {
  return polys.map((p) => canonicalPolygonText(p.value, p.rings)).sort();
}

/** Exact text of our output (order, start vertex and orientation included), for tile-invariance checks. */
export function exactText(polys: StitchedPolygon[]): string {
  return polys.map((p) => `${p.value};${p.pixelCount};${p.bbox.join(',')};${p.rings.map((r) => r.join(',')).join('|')}`).join('\n');
}

/** Reads an AAIGrid (.asc/.grd) text: values row-major, header fields. */
export function parseAaigrid(text: string): {
  width: number; height: number; xll: number; yll: number; cellsize: number; nodata: number | null; values: Int32Array;
} {
  const lines = text.split(/\r?\n/);
  const head: Record<string, number> = {};
  let i = 0;
  for (; i < lines.length; i++) {
    const m = /^\s*([A-Za-z_]+)\s+(\S+)\s*$/.exec(lines[i]);
    if (m === null) break;
    head[m[1].toLowerCase()] = Number(m[2]);
  }
  const nums = lines.slice(i).join(' ').trim().split(/\s+/).filter((s) => s.length > 0).map(Number);
  const width = head.ncols;
  const height = head.nrows;
  if (nums.length !== width * height) throw new Error(`AAIGrid: ${nums.length} values for ${width}×${height}`);
  return {
    width, height, xll: head.xllcorner, yll: head.yllcorner, cellsize: head.cellsize,
    nodata: head.nodata_value ?? null, values: Int32Array.from(nums),
  };
}
