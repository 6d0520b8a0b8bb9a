/**
 * Issue 12: the coordinator (`landwatch detect --backend bullmq`) is SIGKILLed in the detect pass while
 * two `landwatch worker` processes work its tiles; the same command run again resumes from the DuckDB
 * checkpoints, enqueues only the tiles not checkpointed (results the workers finished meanwhile are taken
 * from Redis), and writes the bytes of an uninterrupted run.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BullmqStats } from '../../src/jobs/bullmq-stats.ts';
import { generateSample } from '../../src/sample/index.ts';
import { openStore } from '../../src/store/index.ts';
import { CLI, repoRoot, sha256File } from './reliability-support.ts';
import { bullmqSkipReason, startRedis, startWorker, waitFor, type RedisServer, type WorkerProcess } from './bullmq-support.ts';

const skip = bullmqSkipReason();
const QUEUE = 'lw-test-restart';
const work = mkdtempSync(path.join(tmpdir(), 'lw-bullmq-restart-'));
const sample = path.join(work, 'sample');
const out = path.join(work, 'out');
const HASHED = ['change.tif', 'patches.geojson', 'patches.csv', 'transitions.csv'];

function detect(redisUrl: string, killAfterDetectStartsMs: number | null): Promise<{ status: number | null; signal: string | null; stdout: string; stderr: string }> {
  const args = [
    CLI, 'detect', path.join(sample, 'epoch-a.tif'), path.join(sample, 'epoch-b.tif'), '--out', out,
    '--mode', 'combined', '--landuse-a', path.join(sample, 'landuse-a.tif'), '--landuse-b', path.join(sample, 'landuse-b.tif'),
    '--tile-size', '256', '--backend', 'bullmq', '--redis', redisUrl, '--queue', QUEUE, '--workers', '2', '--json',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let poll: NodeJS.Timeout | null = null;
    if (killAfterDetectStartsMs !== null) {
      // the change.tif temp file appears when the detect pass starts
      poll = setInterval(() => {
        if (!existsSync(out) || !readdirSync(out).some((f) => f.startsWith('change.tif.tmp-'))) return;
        clearInterval(poll as NodeJS.Timeout);
        poll = null;
        setTimeout(() => child.kill('SIGKILL'), killAfterDetectStartsMs);
      }, 5);
    }
    child.on('error', reject);
    child.on('close', (status, signal) => {
      if (poll) clearInterval(poll);
      resolve({ status, signal, stdout, stderr });
    });
  });
}

function hashes(): Record<string, string> {
  return Object.fromEntries(HASHED.map((f) => [f, sha256File(path.join(out, f))]));
}

describe.skipIf(skip !== null)('coordinator killed mid-job on the BullMQ backend (issue 12)', () => {
  let redis: RedisServer;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    const [r] = await Promise.all([startRedis(), generateSample({ outDir: sample, size: 1024, seed: 21, tileSize: 256 })]);
    redis = r;
    // 100 ms per task stretches the run so the kill lands inside the detect pass
    workers.push(...(await Promise.all([0, 1].map(() => startWorker(redis.url, { queue: QUEUE, taskDelayMs: 100 })))));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await redis?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('the re-run resumes, enqueues only the missing tiles and writes identical outputs', async () => {
    const full = await detect(redis.url, null);
    expect(full.status, full.stderr).toBe(0);
    const reference = hashes();
    const fullTasks = (JSON.parse(full.stdout) as { backend: BullmqStats }).backend.tasks.enqueued;
    expect(fullTasks).toBeGreaterThan(0);

    rmSync(out, { recursive: true, force: true });
    const killed = await detect(redis.url, 600);
    expect(killed.signal).toBe('SIGKILL');
    const store = await openStore(path.join(out, 'landwatch.duckdb'));
    const job = (await store.jobs.list({ limit: 1, offset: 0 })).jobs[0];
    await store.close();
    expect(job.status).toBe('running');

    const resumed = await detect(redis.url, null);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(hashes()).toEqual(reference);
    const backend = (JSON.parse(resumed.stdout) as { backend: BullmqStats }).backend;
    // checkpointed tiles are not enqueued again
    expect(backend.tasks.enqueued + backend.tasks.reused).toBeLessThan(fullTasks);
    expect(backend.tasks.failed).toBe(0);
    expect(JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')).backend.kind).toBe('bullmq');
  });
});
