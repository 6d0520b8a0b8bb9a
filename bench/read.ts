/**
 * Decode benchmark: both epochs of the seeded N² 4-band uint16 tiled-deflate sample, decoded
 *   - by us on the pool (`decode` task per block, all workers),
 *   - by GDAL: `gdal_translate -of ENVI` (raw) and python-gdal `ReadRaster()` in memory, each with
 *     GDAL's default threading and with GDAL_NUM_THREADS=ALL_CPUS,
 *   - by geotiff.js `readRasters()` (naive baseline, main thread),
 * in the same run, on the same files. Targets: ours ≥ 5× readRasters, and at least as fast as GDAL.
 *
 *   npx tsx bench/read.ts [--size 8192] [--seed 1] [--workers N] [--repeats 5] [--json out.json] [--quick]
 */
import { fileURLToPath } from 'node:url';
import { TilePool } from '../src/pool/tile-pool.ts';
import type { TaskMap } from '../src/pool/messages.ts';
import { parseBenchArgs, type CommonArgs } from './lib/bench-args.ts';
import { benchHeader, formatHeader } from './lib/bench-header.ts';
import { decodeOnPool, planBlockReads, readRastersNaive, type ReadFigures } from './lib/decode-floor.ts';
import { formatTable, log } from './lib/format-table.ts';
import { findGdal } from './lib/gdal-tools.ts';
import { gdalReadInMemory, gdalTranslateRaw } from './lib/gdal-read.ts';
import { fmtMeasurement, fmtMs, measure, type Measurement } from './lib/measure.ts';
import { recordResult } from './lib/record-result.ts';
import { ensureSample } from './lib/sample-cache.ts';

const USAGE = `usage: npx tsx bench/read.ts [--size 8192] [--seed 1] [--workers N] [--warmup 1] [--repeats 5]
  [--json out.json] [--no-record] [--cache DIR] [--quick] [--no-gdal] [--naive-repeats 2]`;

export interface ReadBenchResult {
  ours: Measurement<ReadFigures>;
  naive: Measurement<ReadFigures> | null;
  gdal: Record<string, Measurement<ReadFigures>>;
  targets: { vsReadRasters: number | null; vsGdalBest: number | null; metReadRasters: boolean | null; metGdal: boolean | null };
}

/** The read comparison on an existing sample; used by bench/run.ts for its decode floor too. */
export async function benchRead(
  args: CommonArgs,
  paths: readonly string[],
  opts: { naiveRepeats: number; gdal: boolean; pool?: TilePool<TaskMap> },
): Promise<ReadBenchResult> {
  const pool = opts.pool ?? new TilePool<TaskMap>({ workers: args.workers ?? undefined });
  const onRun = (name: string, i: number, f: { ms: number }) => log(`  ${name} #${i + 1}: ${fmtMs(f.ms)}`);
  try {
    const { reads, pixels } = await planBlockReads(paths);
    const ours = await measure('landwatch pool decode', () => decodeOnPool(pool, reads, pixels), { warmup: args.warmup, repeats: args.repeats, onRun });
    const naive = opts.naiveRepeats > 0
      ? await measure('geotiff.js readRasters', () => readRastersNaive(paths), { warmup: 0, repeats: opts.naiveRepeats, onRun })
      : null;
    const gdal: Record<string, Measurement<ReadFigures>> = {};
    const tools = opts.gdal ? findGdal() : null;
    if (tools) {
      const m = { warmup: args.warmup, repeats: args.repeats, onRun };
      gdal['gdal_translate -of ENVI'] = await measure('gdal_translate -of ENVI', () => gdalTranslateRaw(paths, pixels, 'default'), m);
      gdal['gdal_translate -of ENVI, ALL_CPUS'] = await measure('gdal_translate ALL_CPUS', () => gdalTranslateRaw(paths, pixels, 'all'), m);
      gdal['python ReadRaster'] = await measure('python ReadRaster', () => gdalReadInMemory(tools, paths, pixels, 'default'), m);
      gdal['python ReadRaster, ALL_CPUS'] = await measure('python ReadRaster ALL_CPUS', () => gdalReadInMemory(tools, paths, pixels, 'all'), m);
    }
    const gdalBest = Object.values(gdal).reduce<number | null>((b, g) => (b === null || g.minMs < b ? g.minMs : b), null);
    const vsReadRasters = naive ? naive.minMs / ours.minMs : null;
    const vsGdalBest = gdalBest === null ? null : gdalBest / ours.minMs;
    return {
      ours,
      naive,
      gdal,
      targets: {
        vsReadRasters,
        vsGdalBest,
        metReadRasters: vsReadRasters === null ? null : vsReadRasters >= 5,
        metGdal: vsGdalBest === null ? null : vsGdalBest >= 1,
      },
    };
  } finally {
    if (!opts.pool) await pool.destroy();
  }
}

export function formatReadTable(r: ReadBenchResult): string {
  const rows: string[][] = [];
  const add = (name: string, m: Measurement<ReadFigures>) =>
    rows.push([name, fmtMs(m.minMs), `${fmtMs(m.meanMs)} ± ${fmtMs(m.sdMs)}`, (m.runs[0].pixels / 1e3 / m.minMs).toFixed(1), (m.minMs / r.ours.minMs).toFixed(2)]);
  add('landwatch pool decode', r.ours);
  for (const [name, m] of Object.entries(r.gdal)) add(name, m);
  if (r.naive) add('geotiff.js readRasters', r.naive);
  return formatTable(['decoder (both epochs)', 'min', 'mean ± sd', 'Mpx/s', 'time / ours'], rows);
}

async function main(): Promise<void> {
  const { common: args, extra } = parseBenchArgs(process.argv.slice(2), USAGE, { size: 8192, quickSize: 1024, repeats: 5, quickRepeats: 2 }, {
    'naive-repeats': { type: 'string' },
  });
  const gdal = args.noGdal ? null : findGdal();
  const sample = await ensureSample(args.size, args.seed, args.cache, log);
  const naiveRepeats = extra['naive-repeats'] === undefined ? Math.min(2, args.repeats) : Number(extra['naive-repeats']);
  const pool = new TilePool<TaskMap>({ workers: args.workers ?? undefined });
  const header = benchHeader('read', gdal?.version ?? null, {
    N: args.size, seed: args.seed, workers: pool.workers, warmup: args.warmup, repeats: args.repeats, naiveRepeats, files: 2, bands: 4, sampleType: 'uint16',
  });
  log(formatHeader(header));
  try {
    const r = await benchRead(args, [sample.epochA, sample.epochB], { naiveRepeats, gdal: gdal !== null, pool });
    const out = [
      formatHeader(header),
      formatReadTable(r),
      `ours: ${fmtMeasurement(r.ours)}`,
      `target ours ≥ 5× readRasters: ${r.targets.vsReadRasters?.toFixed(2) ?? '—'}× → ${verdict(r.targets.metReadRasters)}`,
      `target ours ≥ GDAL (best variant): ${r.targets.vsGdalBest?.toFixed(2) ?? '—'}× → ${verdict(r.targets.metGdal)}`,
    ].join('\n');
    process.stdout.write(`${out}\n`);
    const file = await recordResult({ header, ...r }, args);
    if (file) log(`recorded in ${file}`);
  } finally {
    await pool.destroy();
  }
}

export function verdict(met: boolean | null): string {
  return met === null ? 'not measured' : met ? 'MET' : 'MISSED';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
