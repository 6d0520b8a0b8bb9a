import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { pino } from 'pino';
import { buildServer } from '../../api/server.ts';
import { storeFeatureSource } from '../../api/store-feature-source.ts';
import { createViewerService } from '../../report/index.ts';
import { SiteChecker, loadLayers, loadRules } from '../../supervise/index.ts';
import { LocalJobService } from '../../jobs/local-job-service.ts';
import { openStore } from '../../store/index.ts';
import { openTileBackend } from '../../jobs/bullmq-backend.ts';
import { addBackendOptions, parseBackendOptions } from '../backend-options.ts';
import { runCommand } from '../run-command.ts';
import { parseIntOption } from '../parse-options.ts';

interface ServeOpts {
  port: string;
  host: string;
  db: string;
  dataRoot: string[];
  outRoot?: string;
  token?: string;
  readToken?: boolean;
  workers?: string;
  concurrency: string;
  layers?: string;
  rules?: string;
  backend: string;
  redis?: string;
  queue: string;
}

export function serveCommand(program: Command): void {
  addBackendOptions(
    program
      .command('serve')
      .description('serve the job API (OGC API Processes), the patches (OGC API Features) and the viewer')
      .option('--port <n>', 'TCP port', '8080')
      .option('--host <addr>', 'address to listen on', '127.0.0.1')
      .option('--db <file>', 'DuckDB file', 'data/monitor.duckdb')
      .option('--data-root <dir>', 'folder whose files jobs may read (repeatable); paths outside are refused', collect, [])
      .option('--out-root <dir>', 'folder for job outputs (default: <first data root>/../jobs)')
      .option('--token <token>', 'bearer token for mutating routes (or LANDWATCH_TOKEN)')
      .option('--read-token', 'require the token for read routes too')
      .option('--workers <n>', 'worker threads shared by all jobs (default: all cores)')
      .option('--concurrency <n>', 'jobs running at once', '1')
      .option('--layers <dir>', 'planning/management layers for POST /check-site (siting compliance)')
      .option('--rules <file>', 'rules for /check-site (default: the shipped rule set)'),
  )
    .addHelpText(
      'after',
      `
Examples:
  landwatch sample --out data/sample --size 1024 && landwatch serve --data-root data --token secret
  curl -s localhost:8080/processes
  curl -s -X POST localhost:8080/processes/change-detection/execution -H 'Authorization: Bearer secret' \\
       -H 'Prefer: respond-async' -H 'Content-Type: application/json' \\
       -d '{"inputs":{"epoch_a":"sample/epoch-a.tif","epoch_b":"sample/epoch-b.tif"}}'`,
    )
    .action((o: ServeOpts) => runCommand(() => serve(o)));
}

function collect(v: string, prev: string[]): string[] {
  return [...prev, v];
}

async function serve(o: ServeOpts): Promise<void> {
  const port = parseIntOption('--port', o.port, 0, 65535);
  const dataRoots = (o.dataRoot.length ? o.dataRoot : ['data']).map((d) => resolve(d));
  for (const d of dataRoots) mkdirSync(d, { recursive: true });
  const token = o.token ?? process.env.LANDWATCH_TOKEN ?? null;
  const log = pino({ level: process.env.LANDWATCH_LOG ?? 'info' }, pino.destination(2));
  const { backend, redisUrl, queue, workers } = parseBackendOptions(o);
  const pool = await openTileBackend({
    backend,
    workers,
    redisUrl,
    queue,
    onRetry: (name, attempt, err) => log.warn({ task: name, attempt, err: err.message }, 'tile retried'),
    onEvent: (msg, fields) => log.info(fields, msg),
  });
  const store = await openStore(o.db);
  const jobs = new LocalJobService({
    store,
    pool,
    concurrency: parseIntOption('--concurrency', o.concurrency, 1, 64),
    onDecision: (msg, fields) => log.info(fields, msg),
    onError: (jobId, err) => log.warn({ jobId, err: err instanceof Error ? err.message : String(err) }, 'job failed'),
  });
  const siteChecker = o.layers ? new SiteChecker((await loadLayers(resolve(o.layers))).layers, await loadRules(o.rules)) : undefined;
  const app = buildServer({
    siteChecker,
    jobs,
    features: storeFeatureSource(store),
    reviews: store.reviews,
    viewer: createViewerService({ store }),
    dataRoots,
    outRoot: o.outRoot ? resolve(o.outRoot) : undefined,
    token,
    readPublic: !o.readToken,
    logger: log,
  });
  const resumed = await jobs.start();
  if (resumed > 0) log.info({ jobs: resumed }, 'resuming unfinished jobs');
  await app.listen({ port, host: o.host });
  const address = app.server.address();
  const shown = typeof address === 'object' && address ? `http://${o.host}:${address.port}` : String(address);
  log.info({ url: shown, db: store.path, dataRoots }, 'listening');
  process.stdout.write(`landwatch serving ${shown} (db ${store.path})\n`);
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await app.close();
  await jobs.stop();
  await pool.destroy();
  await store.close();
}
