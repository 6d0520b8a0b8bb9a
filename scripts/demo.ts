/**
 * `npm run demo`: generates the sample scene (once; reused afterwards) and runs the main job end to end:
 * spectral change detection with a global Otsu threshold → stitched change polygons → exports.
 * Prints where everything is. Size via DEMO_SIZE (default 2048).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = resolve(new URL('..', import.meta.url).pathname);
const out = resolve(process.env.DEMO_OUT ?? join(root, 'demo-out'));
const size = process.env.DEMO_SIZE ?? '2048';
const sample = join(out, `sample-${size}`);
const cli = join(root, 'bin', 'landwatch.mjs');

function landwatch(args: string[]): void {
  process.stderr.write(`\n$ landwatch ${args.join(' ')}\n`);
  const r = spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!existsSync(join(sample, 'manifest.json'))) landwatch(['sample', '--out', sample, '--size', size, '--seed', '1']);
else process.stderr.write(`using the sample in ${sample}\n`);
landwatch(['info', join(sample, 'epoch-a.tif')]);
landwatch(['detect', join(sample, 'epoch-a.tif'), join(sample, 'epoch-b.tif'), '--out', join(out, 'run')]);
landwatch([
  'detect', join(sample, 'epoch-a.tif'), join(sample, 'epoch-b.tif'), '--mode', 'combined',
  '--landuse-a', join(sample, 'landuse-a.tif'), '--landuse-b', join(sample, 'landuse-b.tif'), '--out', join(out, 'run-combined'),
  '--layers', join(sample, 'layers'),
]);
landwatch(['report', 'latest', '--db', join(out, 'run-combined', 'landwatch.duckdb'), '--out', join(out, 'run-combined', 'report.html')]);
process.stdout.write(`
demo done:
  sample scene      ${sample}  (ground truth: truth.tif, truth.geojson; planning layers: layers/)
  spectral run      ${join(out, 'run')}  (change.tif, patches.geojson, patches.parquet, patches.csv, summary.json)
  combined run      ${join(out, 'run-combined')}  (+ transitions.csv, violations.geojson, report.html)
Open patches.geojson and change.tif in QGIS over epoch-b.tif, or the report in a browser. To review patches
in the web viewer: npx landwatch serve --db ${join(out, 'run-combined', 'landwatch.duckdb')} and open http://127.0.0.1:8080/
`);
