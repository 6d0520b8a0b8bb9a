/**
 * Vectorisation benchmark: our tiled label + stitch (tile by tile from the file, 1-px context ring,
 * stitched, streamed to GeoJSON in the native CRS) against `gdal_polygonize.py` → GeoJSON on the same
 * raster, and GDALPolygonize into a memory layer (GDAL's core, no writer). Each side runs as its own
 * process, so peak RSS is the child's. Inputs: the sample's change raster (changed pixels only) and a
 * seeded per-pixel noise raster (worst case, ≥ 200k patches). Counts must match exactly (both 4-connected).
 * Target: ours ≥ 1.5× faster than gdal_polygonize.py.
 *
 *   npx tsx bench/polygons.ts [--size 8192] [--noise-size 1024] [--tile-size 512] [--repeats 3] [--json out.json] [--quick]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBenchArgs } from './lib/bench-args.ts';
import { benchHeader, formatHeader } from './lib/bench-header.ts';
import { fmtMb, formatTable, log } from './lib/format-table.ts';
import { gdalPolygonize, gdalPolygonizeCore } from './lib/gdal-polygons.ts';
import { findGdal } from './lib/gdal-tools.ts';
import { fastest, fmtMs, maxOf, measure, ratio, type Measurement, type RunFigures } from './lib/measure.ts';
import { REPO_ROOT } from './lib/ours-detect.ts';
import { noiseRaster, sampleChangeRaster } from './lib/polygon-inputs.ts';
import { recordResult } from './lib/record-result.ts';
import { runChild } from './lib/run-child.ts';
import { bundledEntry } from '../bin/bundle-cache.mjs';
import { ensureSample } from './lib/sample-cache.ts';
import { verdict } from './read.ts';

const USAGE = `usage: npx tsx bench/polygons.ts [--size 8192] [--noise-size 1024] [--tile-size 512] [--seed 1] [--warmup 1]
  [--repeats 3] [--json out.json] [--no-record] [--cache DIR] [--quick] [--no-gdal]`;
const CHILD = join(REPO_ROOT, 'bench', 'lib', 'polygonize-child.ts');

interface OursPoly extends RunFigures {
  ms: number;
  maxRssKb: number;
  polygons: number;
  readMs: number;
  labelMs: number;
  stitchMs: number;
  writeMs: number;
  inProcessMs: number;
}

interface CaseResult {
  name: string;
  raster: string;
  ours: Measurement<OursPoly>;
  gdal: Measurement | null;
  gdalCore: Measurement | null;
  counts: { ours: number; gdal: number | null; match: boolean | null };
  speedup: number | null;
}

async function oursPolygonize(raster: string, out: string, tileSizePx: number): Promise<OursPoly> {
  // the child runs from its cached plain-JS bundle like the CLI does (tsx as the fallback)
  const bundle = await bundledEntry('bench/lib/polygonize-child.ts', 'polygonize-child');
  const entry = bundle ? [fileURLToPath(bundle)] : ['--import', 'tsx', CHILD];
  const r = await runChild(process.execPath, [...entry, raster, out, String(tileSizePx), '4'], { cwd: REPO_ROOT });
  const j = JSON.parse(r.stdout.trim().split('\n').pop() ?? 'null') as { polygons: number; readMs: number; labelMs: number; stitchMs: number; writeMs: number; totalMs: number };
  return { ms: r.ms, maxRssKb: r.maxRssKb ?? 0, polygons: j.polygons, readMs: j.readMs, labelMs: j.labelMs, stitchMs: j.stitchMs, writeMs: j.writeMs, inProcessMs: j.totalMs };
}

async function benchCase(name: string, raster: string, tileSizePx: number, m: Parameters<typeof measure>[2], withGdal: boolean): Promise<CaseResult> {
  const dir = await mkdtemp(join(tmpdir(), 'lw-bench-poly-'));
  try {
    const ours = await measure(`ours ${name}`, () => oursPolygonize(raster, join(dir, 'ours.geojson'), tileSizePx), m);
    const gdalTools = withGdal ? findGdal() : null;
    let gdal: Measurement | null = null;
    let gdalCore: Measurement | null = null;
    let gdalCount: number | null = null;
    if (gdalTools) {
      gdal = await measure(`gdal_polygonize.py ${name}`, async () => {
        await rm(join(dir, 'gdal.geojson'), { force: true });
        const r = await gdalPolygonize(raster, join(dir, 'gdal.geojson'), 4, false);
        return { ms: r.ms, maxRssKb: r.maxRssKb ?? 0 };
      }, m);
      gdalCore = await measure(`GDALPolygonize→memory ${name}`, async () => {
        const r = await gdalPolygonizeCore(gdalTools, raster, 4);
        gdalCount = r.polygons;
        return { ms: r.wallMs, inProcessMs: r.ms, maxRssKb: r.maxRssKb ?? 0 };
      }, m);
    }
    const oursCount = fastest(ours).polygons;
    return {
      name,
      raster,
      ours,
      gdal,
      gdalCore,
      counts: { ours: oursCount, gdal: gdalCount, match: gdalCount === null ? null : gdalCount === oursCount },
      speedup: gdal ? gdal.minMs / ours.minMs : null,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function formatCase(c: CaseResult): string {
  const o = fastest(c.ours);
  const rows = [
    ['ours: process wall (node start, read, label, stitch, GeoJSON)', fmtMs(c.ours.minMs), `${fmtMs(c.ours.meanMs)} ± ${fmtMs(c.ours.sdMs)}`, fmtMb(maxOf(c.ours, 'maxRssKb')), '1.00'],
    [`  of which read ${fmtMs(o.readMs)}, label ${fmtMs(o.labelMs)}, stitch ${fmtMs(o.stitchMs)}, write ${fmtMs(o.writeMs)}`, fmtMs(o.inProcessMs), '', '', ''],
  ];
  if (c.gdal) rows.push(['gdal_polygonize.py → GeoJSON', fmtMs(c.gdal.minMs), `${fmtMs(c.gdal.meanMs)} ± ${fmtMs(c.gdal.sdMs)}`, fmtMb(maxOf(c.gdal, 'maxRssKb')), ratio(c.gdal.minMs, c.ours.minMs)]);
  if (c.gdalCore) {
    const g = fastest(c.gdalCore);
    rows.push(['GDALPolygonize → memory layer (python wall)', fmtMs(c.gdalCore.minMs), `${fmtMs(c.gdalCore.meanMs)} ± ${fmtMs(c.gdalCore.sdMs)}`, fmtMb(maxOf(c.gdalCore, 'maxRssKb')), ratio(c.gdalCore.minMs, c.ours.minMs)]);
    rows.push([`  of which in-process (open, read, polygonize)`, fmtMs(Number(g.inProcessMs)), '', '', ratio(Number(g.inProcessMs), o.inProcessMs)]);
  }
  return [
    `## ${c.name}: ${c.raster}`,
    formatTable(['vectoriser', 'min', 'mean ± sd', 'peak RSS', 'time / ours'], rows),
    `polygons: ours ${c.counts.ours}, GDAL ${c.counts.gdal ?? '—'} → ${c.counts.match === null ? 'not checked' : c.counts.match ? 'MATCH' : 'MISMATCH'}`,
    `target ours ≥ 1.5× faster than gdal_polygonize.py: ${c.speedup?.toFixed(2) ?? '—'}× → ${verdict(c.speedup === null ? null : c.speedup >= 1.5)}`,
  ].join('\n');
}

async function main(): Promise<void> {
  const { common: args, extra } = parseBenchArgs(process.argv.slice(2), USAGE, { size: 8192, quickSize: 1024, repeats: 3, quickRepeats: 1 }, {
    'noise-size': { type: 'string' },
    'tile-size': { type: 'string' },
  });
  const noiseSize = typeof extra['noise-size'] === 'string' ? Number(extra['noise-size']) : args.quick ? 512 : 1024;
  const tileSizePx = typeof extra['tile-size'] === 'string' ? Number(extra['tile-size']) : 512;
  const gdal = args.noGdal ? null : findGdal();
  const header = benchHeader('polygons', gdal?.version ?? null, {
    N: args.size, noiseN: noiseSize, seed: args.seed, tileSizePx, connectivity: 4, warmup: args.warmup, repeats: args.repeats,
  });
  log(formatHeader(header));
  const sample = await ensureSample(args.size, args.seed, args.cache, log);
  const changes = await sampleChangeRaster(sample.epochA, sample.epochB, args.size, args.seed, args.cache);
  const noise = await noiseRaster(noiseSize, args.seed, args.cache);
  const onRun = (name: string, i: number, f: RunFigures) => log(`  ${name} #${i + 1}: ${fmtMs(f.ms)}`);
  const m = { warmup: args.warmup, repeats: args.repeats, onRun };
  const cases = [
    await benchCase(`sample change raster ${args.size}²`, changes, tileSizePx, m, gdal !== null),
    await benchCase(`noise worst case ${noiseSize}²`, noise, tileSizePx, m, gdal !== null),
  ];
  process.stdout.write(`${formatHeader(header)}\n${cases.map(formatCase).join('\n\n')}\n`);
  const file = await recordResult({ header, cases }, args);
  if (file) log(`recorded in ${file}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
