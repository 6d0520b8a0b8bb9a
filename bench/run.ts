/**
 * Full-pipeline benchmark (`npm run bench`): in the same run, on the same seeded sample,
 *   ours   — `landwatch detect --open 0 --close 0` in a child process (per-phase timings from summary.json),
 *   GDAL   — numpy CVA + the same change rules → gdal_sieve.py -4 (same MMU in px) → gdal_polygonize.py,
 *   floor  — every block of both epochs decoded on the pool (nothing can be faster),
 *   naive  — geotiff.js readRasters of both epochs,
 * then checks (untimed) that the GDAL code raster equals our change.tif, that GDALPolygonize of our
 * change.tif gives our polygon count after the MMU, and compares counts with the sieved baseline.
 * Scaling: 1 worker vs all; sizes (time per Mpx, slope, peak RSS).
 *
 *   npm run bench -- [--size 8192] [--workers N] [--repeats 3] [--sizes 2048,4096,8192,16384]
 *                    [--no-scaling] [--json out.json] [--quick]
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TilePool } from '../src/pool/tile-pool.ts';
import type { TaskMap } from '../src/pool/messages.ts';
import { parseBenchArgs, type CommonArgs } from './lib/bench-args.ts';
import { benchHeader, formatHeader } from './lib/bench-header.ts';
import { decodeOnPool, planBlockReads, readRastersNaive, type ReadFigures } from './lib/decode-floor.ts';
import { fmtMb, formatTable, log } from './lib/format-table.ts';
import { countFeatures, countPolygons, diffRasters } from './lib/gdal-polygons.ts';
import { runGdalPipeline, type GdalPipelineFigures } from './lib/gdal-pipeline.ts';
import { findGdal, type GdalTools } from './lib/gdal-tools.ts';
import { fastest, fmtMeasurement, fmtMs, maxOf, measure, ratio, summarize, type Measurement, type RunFigures } from './lib/measure.ts';
import { runOursDetect, type DetectSummaryFigures } from './lib/ours-detect.ts';
import { recordResult } from './lib/record-result.ts';
import { ensureSample } from './lib/sample-cache.ts';

const USAGE = `usage: npm run bench -- [--size 8192] [--seed 1] [--workers N] [--warmup 1] [--repeats 3] [--mmu 400] [--mmu-mode merge|drop]
  [--sizes 2048,4096,8192,16384] [--no-scaling] [--no-scaling-gdal] [--no-naive] [--tile-size px] [--json out.json] [--no-record] [--cache DIR]
  [--quick] [--no-gdal]
--quick: size 1024, 1 repeat, scaling over 512,1024.`;

interface OursRun extends RunFigures {
  ms: number;
  maxRssKb: number;
  engineMs: number;
  startupMs: number;
  plan: number;
  stats: number;
  histogram: number;
  detect: number;
  polygons: number;
  export: number;
  patches: number;
}

export interface PipelineChecks {
  /** pixels where the numpy code raster differs from our change.tif (0 = the same change decision) */
  codePixelsDiffer: number | null;
  changedPixels: { ours: number; gdal: number | null };
  /** GDALPolygonize of our change.tif, polygons of ≥ MMU px: must equal ours exactly */
  gdalPolygonizeOfOurRaster: { polygons: number; atLeastMinPx: number } | null;
  exactCountMatch: boolean | null;
  /** features after gdal_sieve + gdal_polygonize (differs from ours when sieving merges or fills holes) */
  gdalBaselineFeatures: number | null;
  /** of those, features of at least the MMU (gdal_sieve is one pass: merged remnants can stay small) */
  gdalBaselineFeaturesAtLeastMmu: number | null;
  oursPatches: number;
}

export interface SizeRun {
  size: number;
  mpx: number;
  ms: number;
  msPerMpx: number;
  maxRssKb: number;
  patches: number;
  gdalMs: number | null;
  gdalMaxRssKb: number | null;
}

function oursFigures(ms: number, maxRssKb: number | null, s: DetectSummaryFigures): OursRun {
  const t = s.timingsMs;
  return {
    ms,
    maxRssKb: maxRssKb ?? 0,
    engineMs: t.total,
    startupMs: ms - t.total,
    plan: t.plan,
    stats: t.stats,
    histogram: t.histogram,
    detect: t.detect,
    polygons: t.polygons,
    export: t.export,
    patches: s.patches.count,
  };
}

/** --tile-size passed to our CLI (null: its default) */
let tileSizePx: number | null = null;
/** --mmu-mode of our run: merge (default) does what the baseline's gdal_sieve does; drop removes small patches */
let mmuMode: 'drop' | 'merge' = 'merge';

async function oursOnce(a: string, b: string, workers: number | null, mmuM2: number, keep: boolean) {
  const r = await runOursDetect(a, b, { workers, mmuM2, openPx: 0, closePx: 0, keep, tileSizePx, mmuMode });
  return { figures: oursFigures(r.ms, r.maxRssKb, r.summary), summary: r.summary, outDir: r.outDir };
}

export interface PipelineResult {
  ours: Measurement<OursRun>;
  oursOneWorker: Measurement<OursRun> | null;
  gdal: Measurement<GdalPipelineFigures> | null;
  floor: Measurement<ReadFigures>;
  naive: Measurement<ReadFigures> | null;
  checks: PipelineChecks;
  headline: { gdalOverOurs: number | null; oursOverFloor: number; speedupAllWorkers: number | null };
  scaling: { sizes: SizeRun[]; slopeMsPerMpx: number | null; interceptMs: number | null } | null;
}

export async function benchPipeline(
  args: CommonArgs,
  opts: { mmuM2: number; sizes: number[]; naive: boolean; gdal: GdalTools | null; scaling: boolean; scalingGdal: boolean },
): Promise<PipelineResult> {
  const sample = await ensureSample(args.size, args.seed, args.cache, log);
  const onRun = (name: string, i: number, f: RunFigures) => log(`  ${name} #${i + 1}: ${fmtMs(f.ms)}`);
  const m = { warmup: args.warmup, repeats: args.repeats, onRun };
  const cleanup: string[] = [];
  try {
    // ours, keeping the last run's folder for the checks
    let last: Awaited<ReturnType<typeof oursOnce>> | null = null;
    const ours = await measure('ours detect', async () => {
      if (last) cleanup.push(last.outDir);
      last = await oursOnce(sample.epochA, sample.epochB, args.workers, opts.mmuM2, true);
      return last.figures;
    }, m);
    const lastOurs = last as unknown as Awaited<ReturnType<typeof oursOnce>>;
    cleanup.push(lastOurs.outDir);
    const summary = lastOurs.summary;
    const pixelAreaM2 = summary.grid.pixelAreaM2;
    const minPx = Math.ceil(opts.mmuM2 / pixelAreaM2 - 1e-9);

    let gdal: Measurement<GdalPipelineFigures> | null = null;
    let gdalLast: GdalPipelineFigures | null = null;
    if (opts.gdal && summary.threshold) {
      const tools = opts.gdal;
      const threshold = summary.threshold.value;
      gdal = await measure('GDAL baseline', async () => {
        if (gdalLast) cleanup.push(gdalLast.dir);
        const r = await runGdalPipeline(tools, sample.epochA, sample.epochB, {
          threshold, gain: summary.normalization?.gain, offset: summary.normalization?.offset, normalize: summary.normalization !== null, minPx, connectivity: 4,
        });
        gdalLast = r.figures;
        return r.figures;
      }, m);
      if (gdalLast) cleanup.push((gdalLast as GdalPipelineFigures).dir);
    }

    const pool = new TilePool<TaskMap>({ workers: args.workers ?? undefined });
    let floor: Measurement<ReadFigures>;
    let naive: Measurement<ReadFigures> | null = null;
    try {
      const { reads, pixels } = await planBlockReads([sample.epochA, sample.epochB]);
      floor = await measure('decode floor', () => decodeOnPool(pool, reads, pixels), m);
    } finally {
      await pool.destroy();
    }
    if (opts.naive) naive = await measure('geotiff.js readRasters', () => readRastersNaive([sample.epochA, sample.epochB]), { warmup: 0, repeats: 1, onRun });

    const checks: PipelineChecks = {
      codePixelsDiffer: null,
      changedPixels: { ours: summary.pixels.changed, gdal: null },
      gdalPolygonizeOfOurRaster: null,
      exactCountMatch: null,
      gdalBaselineFeatures: null,
      gdalBaselineFeaturesAtLeastMmu: null,
      oursPatches: summary.patches.count,
    };
    if (opts.gdal && gdalLast) {
      const g = gdalLast as GdalPipelineFigures;
      const change = join(lastOurs.outDir, 'change.tif');
      // merge: our change.tif is sieved like the baseline's sieved.tif; drop: it holds the unsieved codes
      const d = await diffRasters(opts.gdal, change, join(g.dir, mmuMode === 'merge' ? 'sieved.tif' : 'codes.tif'));
      checks.codePixelsDiffer = d.differ;
      checks.changedPixels.gdal = d.changedB;
      checks.gdalPolygonizeOfOurRaster = await countPolygons(opts.gdal, change, mmuMode === 'merge' ? 1 : minPx, 4);
      const f = await countFeatures(opts.gdal, join(g.dir, 'changes.geojson'), opts.mmuM2);
      checks.gdalBaselineFeatures = f.features;
      checks.gdalBaselineFeaturesAtLeastMmu = f.atLeastMinArea;
      checks.exactCountMatch = checks.gdalPolygonizeOfOurRaster.atLeastMinPx === summary.patches.count &&
        (mmuMode === 'drop' || f.features === summary.patches.count);
    }

    let oursOneWorker: Measurement<OursRun> | null = null;
    let scaling: PipelineResult['scaling'] = null;
    if (opts.scaling) {
      if (args.workers !== 1) {
        oursOneWorker = await measure('ours detect, 1 worker', async () => (await oursOnce(sample.epochA, sample.epochB, 1, opts.mmuM2, false)).figures, {
          warmup: 0, repeats: 1, onRun,
        });
      }
      const gFast = gdal ? fastest(gdal) : null;
      const known: SizeRun = {
        size: args.size, mpx: (args.size * args.size) / 1e6, ms: ours.minMs, msPerMpx: ours.minMs / ((args.size * args.size) / 1e6),
        maxRssKb: maxOf(ours, 'maxRssKb') ?? 0, patches: summary.patches.count, gdalMs: gFast?.ms ?? null, gdalMaxRssKb: gdal ? maxOf(gdal, 'maxRssKb') : null,
      };
      scaling = await scaleBySize(args, { ...opts, known }, onRun);
    }

    return {
      ours,
      oursOneWorker,
      gdal,
      floor,
      naive,
      checks,
      headline: {
        gdalOverOurs: gdal ? gdal.minMs / ours.minMs : null,
        oursOverFloor: ours.minMs / floor.minMs,
        speedupAllWorkers: oursOneWorker ? oursOneWorker.minMs / ours.minMs : null,
      },
      scaling,
    };
  } finally {
    for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
  }
}

/** One run per size (ours, and GDAL unless --no-scaling-gdal); the main size reuses the main measurement. */
async function scaleBySize(
  args: CommonArgs,
  opts: { mmuM2: number; sizes: number[]; gdal: GdalTools | null; scalingGdal: boolean; known: SizeRun },
  onRun: (name: string, i: number, f: RunFigures) => void,
): Promise<NonNullable<PipelineResult['scaling']>> {
  const sizes: SizeRun[] = [];
  for (const size of opts.sizes) {
    if (size === opts.known.size) {
      sizes.push(opts.known); // the main measurement (fastest run) stands for its size
      continue;
    }
    const s = await ensureSample(size, args.seed, args.cache, log);
    const withGdal = opts.gdal !== null && opts.scalingGdal;
    const r = await oursOnce(s.epochA, s.epochB, args.workers, opts.mmuM2, withGdal);
    onRun(`ours ${size}²`, 0, r.figures);
    let gdalMs: number | null = null;
    let gdalRss: number | null = null;
    if (opts.gdal && withGdal && r.summary.threshold) {
      const g = await runGdalPipeline(opts.gdal, s.epochA, s.epochB, {
        threshold: r.summary.threshold.value, gain: r.summary.normalization?.gain, offset: r.summary.normalization?.offset,
        normalize: r.summary.normalization !== null, minPx: Math.ceil(opts.mmuM2 / r.summary.grid.pixelAreaM2 - 1e-9), connectivity: 4,
      });
      onRun(`GDAL ${size}²`, 0, g.figures);
      gdalMs = g.figures.ms;
      gdalRss = g.figures.maxRssKb;
      await rm(g.figures.dir, { recursive: true, force: true });
      await rm(r.outDir, { recursive: true, force: true });
    }
    const mpx = (size * size) / 1e6;
    sizes.push({ size, mpx, ms: r.figures.ms, msPerMpx: r.figures.ms / mpx, maxRssKb: r.figures.maxRssKb, patches: r.figures.patches, gdalMs, gdalMaxRssKb: gdalRss });
  }
  const fit = linearFit(sizes.map((s) => s.mpx), sizes.map((s) => s.ms));
  return { sizes, slopeMsPerMpx: fit?.slope ?? null, interceptMs: fit?.intercept ?? null };
}

/** least-squares y = intercept + slope·x */
export function linearFit(xs: number[], ys: number[]): { slope: number; intercept: number } | null {
  const n = xs.length;
  if (n < 2) return null;
  const mx = xs.reduce((s, v) => s + v, 0) / n;
  const my = ys.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

export function formatPipeline(r: PipelineResult): string {
  const o = fastest(r.ours);
  const g = r.gdal ? fastest(r.gdal) : null;
  const row = (phase: string, ours: number | null, gdal: number | null): string[] => [
    phase, ours === null ? '—' : fmtMs(ours), gdal === null ? '—' : fmtMs(gdal), ratio(gdal, ours),
  ];
  const lines: string[] = [];
  lines.push(formatTable(['phase (fastest run)', 'ours', 'GDAL', 'GDAL/ours'], [
    row('process start, open, plan (+ python imports)', o.startupMs + o.plan, g ? g.pythonOverhead : null),
    row('pass 1: normalisation stats', o.stats, g?.stats ?? null),
    row('pass 2: CVA histogram + Otsu', o.histogram, g?.histogram ?? null),
    row('pass 3: change codes (+ ours: labelling, change.tif + overviews)', o.detect, g?.mask ?? null),
    row('MMU (ours: in polygons; GDAL: gdal_sieve.py)', null, g?.sieve ?? null),
    row('polygons (ours: stitch, MMU, areas; GDAL: gdal_polygonize.py)', o.polygons, g?.polygonize ?? null),
    row('exports (ours: GeoJSON 4490, GeoParquet, CSV, DuckDB)', o.export, null),
    row('total wall', o.ms, g?.ms ?? null),
  ]));
  lines.push('');
  lines.push(`ours:  ${fmtMeasurement(r.ours)}, peak RSS ${fmtMb(maxOf(r.ours, 'maxRssKb'))}`);
  if (r.gdal) lines.push(`GDAL:  ${fmtMeasurement(r.gdal)}, peak RSS ${fmtMb(maxOf(r.gdal, 'maxRssKb'))} (largest of its 3 processes)`);
  lines.push(`floor: ${fmtMeasurement(r.floor)} (${(fastest(r.floor).pixels / 1e3 / r.floor.minMs).toFixed(1)} Mpx/s over both epochs)`);
  if (r.naive) lines.push(`naive: ${fmtMeasurement(r.naive)} (geotiff.js readRasters, both epochs)`);
  lines.push('');
  lines.push(`headline: GDAL/ours total = ${r.headline.gdalOverOurs?.toFixed(2) ?? '—'}×; ours/decode floor = ${r.headline.oursOverFloor.toFixed(2)}×` +
    (r.naive ? `; readRasters alone = ${(r.naive.minMs / r.ours.minMs).toFixed(2)}× our whole pipeline` : ''));
  const c = r.checks;
  lines.push(`checks: change codes differ in ${c.codePixelsDiffer ?? '—'} px (changed px ours ${c.changedPixels.ours}, GDAL ${c.changedPixels.gdal ?? '—'});` +
    ` polygons ≥ MMU: ours ${c.oursPatches}, GDALPolygonize of our change.tif ${c.gdalPolygonizeOfOurRaster?.atLeastMinPx ?? '—'}` +
    ` (of ${c.gdalPolygonizeOfOurRaster?.polygons ?? '—'}) → ${c.exactCountMatch === null ? 'not checked' : c.exactCountMatch ? 'MATCH' : 'MISMATCH'};` +
    ` sieved GDAL baseline ${c.gdalBaselineFeatures ?? '—'} features (${c.gdalBaselineFeaturesAtLeastMmu ?? '—'} ≥ MMU)${c.gdalBaselineFeatures !== null && c.gdalBaselineFeatures !== c.oursPatches ? ' (differs: --mmu-mode drop removes small patches, gdal_sieve merges them into neighbours and fills small holes)' : ''}`);
  if (r.oursOneWorker) lines.push(`workers: 1 → ${fmtMs(r.oursOneWorker.minMs)}, all → ${fmtMs(r.ours.minMs)}: speed-up ${r.headline.speedupAllWorkers?.toFixed(2)}×`);
  if (r.scaling) {
    lines.push('');
    lines.push(formatTable(['size', 'Mpx', 'ours', 'ms/Mpx', 'ours RSS', 'patches', 'GDAL', 'GDAL RSS', 'GDAL/ours'], r.scaling.sizes.map((s) => [
      `${s.size}²`, s.mpx.toFixed(1), fmtMs(s.ms), s.msPerMpx.toFixed(0), fmtMb(s.maxRssKb), String(s.patches),
      s.gdalMs === null ? '—' : fmtMs(s.gdalMs), fmtMb(s.gdalMaxRssKb), ratio(s.gdalMs, s.ms),
    ])));
    if (r.scaling.slopeMsPerMpx !== null) lines.push(`fit: ours ≈ ${r.scaling.interceptMs?.toFixed(0)} ms + ${r.scaling.slopeMsPerMpx.toFixed(1)} ms/Mpx`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { common: args, extra } = parseBenchArgs(process.argv.slice(2), USAGE, { size: 8192, quickSize: 1024, repeats: 3, quickRepeats: 1 }, {
    sizes: { type: 'string' },
    mmu: { type: 'string' },
    'mmu-mode': { type: 'string' },
    'no-scaling': { type: 'boolean', default: false },
    'no-naive': { type: 'boolean', default: false },
    'no-scaling-gdal': { type: 'boolean', default: false },
    'tile-size': { type: 'string' },
  });
  if (typeof extra['tile-size'] === 'string') tileSizePx = Number(extra['tile-size']);
  const sizes = typeof extra.sizes === 'string' ? extra.sizes.split(',').map(Number) : args.quick ? [512, 1024] : [2048, 4096, 8192, 16384];
  if (!sizes.every((s) => Number.isInteger(s) && s >= 16)) {
    process.stderr.write('bench: --sizes must be a comma-separated list of integers ≥ 16\n');
    process.exit(2);
  }
  const mmuM2 = typeof extra.mmu === 'string' ? Number(extra.mmu) : 400;
  if (extra['mmu-mode'] !== undefined) {
    if (extra['mmu-mode'] !== 'drop' && extra['mmu-mode'] !== 'merge') throw new Error(`--mmu-mode must be drop or merge, not ${String(extra['mmu-mode'])}`);
    mmuMode = extra['mmu-mode'];
  }
  const gdal = args.noGdal ? null : findGdal();
  const header = benchHeader('run', gdal?.version ?? null, {
    N: args.size, seed: args.seed, workers: args.workers ?? 'all', warmup: args.warmup, repeats: args.repeats, mmuM2, mmuMode, open: 0, close: 0, connectivity: 4, tileSizePx: tileSizePx ?? 'default',
    sizes: extra['no-scaling'] ? 'none' : sizes.join(','),
  });
  log(formatHeader(header));
  const r = await benchPipeline(args, { mmuM2, sizes, naive: extra['no-naive'] !== true, gdal, scaling: extra['no-scaling'] !== true, scalingGdal: extra['no-scaling-gdal'] !== true });
  process.stdout.write(`${formatHeader(header)}\n${formatPipeline(r)}\n`);
  const file = await recordResult({ header, ...r }, args);
  if (file) log(`recorded in ${file}`);
}

export { summarize };

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
