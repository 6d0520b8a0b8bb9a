/**
 * Issue 11: worker faults in a real detect run. test/fixtures/pool/fault-worker.mjs wraps the real tile
 * worker and injects a fault (exit, throw, out of memory) on one tile for a number of attempts, driven by
 * LANDWATCH_FAULT_INJECT; the TilePool retries the task on a fresh worker. The job must then succeed with
 * the same bytes as a clean run; a tile that keeps failing fails the job with its id, keeps the committed
 * tiles, and a resume without the fault completes with identical output.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureJob, jobIdFor, runStoredJob, type DetectSummary } from '../../src/jobs/index.ts';
import { DETECT_DEFAULTS, type DetectParams } from '../../src/jobs/job-types.ts';
import type { TaskMap } from '../../src/pool/messages.ts';
import { TilePool } from '../../src/pool/tile-pool.ts';
import { generateSample } from '../../src/sample/index.ts';
import { openStore } from '../../src/store/index.ts';
import { isLandwatchError } from '../../src/util/landwatch-error.ts';
import { repoRoot, sha256File } from './reliability-support.ts';

const FAULT_WORKER = pathToFileURL(path.join(repoRoot, 'test/fixtures/pool/fault-worker.mjs')).href;
const work = mkdtempSync(path.join(tmpdir(), 'lw-faults-'));
const sample = path.join(work, 'sample');
const outDir = path.join(work, 'out');
const TILES = 16; // 256 px scene, 64 px tiles

const params: DetectParams = {
  epochA: path.join(sample, 'epoch-a.tif'),
  epochB: path.join(sample, 'epoch-b.tif'),
  outDir,
  mode: 'spectral',
  threshold: DETECT_DEFAULTS.threshold,
  mmuM2: DETECT_DEFAULTS.mmuM2,
  openRadiusPx: DETECT_DEFAULTS.openRadiusPx,
  closeRadiusPx: DETECT_DEFAULTS.closeRadiusPx,
  connectivity: DETECT_DEFAULTS.connectivity,
  tileSizePx: 64,
  normalize: DETECT_DEFAULTS.normalize,
};
const jobId = jobIdFor('change-detection', params);

/** sha256 of every output, and the summary without its timings: what "identical output" means. */
function fingerprint(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of ['change.tif', 'patches.geojson', 'patches.csv']) out[f] = sha256File(path.join(outDir, f));
  const summary = JSON.parse(readFileSync(path.join(outDir, 'summary.json'), 'utf8')) as Record<string, unknown>;
  delete summary.timingsMs;
  out['summary.json'] = JSON.stringify(summary);
  return out;
}

interface RunOutcome {
  summary: DetectSummary | null;
  err: unknown;
  retries: Array<{ name: string; attempt: number; message: string }>;
  detectCheckpoints: number;
}

let runNo = 0;

/** One detect run of the job on a fresh store (or `db` to resume), with the given faults injected. */
async function run(fault: string | null, opts: { db?: string; keepOut?: boolean; noCache?: boolean } = {}): Promise<RunOutcome> {
  if (!opts.keepOut) rmSync(outDir, { recursive: true, force: true });
  const db = opts.db ?? path.join(work, `run-${++runNo}.duckdb`);
  const faultDir = path.join(work, `faults-${runNo}-${Date.now()}`);
  // workers copy process.env when they start: set it before the pool exists
  if (fault) {
    process.env.LANDWATCH_FAULT_INJECT = fault;
    process.env.LANDWATCH_FAULT_DIR = faultDir;
  } else {
    delete process.env.LANDWATCH_FAULT_INJECT;
    delete process.env.LANDWATCH_FAULT_DIR;
  }
  const retries: RunOutcome['retries'] = [];
  const pool = new TilePool<TaskMap>({
    filename: FAULT_WORKER,
    workers: 2,
    retries: 2,
    maxHeapMb: 128,
    onRetry: (name, attempt, err) => retries.push({ name, attempt, message: err.message }),
  });
  const store = await openStore(db);
  let summary: DetectSummary | null = null;
  let err: unknown = null;
  try {
    await ensureJob(store, jobId, 'change-detection', params);
    // noCache: the pool seen as a queue backend (no shared files), so the detect pass runs its two steps
    const runner = opts.noCache ? { workers: pool.workers, run: pool.run.bind(pool), destroy: async () => {} } : pool;
    summary = await runStoredJob({ store, pool: runner, jobId });
  } catch (e) {
    err = e;
  } finally {
    await pool.destroy();
  }
  const detectCheckpoints = (await store.tiles.count(jobId, 'detect')).done;
  await store.close();
  delete process.env.LANDWATCH_FAULT_INJECT;
  delete process.env.LANDWATCH_FAULT_DIR;
  return { summary, err, retries, detectCheckpoints };
}

describe('worker faults in a real detect run (fault-worker.mjs)', () => {
  let clean: Record<string, string>;

  beforeAll(async () => {
    await generateSample({ outDir: sample, size: 256, seed: 5, tileSize: 64 });
    const r = await run(null);
    expect(r.err).toBeNull();
    expect(r.summary?.tiles.count).toBe(TILES);
    expect(r.summary?.patches.count).toBeGreaterThan(0);
    clean = fingerprint();
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('a worker that exits on tile 3 is replaced and the tile retried; output is identical', async () => {
    const r = await run('exit:tile=3,attempts=1');
    expect(r.err).toBeNull();
    expect(r.retries).toHaveLength(1);
    // with the pixel cache the detect pass runs one task per tile ('detectTile': change + label)
    expect(r.retries[0].name).toBe('detectTile');
    expect(fingerprint()).toEqual(clean);
  });

  it('a worker that throws an untyped error twice on tile 5 succeeds on the third attempt', async () => {
    const r = await run('throw:tile=5,attempts=2');
    expect(r.err).toBeNull();
    expect(r.retries.map((x) => x.attempt)).toEqual([1, 2]);
    expect(r.retries[0].message).toContain('injected worker fault');
    expect(fingerprint()).toEqual(clean);
  });

  it('a worker that runs out of memory on tile 9 is killed by its heap cap and the tile retried', async () => {
    const r = await run('oom:tile=9,attempts=1');
    expect(r.err).toBeNull();
    expect(r.retries).toHaveLength(1);
    expect(r.retries[0].message).toMatch(/memory/i);
    expect(fingerprint()).toEqual(clean);
  });

  it('faults in the histogram pass and in both steps of the detect pass at once are all retried', async () => {
    const r = await run('exit:tile=0,attempts=1,task=histogram;throw:tile=1,attempts=1;exit:tile=14,attempts=1,task=label');
    expect(r.err).toBeNull();
    expect(r.retries.map((x) => x.name).sort()).toEqual(['detectTile', 'detectTile', 'histogram']);
    expect(fingerprint()).toEqual(clean);
  });

  it('without the pixel cache, faults in both steps of the two-step detect pass are retried', async () => {
    const r = await run('throw:tile=1,attempts=1;exit:tile=14,attempts=1,task=label', { noCache: true });
    expect(r.err).toBeNull();
    expect(r.retries.map((x) => x.name).sort()).toEqual(['change', 'label']);
    expect(fingerprint()).toEqual(clean);
  });

  it('a tile that keeps failing fails the job with its id; committed tiles stay; resuming without the fault completes identically', async () => {
    const db = path.join(work, 'resume.duckdb');
    const failed = await run('throw:tile=6,attempts=always', { db });
    expect(isLandwatchError(failed.err)).toBe(true);
    const e = failed.err as { code: string; message: string; details: Record<string, unknown> };
    expect(e.code).toBe('E_POOL_TASK_FAILED');
    expect(e.message).toContain('2,1'); // tile 6 = col 2, row 1
    expect(e.details.tile).toBe('2,1');
    expect(e.details.attempts).toBe(3);
    expect(failed.detectCheckpoints).toBeGreaterThan(0);
    expect(failed.detectCheckpoints).toBeLessThan(TILES);

    const store = await openStore(db);
    const job = await store.jobs.get(jobId);
    await store.close();
    expect(job?.status).toBe('failed');
    expect(job?.error?.code).toBe('E_POOL_TASK_FAILED');

    // "fix the input" (the fault is gone) and run the same job again on the same store: it resumes
    const resumed = await run(null, { db, keepOut: true });
    expect(resumed.err).toBeNull();
    expect(resumed.detectCheckpoints).toBe(TILES);
    expect(fingerprint()).toEqual(clean);
  });
});
