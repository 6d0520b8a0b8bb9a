/**
 * Change-pass benchmark: our passes up to the change raster — stats (normalisation), CVA histogram +
 * Otsu, detect (change codes, labelling, change.tif) — against the python3-gdal/numpy CVA mask doing
 * the same three passes (mean/std, magnitude histogram + Otsu, sqrt(Σ d²) > threshold → mask GTiff), in
 * the same run on the same sample. Ours runs as `landwatch detect --open 0 --close 0` in a child process;
 * its pass times come from summary.json (polygons and exports are reported apart, not counted). The mask
 * uses our threshold value and gain/offset, and is checked pixel for pixel against our change.tif.
 * Target: ours ≥ 2× faster than GDAL's mask step.
 *
 *   npx tsx bench/change.ts [--size 8192] [--workers N] [--repeats 3] [--json out.json] [--quick]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBenchArgs } from './lib/bench-args.ts';
import { benchHeader, formatHeader } from './lib/bench-header.ts';
import { runCvaMaskPy } from './lib/cva-mask-py.ts';
import { fmtMb, formatTable, log } from './lib/format-table.ts';
import { diffRasters } from './lib/gdal-polygons.ts';
import { findGdal } from './lib/gdal-tools.ts';
import { fastest, fmtMeasurement, fmtMs, maxOf, measure, ratio, type RunFigures } from './lib/measure.ts';
import { runOursDetect, type DetectSummaryFigures } from './lib/ours-detect.ts';
import { recordResult } from './lib/record-result.ts';
import { ensureSample } from './lib/sample-cache.ts';
import { verdict } from './read.ts';

const USAGE = `usage: npx tsx bench/change.ts [--size 8192] [--seed 1] [--workers N] [--warmup 1] [--repeats 3]
  [--tile-size px] [--json out.json] [--no-record] [--cache DIR] [--quick] [--no-gdal]`;

interface OursChange extends RunFigures {
  /** plan + stats + histogram + detect (the change raster is written), ms */
  ms: number;
  wallMs: number;
  stats: number;
  histogram: number;
  detect: number;
  polygonsAndExports: number;
  maxRssKb: number;
}

interface GdalChange extends RunFigures {
  /** the three passes inside python (no interpreter start / imports) */
  ms: number;
  wallMs: number;
  stats: number;
  histogram: number;
  mask: number;
  maxRssKb: number;
}

async function main(): Promise<void> {
  const { common: args, extra } = parseBenchArgs(process.argv.slice(2), USAGE, { size: 8192, quickSize: 1024, repeats: 3, quickRepeats: 1 }, {
    'tile-size': { type: 'string' },
  });
  const tileSizePx = typeof extra['tile-size'] === 'string' ? Number(extra['tile-size']) : null;
  const gdal = args.noGdal ? null : findGdal();
  const sample = await ensureSample(args.size, args.seed, args.cache, log);
  const header = benchHeader('change', gdal?.version ?? null, { N: args.size, seed: args.seed, workers: args.workers ?? 'all', warmup: args.warmup, repeats: args.repeats, open: 0, close: 0, tileSizePx: tileSizePx ?? 'default' });
  log(formatHeader(header));
  const onRun = (name: string, i: number, f: RunFigures) => log(`  ${name} #${i + 1}: ${fmtMs(f.ms)}`);
  const m = { warmup: args.warmup, repeats: args.repeats, onRun };
  const keep: string[] = [];
  try {
    let summary: DetectSummaryFigures | null = null;
    let lastOutDir = '';
    const ours = await measure('ours stats+histogram+detect', async () => {
      const r = await runOursDetect(sample.epochA, sample.epochB, { workers: args.workers, mmuM2: 400, openPx: 0, closePx: 0, keep: true, tileSizePx });
      keep.push(r.outDir);
      lastOutDir = r.outDir;
      summary = r.summary;
      const t = r.summary.timingsMs;
      const f: OursChange = {
        ms: t.plan + t.stats + t.histogram + t.detect, wallMs: r.ms, stats: t.stats, histogram: t.histogram, detect: t.detect,
        polygonsAndExports: t.polygons + t.export, maxRssKb: r.maxRssKb ?? 0,
      };
      return f;
    }, m);
    const s = summary as DetectSummaryFigures | null;
    let gdalM = null;
    let check = null;
    if (gdal && s?.threshold) {
      const dir = await mkdtemp(join(tmpdir(), 'lw-bench-mask-'));
      keep.push(dir);
      const mask = join(dir, 'mask.tif');
      const threshold = s.threshold.value;
      gdalM = await measure('numpy CVA mask', async () => {
        const r = await runCvaMaskPy(gdal, sample.epochA, sample.epochB, mask, {
          threshold, gain: s.normalization?.gain, offset: s.normalization?.offset, normalize: s.normalization !== null, classify: false, zeroInvalid: false, threads: 'default',
        });
        const f: GdalChange = { ms: r.passMs.stats + r.passMs.histogram + r.passMs.mask, wallMs: r.ms, stats: r.passMs.stats, histogram: r.passMs.histogram, mask: r.passMs.mask, maxRssKb: r.maxRssKb ?? 0 };
        return f;
      }, m);
      check = await diffRasters(gdal, join(lastOutDir, 'change.tif'), mask, true);
    }
    const o = fastest(ours);
    const g = gdalM ? fastest(gdalM) : null;
    const row = (name: string, a: number | null, b: number | null) => [name, a === null ? '—' : fmtMs(a), b === null ? '—' : fmtMs(b), ratio(b, a)];
    const speedup = gdalM ? gdalM.minMs / ours.minMs : null;
    const text = [
      formatHeader(header),
      formatTable(['pass (fastest run)', 'ours', 'numpy+GDAL', 'GDAL/ours'], [
        row('1 stats (normalisation)', o.stats, g?.stats ?? null),
        row('2 CVA histogram + Otsu', o.histogram, g?.histogram ?? null),
        row('3 change codes / mask → GTiff (ours + labelling, overviews)', o.detect, g?.mask ?? null),
        row('passes 1–3', o.ms, g?.ms ?? null),
        row('process wall (ours incl. polygons + exports)', o.wallMs, g?.wallMs ?? null),
      ]),
      `ours passes: ${fmtMeasurement(ours)}, peak RSS ${fmtMb(maxOf(ours, 'maxRssKb'))}; polygons + exports ${fmtMs(o.polygonsAndExports)} (not counted)`,
      gdalM ? `numpy passes: ${fmtMeasurement(gdalM)}, peak RSS ${fmtMb(maxOf(gdalM, 'maxRssKb'))}` : 'numpy: GDAL not found',
      check ? `check: changed/unchanged differs in ${check.differ} of ${check.pixels} px (changed: ours ${check.changedA}, numpy ${check.changedB})` : '',
      `target ours ≥ 2× faster than the GDAL mask step: ${speedup?.toFixed(2) ?? '—'}× → ${verdict(speedup === null ? null : speedup >= 2)}`,
    ].join('\n');
    process.stdout.write(`${text}\n`);
    const file = await recordResult({ header, ours, gdal: gdalM, check, speedup }, args);
    if (file) log(`recorded in ${file}`);
  } finally {
    for (const d of keep) await rm(d, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
