import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { guessMode, ensureJob, jobIdFor, runStoredJob, type DetectSummary } from '../../jobs/index.ts';
import { DETECT_DEFAULTS, type DetectParams } from '../../jobs/job-types.ts';
import { openStore } from '../../store/index.ts';
import { openTileBackend } from '../../jobs/bullmq-backend.ts';
import { addBackendOptions, parseBackendOptions } from '../backend-options.ts';
import { runCommand } from '../run-command.ts';
import { createProgress } from '../progress-bar.ts';
import { parseBandList, parseBandRolesOption, parseChoice, parseIntOption, parseNumberOption } from '../parse-options.ts';
import { formatSummary } from '../format-summary.ts';

interface DetectOpts {
  out: string;
  mode?: string;
  landuseA?: string;
  landuseB?: string;
  threshold: string;
  mmu: string;
  mmuMode: string;
  nativeCrs?: boolean;
  open: string;
  close: string;
  connectivity: string;
  tileSize: string;
  workers?: string;
  bands?: string;
  bandRoles?: string;
  normalize: boolean;
  stats: string;
  remap?: string;
  layers?: string;
  rules?: string;
  db?: string;
  json?: boolean;
  backend: string;
  redis?: string;
  queue: string;
}

export function detectCommand(program: Command): void {
  addBackendOptions(
    program
      .command('detect')
      .description('detect change between two epochs: change raster, seam-free change polygons, areas, exports')
      .argument('<epochA>', 'earlier epoch: multi-band imagery, or a land-use raster (--mode landuse)')
      .argument('<epochB>', 'later epoch on the same grid')
      .requiredOption('--out <dir>', 'output folder')
      .option('--mode <mode>', 'spectral | landuse | combined (default: spectral for multi-band, landuse for 1-band)')
      .option('--landuse-a <file>', 'land-use raster of epoch A (combined mode)')
      .option('--landuse-b <file>', 'land-use raster of epoch B (combined mode)')
      .option('--threshold <t>', "'otsu' (global, from the whole scene) or a CVA magnitude value", DETECT_DEFAULTS.threshold)
      .option('--mmu <m2>', 'minimum mapping unit in m²: smaller patches are dropped (or merged, see --mmu-mode) after stitching', String(DETECT_DEFAULTS.mmuM2))
      .option('--mmu-mode <mode>', "'drop' small change patches, or 'merge' every polygon under the MMU into its largest neighbour (gdal_sieve.py semantics; change.tif holds the sieved codes)", DETECT_DEFAULTS.mmuMode)
      .option('--native-crs', "also write patches-native.geojson in the raster's CRS with a crs member, as gdal_polygonize writes it (patches.geojson stays RFC 7946 lon/lat)")
      .option('--open <px>', 'morphological opening radius in pixels (removes specks)', String(DETECT_DEFAULTS.openRadiusPx))
      .option('--close <px>', 'morphological closing radius in pixels (fills pinholes)', String(DETECT_DEFAULTS.closeRadiusPx))
      .option('--connectivity <n>', '4 or 8 (4 = like gdal_polygonize default)', String(DETECT_DEFAULTS.connectivity))
      .option('--tile-size <px>', 'tile size in pixels (results do not depend on it)', String(DETECT_DEFAULTS.tileSizePx))
      .option('--workers <n>', 'worker threads (default: all cores); with --backend bullmq: worker slots to keep busy (default 8)')
      .option('--bands <list>', '1-based bands used for CVA, e.g. 1,2,3,4 (default: all)')
      .option('--band-roles <list>', 'which 1-based band is which, e.g. red=3,nir=4,swir1=5 (roles blue, green, red, nir, swir1, swir2; default by band count: 4 = B,G,R,NIR, 6 = Landsat TM/ETM+, 13 = Sentinel-2)')
      .option('--no-normalize', 'skip the global mean/std radiometric normalisation of epoch B onto A')
      .option('--stats <how>', "statistics for the normalisation: 'exact' (every block) or 'sample' (a spread quarter of the blocks, faster; small scenes are read whole)", DETECT_DEFAULTS.stats)
      .option('--remap <file|name>', 'JSON table mapping another land-use legend onto GB/T 21010 codes, or a built-in one: esa-worldcover, esa-cci, esri-lulc, dynamic-world, globeland30, nlcd, clcd (docs/landuse-codes.md)')
      .option('--layers <dir>', 'folder of planning/management layers (GeoJSON): flags violation candidates')
      .option('--rules <file>', 'rules JSON (default: rules/default-rules.json; see docs/rules.md)')
      .option('--db <file>', 'DuckDB file for checkpoints and results (default: OUT/landwatch.duckdb)')
      .option('--json', 'print the summary as one JSON document on stdout'),
  )
    .addHelpText(
      'after',
      `
Re-running the same command resumes an interrupted job from its last finished tile.

Examples:
  landwatch sample --out demo --size 1024 && landwatch detect demo/epoch-a.tif demo/epoch-b.tif --out demo/run
  landwatch detect demo/landuse-a.tif demo/landuse-b.tif --out demo/lu --mmu 200 --mmu-mode merge --layers demo/layers
  landwatch detect demo/epoch-a.tif demo/epoch-b.tif --mode combined --landuse-a demo/landuse-a.tif --landuse-b demo/landuse-b.tif --out demo/combined --json
  landwatch detect demo/epoch-a.tif demo/epoch-b.tif --out demo/scaled --backend bullmq --redis redis://127.0.0.1:6379   # with landwatch worker running`,
    )
    .action((epochA: string, epochB: string, opts: DetectOpts) => runCommand(() => detect(epochA, epochB, opts)));
}

async function detect(epochA: string, epochB: string, opts: DetectOpts): Promise<void> {
  let mode: DetectParams['mode'];
  if (opts.mode) {
    mode = parseChoice('--mode', opts.mode, ['spectral', 'landuse', 'combined'] as const);
  } else {
    const guess = await guessMode(epochA);
    mode = guess.mode;
    if (guess.heuristic) process.stderr.write(`landwatch: note: ${epochA}: ${guess.reason} → --mode ${mode} (give --mode to choose)\n`);
  }
  const params: DetectParams = {
    epochA,
    epochB,
    outDir: opts.out,
    mode,
    landuseA: opts.landuseA,
    landuseB: opts.landuseB,
    threshold: opts.threshold === 'otsu' ? 'otsu' : parseNumberOption('--threshold', opts.threshold, 0),
    mmuM2: parseNumberOption('--mmu', opts.mmu, 0),
    mmuMode: parseChoice('--mmu-mode', opts.mmuMode, ['drop', 'merge'] as const),
    openRadiusPx: parseIntOption('--open', opts.open, 0, 64),
    closeRadiusPx: parseIntOption('--close', opts.close, 0, 64),
    connectivity: parseChoice('--connectivity', opts.connectivity, ['4', '8'] as const) === '8' ? 8 : 4,
    tileSizePx: parseIntOption('--tile-size', opts.tileSize, 16, 16384),
    normalize: opts.normalize,
    stats: parseChoice('--stats', opts.stats, ['exact', 'sample'] as const),
    bands: opts.bands ? parseBandList('--bands', opts.bands) : undefined,
    ...(opts.bandRoles ? { bandRoles: parseBandRolesOption('--band-roles', opts.bandRoles) } : {}),
    remapFile: opts.remap,
    layersDir: opts.layers,
    rulesFile: opts.rules,
    ...(opts.nativeCrs ? { nativeCrs: true } : {}),
  };
  const { backend, redisUrl, queue, workers } = parseBackendOptions(opts);
  const store = await openStore(opts.db ?? join(opts.out, 'landwatch.duckdb'));
  let pool: Awaited<ReturnType<typeof openTileBackend>>;
  try {
    pool = await openTileBackend({ backend, workers, redisUrl, queue });
  } catch (err) {
    await store.close();
    throw err;
  }
  const progress = createProgress(!opts.json && Boolean(process.stderr.isTTY));
  const ac = new AbortController();
  const onSignal = () => ac.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  let summary: DetectSummary;
  try {
    const processId = params.mode === 'landuse' ? 'landuse-transition' : 'change-detection';
    const id = jobIdFor(processId, params);
    const job = await ensureJob(store, id, processId, params);
    const done = job.status === 'successful' ? await readSummary(params.outDir) : null;
    // the same command again after success: the outputs are already there and would come out identical
    summary = done ?? await runStoredJob({
      store,
      pool,
      jobId: id,
      signal: ac.signal,
      onProgress: (phase, done, total, pixels) => progress.update({ phase, done, total, pixels }),
    });
  } finally {
    process.off('SIGINT', onSignal);
    progress.stop();
    await pool.destroy();
    await store.close();
  }
  // warnings go to stderr even with --json, so a script's user still sees them
  for (const w of summary.warnings ?? []) process.stderr.write(`landwatch: warning: ${w}\n`);
  process.stdout.write(opts.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));
}

async function readSummary(outDir: string): Promise<DetectSummary | null> {
  try {
    const summary = JSON.parse(await readFile(join(outDir, 'summary.json'), 'utf8')) as DetectSummary;
    process.stderr.write(`landwatch: job ${summary.jobId} already finished; outputs in ${outDir} are up to date\n`);
    return summary;
  } catch {
    return null;
  }
}
