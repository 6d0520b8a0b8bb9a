import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { createTileService, writeTilePyramid, type TileService } from '../../report/index.ts';
import { openStore, type Store } from '../../store/index.ts';
import { CliError } from '../cli-error.ts';
import { parseChoice } from '../parse-options.ts';
import { createProgress } from '../progress-bar.ts';
import { runCommand } from '../run-command.ts';

interface TilesOpts {
  zoom: string;
  out: string;
  db?: string;
  style: string;
  json?: boolean;
}

const STYLES = ['auto', 'rgb', 'false', 'change', 'landuse'] as const;

/** "10-16" or "14" → [min, max]. */
export function parseZoomRange(raw: string): [number, number] {
  const m = /^(\d{1,2})(?:-(\d{1,2}))?$/.exec(raw.trim());
  const lo = m ? Number(m[1]) : NaN;
  const hi = m ? Number(m[2] ?? m[1]) : NaN;
  if (!m || lo > hi || hi > 24) throw new CliError('E_CLI_USAGE', `--zoom must be Z or ZMIN-ZMAX with 0 ≤ ZMIN ≤ ZMAX ≤ 24, got "${raw}"`);
  return [lo, hi];
}

export function tilesCommand(program: Command): void {
  program
    .command('tiles')
    .description('pre-render XYZ PNG tiles (EPSG:3857) of a raster or of a job layer into DIR/{z}/{x}/{y}.png')
    .argument('<dataset>', 'a GeoTIFF path, or a job layer {jobId}:{a|a-false|b|b-false|change|landuse-a|landuse-b} (with --db)')
    .requiredOption('--zoom <range>', 'zoom levels, e.g. 10-16')
    .requiredOption('--out <dir>', 'output folder')
    .option('--db <file>', 'DuckDB file holding the job, for job layers')
    .option('--style <style>', `how a file is drawn: ${STYLES.join(', ')}`, 'auto')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Examples:
  landwatch sample --out demo --size 1024 && landwatch tiles demo/epoch-a.tif --zoom 14-17 --out demo/tiles-a
  landwatch tiles demo/truth.tif --style change --zoom 15-17 --out demo/tiles-truth
  landwatch tiles <jobId>:change --db demo/run/landwatch.duckdb --zoom 14-17 --out demo/tiles-change`,
    )
    .action((dataset: string, o: TilesOpts) => runCommand(() => tiles(dataset, o)));
}

async function tiles(dataset: string, o: TilesOpts): Promise<void> {
  const [minZoom, maxZoom] = parseZoomRange(o.zoom);
  const style = parseChoice('--style', o.style, STYLES);
  let store: Store | null = null;
  try {
    let service: TileService;
    let id = dataset;
    if (existsSync(dataset)) {
      service = createTileService();
      id = path.basename(dataset);
      await service.addFileLayer(id, path.resolve(dataset), style);
    } else {
      if (!o.db) throw new CliError('E_CLI_USAGE', `${dataset} is not a file; for a job layer pass --db`);
      store = await openStore(o.db);
      service = createTileService({ store });
    }
    const progress = createProgress(!o.json && Boolean(process.stderr.isTTY));
    const res = await writeTilePyramid(service, id, { minZoom, maxZoom, outDir: o.out, onProgress: (done, total) => progress.update({ phase: 'tiles', done, total }) });
    progress.stop();
    if (o.json) process.stdout.write(`${JSON.stringify({ dataset, outDir: o.out, minZoom, maxZoom, ...res })}\n`);
    else process.stdout.write(`${res.written} tiles written to ${o.out} (${res.empty} empty skipped), zoom ${minZoom}-${maxZoom}\n`);
  } finally {
    await store?.close();
  }
}
