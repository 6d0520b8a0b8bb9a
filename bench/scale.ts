/**
 * Scale-out benchmark (issue 12): the same detect job (spectral, 512² tiles) on the local worker-thread
 * pool and on the BullMQ backend with 1, 2, 4 `landwatch worker` processes (one thread each) through a
 * redis-server on this machine, in the same run on the same sample. Reports wall time and tiles/s, the
 * handler time per tile, the queue's overhead per tile (round trip − waiting for a free worker − handler)
 * against the target (< 5 % of tile compute at 512² tiles), the queue round trip of an empty task, the Redis
 * PING round trip and the coordinator's own CPU per tile — and from those, the expected throughput for N
 * machines. Outputs of every bullmq run are checked byte for byte against the local run.
 *
 *   npx tsx bench/scale.ts [--size 2048] [--procs 1,2,4] [--workers N] [--repeats 3] [--json out.json] [--quick]
 *     [--tile-size 512] [--redis redis://host:port] [--cores-per-machine 8] [--link-gbps 10]
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BullmqRunner } from '../src/jobs/bullmq-runner.ts';
import type { BullmqStats } from '../src/jobs/bullmq-stats.ts';
import { closeRedis, openRedis } from '../src/jobs/bullmq-connection.ts';
import { ensureJob, jobIdFor } from '../src/jobs/index.ts';
import { runStoredJob } from '../src/jobs/job-runner.ts';
import { DETECT_DEFAULTS, type DetectParams } from '../src/jobs/job-types.ts';
import type { TaskMap } from '../src/pool/messages.ts';
import type { TileRunner } from '../src/pool/tile-runner.ts';
import { TilePool } from '../src/pool/tile-pool.ts';
import { openRaster, planWindowRead } from '../src/raster/index.ts';
import { openStore } from '../src/store/index.ts';
import { parseBenchArgs } from './lib/bench-args.ts';
import { benchHeader, formatHeader } from './lib/bench-header.ts';
import { formatTable, log } from './lib/format-table.ts';
import { startRedisServer, startWorkers } from './lib/local-cluster.ts';
import { fmtMeasurement, fmtMs, measure, summarize, type Measurement, type RunFigures } from './lib/measure.ts';
import { recordResult } from './lib/record-result.ts';
import { ensureSample } from './lib/sample-cache.ts';

const USAGE = `usage: npx tsx bench/scale.ts [--size 2048] [--seed 1] [--procs 1,2,4] [--workers N] [--warmup 1] [--repeats 3]
  [--tile-size 512] [--redis URL] [--cores-per-machine 8] [--link-gbps 10] [--json out.json] [--no-record] [--cache DIR] [--quick]`;

interface JobRun extends RunFigures {
  ms: number;
  tiles: number;
  tilesPerS: number;
  /** coordinator CPU (user + system) over the run */
  coordCpuMs: number;
  outputs: string;
  /** bullmq only */
  tasks: number | null;
  computeMs: number | null;
  overheadMsPerTask: number | null;
  workerOverheadMsPerTask: number | null;
  queueWaitMsPerTask: number | null;
  /** task + result bytes through Redis */
  bytes: number | null;
}

interface Config {
  name: string;
  procs: number | null;
  m: Measurement<JobRun>;
}

const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / Math.max(1, xs.length);

async function main(): Promise<void> {
  const { common: args, extra } = parseBenchArgs(process.argv.slice(2), USAGE, { size: 2048, quickSize: 1024, repeats: 3, quickRepeats: 1 }, {
    procs: { type: 'string' },
    'tile-size': { type: 'string' },
    redis: { type: 'string' },
    'cores-per-machine': { type: 'string' },
    'link-gbps': { type: 'string' },
  });
  const procs = (typeof extra.procs === 'string' ? extra.procs : '1,2,4').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
  const tileSizePx = typeof extra['tile-size'] === 'string' ? Number(extra['tile-size']) : 512;
  const coresPerMachine = typeof extra['cores-per-machine'] === 'string' ? Number(extra['cores-per-machine']) : 8;
  const linkGbps = typeof extra['link-gbps'] === 'string' ? Number(extra['link-gbps']) : 10;
  const localWorkers = args.workers ?? availableParallelism();
  const sample = await ensureSample(args.size, args.seed, args.cache, log);
  const header = benchHeader('scale', null, {
    N: args.size, seed: args.seed, tileSizePx, localWorkers, procs: procs.join(','), warmup: args.warmup, repeats: args.repeats, mode: 'spectral',
  });
  log(formatHeader(header));

  const work = await mkdtemp(join(tmpdir(), 'lw-bench-scale-'));
  const own = typeof extra.redis === 'string' ? null : await startRedisServer();
  const redisUrl = typeof extra.redis === 'string' ? extra.redis : (own as { url: string }).url;
  const queue = `lw-bench-scale-${process.pid}`;
  const params: DetectParams = {
    epochA: sample.epochA,
    epochB: sample.epochB,
    outDir: join(work, 'out'),
    mode: 'spectral',
    threshold: DETECT_DEFAULTS.threshold,
    mmuM2: DETECT_DEFAULTS.mmuM2,
    openRadiusPx: DETECT_DEFAULTS.openRadiusPx,
    closeRadiusPx: DETECT_DEFAULTS.closeRadiusPx,
    connectivity: DETECT_DEFAULTS.connectivity,
    tileSizePx,
    normalize: DETECT_DEFAULTS.normalize,
  };
  const jobId = jobIdFor('change-detection', params);
  let runNo = 0;

  /** One whole job on a fresh store; the coordinator runs in this process. */
  const runJob = async (pool: TileRunner<TaskMap>): Promise<JobRun> => {
    await rm(params.outDir, { recursive: true, force: true });
    const db = join(work, `run-${++runNo}.duckdb`);
    const store = await openStore(db);
    try {
      await ensureJob(store, jobId, 'change-detection', params);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const summary = await runStoredJob({ store, pool, jobId });
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const hash = createHash('sha256');
      for (const f of ['change.tif', 'patches.geojson']) hash.update(readFileSync(join(params.outDir, f)));
      const b = (summary.backend as BullmqStats | { kind: 'local' }) ?? { kind: 'local' };
      const q = b.kind === 'bullmq' ? (b as BullmqStats) : null;
      return {
        ms,
        tiles: summary.tiles.count,
        tilesPerS: (summary.tiles.count * 1000) / ms,
        coordCpuMs: (cpu.user + cpu.system) / 1000,
        outputs: hash.digest('hex').slice(0, 16),
        tasks: q ? q.tasks.completed : null,
        computeMs: q ? q.computeMs : null,
        overheadMsPerTask: q ? q.overheadMsPerTask : null,
        workerOverheadMsPerTask: q ? q.workerOverheadMsPerTask : null,
        queueWaitMsPerTask: q ? q.queueWaitMsPerTask : null,
        bytes: q ? q.bytes.tasks + q.bytes.results : null,
      };
    } finally {
      await store.close();
      await rm(db, { force: true });
    }
  };

  const onRun = (name: string, i: number, f: RunFigures) => log(`  ${name} #${i + 1}: ${fmtMs(f.ms)}`);
  const opts = { warmup: args.warmup, repeats: args.repeats, onRun };
  const configs: Config[] = [];
  let emptyTask: Awaited<ReturnType<typeof measureEmptyTask>> | null = null;
  let ping: Measurement | null = null;
  try {
    // local with one thread is the baseline of the 1-process bullmq run: same compute, no queue
    for (const threads of localWorkers === 1 ? [1] : [1, localWorkers]) {
      const pool = new TilePool<TaskMap>({ workers: threads });
      try {
        configs.push({ name: `local (${threads} thread${threads > 1 ? 's' : ''})`, procs: threads === 1 ? 0 : null, m: await measure(`local ×${threads}`, () => runJob(pool), opts) });
      } finally {
        await pool.destroy();
      }
    }
    for (const n of procs) {
      const workers = await startWorkers(n, redisUrl, queue);
      const runner = await BullmqRunner.connect({ redisUrl, queue, workers: n });
      try {
        configs.push({ name: `bullmq (${n} worker process${n > 1 ? 'es' : ''})`, procs: n, m: await measure(`bullmq ×${n}`, () => runJob(runner), opts) });
        if (n === 1) emptyTask = await measureEmptyTask(runner, sample.epochA);
      } finally {
        await runner.destroy();
        await Promise.all(workers.map((w) => w.stop()));
      }
    }
    ping = await measurePing(redisUrl);
  } finally {
    await own?.stop();
    await rm(work, { recursive: true, force: true });
  }

  const local = configs.find((c) => c.procs === null) ?? configs[0];
  const local1 = configs.find((c) => c.procs === 0) ?? null;
  const best = (c: Config) => c.m.runs.reduce((a, r) => (r.ms < a.ms ? r : a), c.m.runs[0]);
  const identical = configs.every((c) => c.m.runs.every((r) => r.outputs === local.m.runs[0].outputs));
  const one = configs.find((c) => c.procs === 1) ?? configs.find((c) => c.procs !== null) ?? null;
  // per-tile figures from the 1-process runs (no contention between worker processes)
  const perTile = one
    ? (() => {
        const runs = one.m.runs;
        const tiles = runs[0].tiles;
        const tasksPerTile = (runs[0].tasks ?? 0) / tiles;
        const computeMs = mean(runs.map((r) => (r.computeMs ?? 0) / tiles));
        const overheadMs = mean(runs.map((r) => (r.overheadMsPerTask ?? 0) * tasksPerTile));
        const workerOverheadMs = mean(runs.map((r) => (r.workerOverheadMsPerTask ?? 0) * tasksPerTile));
        const coordCpuMs = mean(runs.map((r) => r.coordCpuMs / tiles));
        const bytesPerTile = mean(runs.map((r) => (r.bytes ?? 0) / tiles));
        // the job's own figure excludes waiting for a worker (pick-up latency too); the empty-task floor
        // includes pick-up: take the larger of the two, per tile
        const floorMs = emptyTask ? emptyTask.overheadMs * tasksPerTile : 0;
        const charged = Math.max(overheadMs, floorMs);
        // throughput terms: the 1-process run against local with one thread, the same compute without the queue
        const vsLocal1Ms = local1 ? (one.m.minMs - local1.m.minMs) / tiles : null;
        return {
          tiles, tasksPerTile, computeMs, overheadMs, floorMs, charged, workerOverheadMs, coordCpuMs, bytesPerTile,
          overheadPct: (100 * charged) / computeMs,
          vsLocal1Ms,
          vsLocal1Pct: vsLocal1Ms === null ? null : (100 * vsLocal1Ms) / computeMs,
        };
      })()
    : null;
  const projection = perTile
    ? [1, 2, 4, 8, 16, 32].map((machines) => {
        const workerBound = (machines * coresPerMachine * 1000) / (perTile.computeMs + perTile.workerOverheadMs);
        const coordBound = 1000 / perTile.coordCpuMs;
        // every byte crosses the coordinator's link once and Redis's link twice (in from one side, out to the other)
        const linkBound = (linkGbps * 1e9) / 8 / (2 * perTile.bytesPerTile);
        const tilesPerS = Math.min(workerBound, coordBound, linkBound);
        const bound = tilesPerS === workerBound ? 'workers' : tilesPerS === coordBound ? 'coordinator CPU' : `Redis link (${linkGbps} Gbit/s)`;
        return { machines, cores: machines * coresPerMachine, tilesPerS, workerBound, coordBound, linkBound, bound };
      })
    : [];

  const f1 = (v: number | null | undefined) => (v == null || !Number.isFinite(v) ? '—' : v.toFixed(1));
  const text = [
    formatHeader(header),
    formatTable(
      ['backend', 'wall (fastest)', 'tiles/s', 'vs local', 'handler ms/tile', 'queue overhead ms/tile', 'coordinator CPU ms/tile'],
      configs.map((c) => {
        const r = best(c);
        const tasksPerTile = (r.tasks ?? 0) / r.tiles;
        return [
          c.name,
          fmtMs(r.ms),
          f1(r.tilesPerS),
          `${(local.m.minMs / c.m.minMs).toFixed(2)}×`,
          r.computeMs == null ? '—' : f1(r.computeMs / r.tiles),
          r.overheadMsPerTask == null ? '—' : f1(r.overheadMsPerTask * tasksPerTile),
          // a local run's process CPU includes its worker threads: not the coordinator's own
          c.procs === null || c.procs === 0 ? '—' : f1(r.coordCpuMs / r.tiles),
        ];
      }),
    ),
    ...configs.map((c) => `${c.name}: ${fmtMeasurement(c.m)}`),
    emptyTask ? `queue round trip of an almost empty task (1×1 decode, one in flight): ${fmtMeasurement(emptyTask.roundTrip)}; handler ${emptyTask.handlerMs.toFixed(2)} ms → queue floor ${emptyTask.overheadMs.toFixed(2)} ms per task` : '',
    ping ? `Redis PING round trip: ${(ping.meanMs * 1000).toFixed(0)} µs mean (min ${(ping.minMs * 1000).toFixed(0)} µs)` : '',
    perTile
      ? [
          `per ${tileSizePx}² tile (${perTile.tasksPerTile} tasks): handler ${perTile.computeMs.toFixed(1)} ms; worker-side encode+store ${perTile.workerOverheadMs.toFixed(2)} ms; coordinator CPU ${perTile.coordCpuMs.toFixed(1)} ms; ${(perTile.bytesPerTile / 2 ** 20).toFixed(2)} MiB through Redis`,
          `  queue latency per tile ${perTile.charged.toFixed(2)} ms (in the job ${perTile.overheadMs.toFixed(2)}, empty-task floor ${perTile.floorMs.toFixed(2)}) = ${perTile.overheadPct.toFixed(1)} % of the handler (hidden by the in-flight window, not lost throughput)`,
          perTile.vsLocal1Pct === null
            ? ''
            : `  throughput cost per tile, bullmq ×1 − local ×1 wall: ${perTile.vsLocal1Ms?.toFixed(2)} ms = ${perTile.vsLocal1Pct.toFixed(1)} % of the handler (target < 5 % → ${perTile.vsLocal1Pct < 5 ? 'met' : 'NOT met'})`,
        ].filter((l) => l !== '').join('\n')
      : '',
    `outputs identical to the local run in every bullmq run: ${identical ? 'yes' : 'NO'}`,
    perTile ? `\nexpected throughput, ${coresPerMachine} cores per machine: min of workers (${(perTile.computeMs + perTile.workerOverheadMs).toFixed(1)} ms/tile/core), coordinator CPU (${perTile.coordCpuMs.toFixed(1)} ms/tile) and Redis link (${linkGbps} Gbit/s, 2 × ${(perTile.bytesPerTile / 2 ** 20).toFixed(2)} MiB/tile):` : '',
    perTile
      ? formatTable(
          ['machines', 'cores', 'workers tiles/s', 'coordinator tiles/s', 'link tiles/s', 'expected tiles/s', 'bound by'],
          projection.map((p) => [String(p.machines), String(p.cores), p.workerBound.toFixed(0), p.coordBound.toFixed(0), p.linkBound.toFixed(0), p.tilesPerS.toFixed(0), p.bound]),
        )
      : '',
  ]
    .filter((l) => l !== '')
    .join('\n');
  process.stdout.write(`${text}\n`);
  const file = await recordResult({ header, configs, emptyTask, ping, perTile, projection, identical }, args);
  if (file) log(`recorded in ${file}`);
  if (!identical) process.exitCode = 1;
}

/**
 * Round trips of a task that does almost nothing (decode of a 1×1 window), one at a time, minus the
 * handler's own time: the queue's floor per task, pick-up latency included.
 */
async function measureEmptyTask(runner: BullmqRunner, file: string): Promise<{ roundTrip: Measurement; handlerMs: number; overheadMs: number }> {
  const src = await openRaster(file);
  const scoped = runner.forJob(`bench-empty-${process.pid}`);
  const runs: RunFigures[] = [];
  const count = Math.min(220, src.width);
  for (let i = 0; i < count; i++) {
    // a different window each time: a task with the same id would be deduped, not run
    const read = planWindowRead(src, { x: i, y: 0, width: 1, height: 1 });
    const t0 = performance.now();
    await scoped.run('decode', { read });
    if (i >= 20) runs.push({ ms: performance.now() - t0 });
  }
  const st = scoped.stats();
  const handlerMs = st.computeMs / Math.max(1, st.tasks.completed);
  const roundTrip = summarize('empty task', runs);
  return { roundTrip, handlerMs, overheadMs: Math.max(0, roundTrip.meanMs - handlerMs) };
}

async function measurePing(url: string): Promise<Measurement> {
  const client = await openRedis(url);
  const runs: RunFigures[] = [];
  try {
    for (let i = 0; i < 520; i++) {
      const t0 = performance.now();
      await client.ping();
      if (i >= 20) runs.push({ ms: performance.now() - t0 });
    }
  } finally {
    await closeRedis(client);
  }
  return summarize('ping', runs);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
