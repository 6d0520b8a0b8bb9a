/**
 * Test support for the reliability e2e tests (bad input, worker faults, kill/resume, load, security): the
 * CLI as a child process, and a real server (store + pool + LocalJobService) on loopback.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/api/server.ts';
import { storeFeatureSource } from '../../src/api/store-feature-source.ts';
import { LocalJobService } from '../../src/jobs/local-job-service.ts';
import type { TaskMap } from '../../src/pool/messages.ts';
import { TilePool } from '../../src/pool/tile-pool.ts';
import { openStore, type Store } from '../../src/store/index.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(repoRoot, 'bin/landwatch.mjs');
/** CI runs fewer repetitions (kills, load seconds); locally the full counts run. */
export const inCi = Boolean(process.env.CI);

export interface CliResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `landwatch …` with a heap cap and a timeout (bounded time and memory for hostile inputs). */
export function runCli(args: string[], opts: { timeoutMs?: number; heapMb?: number; env?: Record<string, string> } = {}): Promise<CliResult> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${opts.heapMb ?? 512}`, CLI, ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

export function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

export interface LiveServer {
  app: FastifyInstance;
  base: string;
  store: Store;
  pool: TilePool<TaskMap>;
  jobs: LocalJobService;
  close(): Promise<void>;
}

/** The real stack `landwatch serve` wires, on 127.0.0.1 and a free port. */
export async function startServer(o: {
  db: string;
  dataRoots: string[];
  outRoot: string;
  token: string | null;
  workers?: number;
  maxQueued?: number;
  concurrency?: number;
  listen?: boolean;
}): Promise<LiveServer> {
  const store = await openStore(o.db);
  const pool = new TilePool<TaskMap>({ workers: o.workers ?? 1 });
  const jobs = new LocalJobService({ store, pool, concurrency: o.concurrency ?? 1, maxQueued: o.maxQueued });
  // every optional route family the store can back (reviews), so route-table tests see them all
  const app = buildServer({ jobs, features: storeFeatureSource(store), reviews: store.reviews, dataRoots: o.dataRoots, outRoot: o.outRoot, token: o.token, readPublic: true });
  await jobs.start();
  let base = 'http://localhost';
  if (o.listen !== false) {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    if (addr === null || typeof addr === 'string') throw new Error('no TCP address');
    base = `http://127.0.0.1:${addr.port}`;
  } else await app.ready();
  return {
    app,
    base,
    store,
    pool,
    jobs,
    async close() {
      await app.close();
      await jobs.stop();
      await pool.destroy();
      await store.close();
    },
  };
}

/** Polls GET /jobs/{id} (through inject) until the job is final; returns its statusInfo. */
export async function waitForJob(app: FastifyInstance, jobId: string, timeoutMs = 60_000): Promise<Record<string, unknown>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await app.inject({ method: 'GET', url: `/jobs/${jobId}` });
    const info = res.json() as Record<string, unknown>;
    if (['successful', 'failed', 'dismissed'].includes(String(info.status))) return info;
    if (Date.now() > until) throw new Error(`job ${jobId} still ${String(info.status)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
