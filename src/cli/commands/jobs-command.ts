import type { Command } from 'commander';
import { runStoredJob, JobError } from '../../jobs/index.ts';
import { openStore, type Store, type StoredJob } from '../../store/index.ts';
import { TilePool } from '../../pool/tile-pool.ts';
import type { TaskMap } from '../../pool/messages.ts';
import { runCommand } from '../run-command.ts';
import { createProgress } from '../progress-bar.ts';
import { formatSummary } from '../format-summary.ts';

const DEFAULT_DB = 'data/monitor.duckdb';

export function jobsCommand(program: Command): void {
  const jobs = program
    .command('jobs')
    .description('list, inspect, cancel or resume jobs stored in a DuckDB file (no server needed)')
    .addHelpText(
      'after',
      `
Examples:
  landwatch jobs list --db demo/run/landwatch.duckdb
  landwatch jobs show <id> --db demo/run/landwatch.duckdb --json
  landwatch jobs resume <id> --db demo/run/landwatch.duckdb`,
    );
  jobs
    .command('list')
    .option('--db <file>', 'DuckDB file', DEFAULT_DB)
    .option('--json', 'JSON output')
    .action((o: { db: string; json?: boolean }) =>
      withStore(o.db, async (store) => {
        const { jobs: list, total } = await store.jobs.list({ limit: 1000, offset: 0 });
        if (o.json) return print({ total, jobs: list });
        if (list.length === 0) return void process.stdout.write('no jobs\n');
        for (const j of list) process.stdout.write(`${j.id}  ${j.status.padEnd(10)} ${String(j.progress.percent).padStart(3)}%  ${j.processId.padEnd(18)} ${j.created}  ${j.message ?? ''}\n`);
      }),
    );
  jobs
    .command('show')
    .argument('<id>')
    .option('--db <file>', 'DuckDB file', DEFAULT_DB)
    .option('--json', 'JSON output')
    .action((id: string, o: { db: string; json?: boolean }) =>
      withStore(o.db, async (store) => {
        const j = await mustGet(store, id);
        if (o.json) return print(j);
        process.stdout.write(describe(j));
      }),
    );
  jobs
    .command('cancel')
    .argument('<id>')
    .option('--db <file>', 'DuckDB file', DEFAULT_DB)
    .action((id: string, o: { db: string }) =>
      withStore(o.db, async (store) => {
        const j = await mustGet(store, id);
        if (j.status === 'successful' || j.status === 'dismissed') throw new JobError('E_JOB_STATE', `job ${id} is already ${j.status}`);
        await store.jobs.update(id, { status: 'dismissed', finished: new Date().toISOString(), message: 'dismissed from the CLI' });
        process.stdout.write(`job ${id} dismissed (finished tiles are kept)\n`);
      }),
    );
  jobs
    .command('resume')
    .argument('<id>')
    .option('--db <file>', 'DuckDB file', DEFAULT_DB)
    .option('--workers <n>', 'worker threads')
    .option('--json', 'JSON summary')
    .action((id: string, o: { db: string; workers?: string; json?: boolean }) =>
      withStore(o.db, async (store) => {
        await mustGet(store, id);
        const pool = new TilePool<TaskMap>({ workers: o.workers ? Number(o.workers) : undefined });
        const progress = createProgress(!o.json && Boolean(process.stderr.isTTY));
        try {
          const summary = await runStoredJob({ store, pool, jobId: id, onProgress: (phase, done, total, pixels) => progress.update({ phase, done, total, pixels }) });
          progress.stop();
          process.stdout.write(o.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));
        } finally {
          progress.stop();
          await pool.destroy();
        }
      }),
    );
}

function withStore(db: string, fn: (store: Store) => Promise<void>): Promise<void> {
  return runCommand(async () => {
    const store = await openStore(db);
    try {
      await fn(store);
    } finally {
      await store.close();
    }
  });
}

async function mustGet(store: Store, id: string): Promise<StoredJob> {
  const j = await store.jobs.get(id);
  if (!j) throw new JobError('E_JOB_NOT_FOUND', `no job ${id} in ${store.path}`);
  return j;
}

function print(v: unknown): void {
  process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
}

function describe(j: StoredJob): string {
  const p = j.progress;
  return [
    `job       ${j.id} (${j.processId})`,
    `status    ${j.status}${j.message ? ` — ${j.message}` : ''}`,
    `progress  ${p.percent}% (${p.phase}, ${p.tilesDone}/${p.tilesTotal} tiles${p.etaSeconds !== null ? `, ETA ${p.etaSeconds} s` : ''})`,
    `created   ${j.created}`,
    `started   ${j.started ?? '-'}`,
    `finished  ${j.finished ?? '-'}`,
    j.error ? `error     ${j.error.code} ${j.error.message}` : '',
    `params    ${JSON.stringify(j.params)}`,
    '',
  ].filter((l) => l !== '').join('\n') + '\n';
}
