import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gdalEnv, type GdalTools } from './gdal-tools.ts';
import { runChild } from './run-child.ts';
import type { ReadFigures } from './decode-floor.ts';

/** In-memory read of every band of each file with GDAL (python ReadRaster): GDAL's decode floor. */
const READ_PY = `
import sys
from osgeo import gdal
gdal.UseExceptions()
for p in sys.argv[1:]:
    ds = gdal.Open(p)
    buf = ds.ReadRaster()
    del buf, ds
`;

/** `gdal_translate -of ENVI` (raw) of each file, one after the other; the output is deleted after. */
export async function gdalTranslateRaw(paths: readonly string[], pixels: number, threads: 'default' | 'all'): Promise<ReadFigures> {
  const dir = await mkdtemp(join(tmpdir(), 'lw-bench-envi-'));
  try {
    let ms = 0;
    let rssKb = 0;
    for (const p of paths) {
      const r = await runChild('gdal_translate', ['-q', '-of', 'ENVI', p, join(dir, `${basename(p)}.raw`)], { env: gdalEnv(threads) });
      ms += r.ms;
      rssKb = Math.max(rssKb, r.maxRssKb ?? 0);
    }
    return { ms, pixels, mpxPerS: pixels / 1e3 / ms, maxRssKb: rssKb };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** python3-gdal `ds.ReadRaster()` of all files in one process (includes interpreter start, ~0.1 s). */
export async function gdalReadInMemory(gdal: GdalTools, paths: readonly string[], pixels: number, threads: 'default' | 'all'): Promise<ReadFigures> {
  const r = await runChild(gdal.python, ['-', ...paths], { env: gdalEnv(threads), input: READ_PY });
  return { ms: r.ms, pixels, mpxPerS: pixels / 1e3 / r.ms, maxRssKb: r.maxRssKb ?? 0 };
}
