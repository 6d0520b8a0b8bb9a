import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { buildReport } from '../../report/index.ts';
import { openStore, type Store } from '../../store/index.ts';
import { JobError } from '../../jobs/index.ts';
import { parseIntOption } from '../parse-options.ts';
import { runCommand } from '../run-command.ts';

interface ReportOpts {
  out: string;
  db: string;
  top: string;
}

export function reportCommand(program: Command): void {
  program
    .command('report')
    .description('write the self-contained HTML change report of a job (images inlined, opens offline)')
    .argument('<jobId>', "job id (see `landwatch jobs list`), or 'latest' for the newest successful job")
    .requiredOption('--out <file.html>', 'HTML file to write')
    .option('--db <file>', 'DuckDB file holding the job (a detect run writes <out>/landwatch.duckdb)', 'data/monitor.duckdb')
    .option('--top <n>', 'largest patches shown with before/after thumbnails', '12')
    .addHelpText(
      'after',
      `
Examples:
  landwatch sample --out demo && landwatch detect demo/epoch-a.tif demo/epoch-b.tif --out demo/run
  landwatch jobs list --db demo/run/landwatch.duckdb
  landwatch report latest --db demo/run/landwatch.duckdb --out demo/run/report.html`,
    )
    .action((jobId: string, o: ReportOpts) =>
      runCommand(async () => {
        const topN = parseIntOption('--top', o.top, 0, 500);
        const store = await openStore(o.db);
        try {
          const id = jobId === 'latest' ? await latestJob(store, o.db) : jobId;
          const html = await buildReport(store, id, { topN });
          await writeFile(o.out, html);
          process.stdout.write(`report written: ${o.out} (${(Buffer.byteLength(html) / 1024).toFixed(0)} KiB)\n`);
        } finally {
          await store.close();
        }
      }),
    );
}

async function latestJob(store: Store, db: string): Promise<string> {
  const { jobs } = await store.jobs.list({ limit: 1000, offset: 0, status: 'successful' });
  const newest = jobs.reduce<(typeof jobs)[number] | null>((best, j) => (best === null || (j.finished ?? '') > (best.finished ?? '') ? j : best), null);
  if (!newest) throw new JobError('E_JOB_NOT_FOUND', `no successful job in ${db}`);
  return newest.id;
}
