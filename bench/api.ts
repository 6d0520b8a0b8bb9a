/**
 * API benchmark (issue 7): the real `landwatch serve` in a child process over a DuckDB job with ≥ 50k real
 * patches, then closed-loop load on loopback — C concurrent clients (default 200) for a bounded time, each
 * sending `GET /collections/{id}/items?bbox=…&limit=100` with seeded random bboxes — reporting p50/p90/p99
 * latency, throughput and errors (plus the same with one client, for the unloaded latency). Also the cost
 * per patch of `store.patches.insertMany` (DuckDB appender, one transaction) for 50k real patches, and the
 * median time of each statement behind one items request, to show where a request's time goes.
 *
 * Data: `landwatch detect --threshold 100 --mmu 0 --open 0 --close 0` on the seeded 2048² sample (noise
 * pixels become patches: ≈ 257k, 15 % of pixels changed, none spanning the scene), cached in <cache>/api/; the server runs on a copy of its DuckDB file.
 *
 *   npx tsx bench/api.ts [--size 2048] [--clients 200] [--duration 20] [--insert-patches 50000] [--json out.json]
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/store/index.ts';
import { ensureApiDataset, readPatchRows, type ApiDataset } from './lib/api-dataset.ts';
import { parseBenchArgs } from './lib/bench-args.ts';
import { benchHeader, formatHeader } from './lib/bench-header.ts';
import { fmtMb, formatTable, log } from './lib/format-table.ts';
import { getJson, runLoad, type LoadResult } from './lib/http-load.ts';
import { fmtMeasurement, fmtMs, measure, type Measurement, type RunFigures } from './lib/measure.ts';
import { queryBreakdown, type QueryBreakdown } from './lib/query-breakdown.ts';
import { bboxParam, randomBbox, type Bbox } from './lib/random-bbox.ts';
import { recordResult } from './lib/record-result.ts';
import { startServe } from './lib/serve-child.ts';

const USAGE = `usage: npx tsx bench/api.ts [--size 2048] [--seed 1] [--threshold 100] [--clients 200] [--duration 20]
  [--limit 100] [--insert-patches 50000] [--workers N] [--warmup 1] [--repeats 3] [--json out.json] [--no-record]
  [--cache DIR] [--quick]
  --size/--threshold: the detect run that makes the served job (N² sample, fixed CVA threshold, --mmu 0)
  --duration: seconds of load with --clients concurrent clients (after a warm-up of 2 s and a 1-client phase)`;

interface InsertFigures extends RunFigures {
  ms: number;
  patches: number;
  usPerPatch: number;
}

async function benchInsert(rows: Awaited<ReturnType<typeof readPatchRows>>, warmup: number, repeats: number): Promise<{ m: Measurement<InsertFigures>; dbFile: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'lw-bench-insert-'));
  const dbFile = join(dir, 'insert.duckdb');
  const store = await openStore(dbFile);
  let run = 0;
  try {
    const m = await measure<InsertFigures>(
      `insertMany ${rows.length}`,
      async () => {
        const t0 = performance.now();
        const n = await store.patches.insertMany(`bench-insert-${run++}`, rows);
        const ms = performance.now() - t0;
        return { ms, patches: n, usPerPatch: (ms * 1000) / n };
      },
      { warmup, repeats, onRun: (name, i, f) => log(`  ${name} #${i + 1}: ${fmtMs(f.ms)}`) },
    );
    return { m, dbFile };
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { common: args, extra } = parseBenchArgs(process.argv.slice(2), USAGE, { size: 2048, quickSize: 2048, repeats: 3, quickRepeats: 1 }, {
    clients: { type: 'string' },
    duration: { type: 'string' },
    threshold: { type: 'string' },
    limit: { type: 'string' },
    'insert-patches': { type: 'string' },
  });
  const num = (k: keyof typeof extra, dflt: number): number => {
    const v = extra[k];
    const n = v === undefined ? dflt : Number(v);
    if (!Number.isFinite(n) || n <= 0) {
      process.stderr.write(`bench: --${String(k)} must be a positive number\n`);
      process.exit(2);
    }
    return n;
  };
  const clients = Math.round(num('clients', 200));
  const durationS = num('duration', args.quick ? 5 : 20);
  const threshold = num('threshold', 100);
  const limit = Math.round(num('limit', 100));
  const insertN = Math.round(num('insert-patches', 50_000));
  const serverWorkers = args.workers ?? 1;

  const header = benchHeader('api', null, {
    N: args.size, seed: args.seed, threshold, clients, durationS, limit, insertPatches: insertN, serverWorkers, warmup: args.warmup, repeats: args.repeats,
  });
  log(formatHeader(header));

  const ds: ApiDataset = await ensureApiDataset(args.size, args.seed, threshold, null, args.cache, log);
  log(`dataset: job ${ds.jobId}, ${ds.patches} patches, ${fmtMb(ds.dbBytes / 1024)} DuckDB${ds.generated ? `, detect ${fmtMs(ds.detectMs)}` : ' (cached)'}`);
  if (ds.patches < insertN) log(`warning: the job has only ${ds.patches} patches (< --insert-patches ${insertN}); raise --size or lower --threshold`);

  // 1. insert cost per patch (real rows, WKB included), into a fresh DuckDB file
  const rows = await readPatchRows(ds.db, ds.jobId, insertN);
  log(`insert: ${rows.length} patches read back; timing store.patches.insertMany…`);
  const insert = await benchInsert(rows, args.warmup, args.repeats);

  // 2. the server on a copy of the job's DuckDB file
  const work = await mkdtemp(join(tmpdir(), 'lw-bench-api-'));
  const db = join(work, 'served.duckdb');
  await copyFile(ds.db, db);
  await mkdir(join(work, 'data'), { recursive: true });
  const server = await startServe({ db, dataRoot: join(work, 'data'), workers: serverWorkers });
  log(`server ${server.url} (pid ${server.pid}) up in ${fmtMs(server.startMs)}`);
  let single: LoadResult;
  let loaded: LoadResult;
  let extent: Bbox;
  let stopped: Awaited<ReturnType<typeof server.stop>>;
  try {
    const coll = (await getJson(`${server.url}/collections/${ds.jobId}`)) as { extent?: { spatial?: { bbox?: number[][] } } };
    const b = coll.extent?.spatial?.bbox?.[0];
    if (!b || b.length !== 4) throw new Error(`collection ${ds.jobId} has no spatial extent`);
    extent = [b[0], b[1], b[2], b[3]];
    const path = (rand: () => number) => `/collections/${ds.jobId}/items?bbox=${bboxParam(randomBbox(rand, extent))}&limit=${limit}`;
    const load = (c: number, ms: number, seed: number) => runLoad({ url: server.url, clients: c, durationMs: ms, seed, nextPath: path });
    log('warm-up: 2 s with 8 clients');
    await load(8, 2000, args.seed + 100_000);
    const singleMs = Math.min(5000, (durationS * 1000) / 4);
    log(`1 client for ${fmtMs(singleMs)}…`);
    single = await load(1, singleMs, args.seed + 200_000);
    log(`${clients} clients for ${durationS} s…`);
    loaded = await load(clients, durationS * 1000, args.seed);
  } finally {
    stopped = await server.stop();
  }
  if (stopped.code !== 0) log(`server exited with ${stopped.code}: ${stopped.stderrTail}`);

  // 3. where one request's time goes (same kind of boxes, in process, server stopped)
  const breakdown: QueryBreakdown = await queryBreakdown(db, ds.jobId, extent, limit, 200, args.seed + 300_000);
  await rm(work, { recursive: true, force: true });

  const latRow = (name: string, r: LoadResult) => [
    name, String(r.requests), String(r.errors), `${r.throughputRps}`, `${r.latencyMs.p50}`, `${r.latencyMs.p90}`, `${r.latencyMs.p99}`, `${r.latencyMs.max}`, `${r.meanReturned}`, `${r.meanMatched}`,
  ];
  const insertBest = Math.min(...insert.m.runs.map((r) => r.usPerPatch));
  const out = [
    formatHeader(header),
    `served job ${ds.jobId}: ${ds.patches} patches from landwatch detect (${args.size}², threshold ${threshold}, mmu 0), DuckDB ${fmtMb(ds.dbBytes / 1024)}; server peak RSS ${fmtMb(stopped.maxRssKb)}`,
    '',
    formatTable(['GET /items?bbox&limit=' + limit, 'requests', 'errors', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'returned', 'matched'], [
      latRow('1 client', single),
      latRow(`${clients} clients`, loaded),
    ]),
    '',
    `per request, in process (median of ${breakdown.queries}): select_job ${breakdown.medianMs.selectJob} ms, select_patches ${breakdown.medianMs.selectPatches} ms, count_matching_patches ${breakdown.medianMs.countMatching} ms`,
    `insertMany ${rows.length} real patches (appender, one transaction, file DB): ${fmtMeasurement(insert.m)} → ${insertBest.toFixed(1)} µs/patch (best)`,
  ].join('\n');
  process.stdout.write(`${out}\n`);
  const file = await recordResult({
    header,
    dataset: { ...ds, db: undefined },
    load: { single, loaded },
    serverPeakRssKb: stopped.maxRssKb,
    serverStartMs: Math.round(server.startMs),
    breakdown,
    insert: { measurement: insert.m, bestUsPerPatch: insertBest },
  }, args);
  if (file) log(`recorded in ${file}`);
}

await main();
