import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { SiteChecker, SuperviseError, loadLayers, loadRules, type SiteReport } from '../../supervise/index.ts';
import { runCommand } from '../run-command.ts';

interface CheckSiteOptions {
  layers: string;
  rules?: string;
  repair?: boolean;
  json?: boolean;
}

/** `landwatch check-site PROJECT.geojson --layers DIR`: siting compliance of a planned project. */
export function checkSiteCommand(program: Command): void {
  program
    .command('check-site')
    .description('siting check of a planned project: layers it overlaps (m², share) and the rules a construction there would break')
    .argument('<project>', 'GeoJSON Polygon/MultiPolygon, Feature or FeatureCollection (lon/lat, or a "crs" member naming EPSG)')
    .requiredOption('--layers <dir>', 'folder of layer GeoJSON files named by kind (ecological_redline.geojson, land_approvals.geojson, …)')
    .option('--rules <file>', 'rules JSON (default: rules/default-rules.json)')
    .option('--repair', 'repair invalid layer geometries instead of leaving them out')
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText(
      'after',
      `
Examples:
  landwatch sample --out demo --size 1024
  landwatch check-site demo/layers/land_supply.geojson --layers demo/layers
  landwatch check-site demo/truth.geojson --layers demo/layers --json`,
    )
    .action((project: string, o: CheckSiteOptions) =>
      runCommand(async () => {
        let doc: unknown;
        try {
          doc = JSON.parse(await readFile(project, 'utf8'));
        } catch (err) {
          throw new SuperviseError('E_SUPERVISE_INPUT', `${project}: ${err instanceof SyntaxError ? 'not valid JSON' : 'cannot read'}: ${(err as Error).message}`, { file: project });
        }
        const [{ layers }, rules] = await Promise.all([loadLayers(o.layers, { repair: o.repair }), loadRules(o.rules)]);
        let report: SiteReport;
        try {
          report = new SiteChecker(layers, rules).check(doc);
        } catch (err) {
          if (err instanceof SuperviseError && err.code === 'E_SUPERVISE_INPUT') throw new SuperviseError('E_SUPERVISE_INPUT', `${project}: ${err.message}`, { file: project });
          throw err;
        }
        for (const l of layers) {
          const excluded = l.problems.filter((p) => p.action === 'excluded');
          if (excluded.length > 0) process.stderr.write(`landwatch: warning: ${l.file}: ${excluded.length} invalid feature(s) left out (first: ${excluded[0].message}); use --repair\n`);
        }
        process.stdout.write(o.json ? `${JSON.stringify(report, null, 2)}\n` : formatSiteReport(report));
      }),
    );
}

export function formatSiteReport(r: SiteReport): string {
  const lines = [`site area ${r.areaM2.toFixed(1)} m² (${(r.areaM2 / (10000 / 15)).toFixed(2)} 亩)`, ''];
  if (r.layers.length === 0) lines.push('overlaps no layer');
  else {
    lines.push(`${'layer'.padEnd(28)} ${'kind'.padEnd(26)} ${'overlap m²'.padStart(12)} ${'share'.padStart(8)}  features`);
    for (const l of r.layers) {
      lines.push(`${l.layer.padEnd(28)} ${l.kind.padEnd(26)} ${l.overlapM2.toFixed(1).padStart(12)} ${`${(l.share * 100).toFixed(1)} %`.padStart(8)}  ${l.features.map((f) => f.id).join(', ')}`);
    }
  }
  lines.push('');
  if (r.violations.length === 0) lines.push('breaks no rule');
  else {
    lines.push('rules a construction here would break:');
    for (const v of r.violations) lines.push(`  ${v.severity.toUpperCase().padEnd(6)} ${v.ruleId.padEnd(30)} ${v.message}`);
  }
  for (const s of r.skippedRules) lines.push(`  (not checked: ${s.ruleId}: ${s.reason})`);
  return `${lines.join('\n')}\n`;
}
