import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCvaMaskPy, type CvaMaskFigures } from './cva-mask-py.ts';
import { gdalPolygonize, gdalSieve } from './gdal-polygons.ts';
import type { GdalTools } from './gdal-tools.ts';

export interface GdalPipelineFigures {
  /** sum of the three steps' wall times, ms */
  ms: number;
  maxRssKb: number;
  stats: number;
  histogram: number;
  mask: number;
  /** interpreter start, imports, opening files: python wall − its passes */
  pythonOverhead: number;
  sieve: number;
  polygonize: number;
  dir: string;
  [key: string]: number | string;
}

export interface GdalPipelineOptions {
  threshold: number;
  gain?: readonly number[];
  offset?: readonly number[];
  normalize: boolean;
  minPx: number;
  connectivity: 4 | 8;
}

/**
 * The GDAL baseline of `landwatch detect --open 0 --close 0`: numpy CVA + our classification rules →
 * codes.tif (invalid written as 0), `gdal_sieve.py -4 -st <MMU px>` → sieved.tif, `gdal_polygonize.py`
 * (the raster as its own mask, so only change polygons) → changes.geojson. Files stay in `dir`.
 */
export async function runGdalPipeline(gdal: GdalTools, a: string, b: string, o: GdalPipelineOptions): Promise<{ figures: GdalPipelineFigures; py: CvaMaskFigures }> {
  const dir = await mkdtemp(join(tmpdir(), 'lw-bench-gdal-'));
  const codes = join(dir, 'codes.tif');
  const sieved = join(dir, 'sieved.tif');
  const py = await runCvaMaskPy(gdal, a, b, codes, {
    threshold: o.threshold, gain: o.gain, offset: o.offset, normalize: o.normalize, classify: true, zeroInvalid: true, threads: 'default',
  });
  const sieve = await gdalSieve(codes, sieved, o.minPx, o.connectivity);
  const poly = await gdalPolygonize(sieved, join(dir, 'changes.geojson'), o.connectivity, true);
  const figures: GdalPipelineFigures = {
    ms: py.ms + sieve.ms + poly.ms,
    maxRssKb: Math.max(py.maxRssKb ?? 0, sieve.maxRssKb ?? 0, poly.maxRssKb ?? 0),
    stats: py.passMs.stats,
    histogram: py.passMs.histogram,
    mask: py.passMs.mask,
    pythonOverhead: py.ms - py.passMs.stats - py.passMs.histogram - py.passMs.mask,
    sieve: sieve.ms,
    polygonize: poly.ms,
    dir,
  };
  return { figures, py };
}
