/**
 * Test helpers for the merge-mode MMU: run gdal_sieve.py (GDAL 3.6.2, test oracle only) on in-memory
 * rasters, and sieve the same raster with our tiled pipeline (kernel per tile → global graph → decision →
 * relabel per tile).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sieveComponents } from '../../src/kernels/sieve-components.ts';
import { SieveGraph } from '../../src/vector/sieve-graph.ts';
import type { SieveDecision } from '../../src/vector/sieve-decide.ts';

/** Runs `gdal_sieve.py -st T -4|-8 in.tif out.tif` on an Int32 GeoTIFF with the given nodata; returns the output pixels. */
export function gdalSieve(values: Int32Array, width: number, height: number, nodata: number | null, thresholdPx: number, connectivity: 4 | 8): Int32Array {
  const dir = mkdtempSync(join(tmpdir(), 'lw-sieve-'));
  try {
    writeFileSync(join(dir, 'in.bin'), Buffer.from(values.buffer, values.byteOffset, values.byteLength));
    const py = `
import sys
import numpy as np
from osgeo import gdal
gdal.UseExceptions()
d, w, h, nd = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
a = np.fromfile(d + '/in.bin', dtype='<i4').reshape(h, w)
ds = gdal.GetDriverByName('GTiff').Create(d + '/in.tif', w, h, 1, gdal.GDT_Int32)
ds.SetGeoTransform([0, 1, 0, 0, 0, -1])
b = ds.GetRasterBand(1)
if nd != 'none': b.SetNoDataValue(float(nd))
b.WriteArray(a)
ds = None
`;
    run('/usr/bin/python3', ['-c', py, dir, String(width), String(height), nodata === null ? 'none' : String(nodata)]);
    run('gdal_sieve.py', ['-q', '-st', String(thresholdPx), connectivity === 8 ? '-8' : '-4', join(dir, 'in.tif'), join(dir, 'out.tif')]);
    const dump = `
import sys
from osgeo import gdal
ds = gdal.Open(sys.argv[1] + '/out.tif')
ds.GetRasterBand(1).ReadAsArray().astype('<i4').tofile(sys.argv[1] + '/out.bin')
`;
    run('/usr/bin/python3', ['-c', dump, dir]);
    const buf = readFileSync(join(dir, 'out.bin'));
    return new Int32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(exe: string, args: string[]): void {
  const r = spawnSync(exe, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${exe} ${args.slice(0, 3).join(' ')} failed: ${r.stderr}`);
}

export function hasGdalSieve(): boolean {
  return spawnSync('gdal_sieve.py', [], { encoding: 'utf8' }).error === undefined
    && spawnSync('/usr/bin/python3', ['-c', 'from osgeo import gdal; import numpy'], { encoding: 'utf8' }).status === 0;
}

/** Our tiled sieve of an in-memory raster: per-tile kernel → SieveGraph → decision → relabel. Nodata pixels keep their value. */
export function tiledSieve(
  values: Int32Array, valid: Uint8Array, width: number, height: number, tileSizePx: number, thresholdPx: number, connectivity: 4 | 8,
): { out: Int32Array; decision: SieveDecision } {
  const graph = new SieveGraph({ connectivity, rasterWidth: width, rasterHeight: height, tileSizePx });
  const tiles: Array<{ x: number; y: number; w: number; h: number; v: Int32Array; m: Uint8Array }> = [];
  for (let y = 0; y < height; y += tileSizePx) {
    for (let x = 0; x < width; x += tileSizePx) {
      const w = Math.min(tileSizePx, width - x);
      const h = Math.min(tileSizePx, height - y);
      const v = new Int32Array(w * h);
      const m = new Uint8Array(w * h);
      for (let r = 0; r < h; r++) {
        v.set(values.subarray((y + r) * width + x, (y + r) * width + x + w), r * w);
        m.set(valid.subarray((y + r) * width + x, (y + r) * width + x + w), r * w);
      }
      tiles.push({ x, y, w, h, v, m });
    }
  }
  // add tiles in a scrambled order: the graph must not depend on it
  const order = tiles.map((_, i) => i).sort((a, b) => ((a * 7919) % 101) - ((b * 7919) % 101));
  for (const i of order) {
    const t = tiles[i];
    graph.addTile({ x: t.x, y: t.y, width: t.w, height: t.h }, sieveComponents(t.v, t.m, t.w, t.h, { x0: t.x, y0: t.y, rasterWidth: width, connectivity }));
  }
  const decision = graph.decide(thresholdPx);
  const out = Int32Array.from(values);
  for (const t of tiles) {
    const labels = new Int32Array(t.w * t.h);
    const sc = sieveComponents(t.v, t.m, t.w, t.h, { x0: t.x, y0: t.y, rasterWidth: width, connectivity }, labels);
    const fin = graph.finalValues({ x: t.x, y: t.y, width: t.w, height: t.h }, sc.count);
    for (let r = 0; r < t.h; r++) {
      for (let c = 0; c < t.w; c++) {
        const l = labels[r * t.w + c];
        if (l >= 0) out[(t.y + r) * width + t.x + c] = fin[l];
      }
    }
  }
  return { out, decision };
}
