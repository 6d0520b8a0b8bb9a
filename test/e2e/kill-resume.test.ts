/**
 * Issue 11: process faults. `landwatch detect` (combined mode, so every output including transitions.csv is
 * written) is SIGKILLed at seeded random moments spread over a whole run — before the first tile commit,
 * between commits, while stitching, while exporting — then the same command is run again. Every re-run must
 * finish with the bytes of an uninterrupted run; after each kill the DuckDB file must open, and any output
 * present under its final name must be complete (identical to the uninterrupted run's file, since all
 * writers go through a temporary name and a rename). 20 kills locally, 5 with CI set.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSample } from '../../src/sample/index.ts';
import { openStore } from '../../src/store/index.ts';
import { mulberry32 } from '../../src/util/prng.ts';
import { CLI, inCi, sha256File } from './reliability-support.ts';
import { spawn } from 'node:child_process';

const KILLS = inCi ? 5 : 20;
const SEED = 2024;
const work = mkdtempSync(path.join(tmpdir(), 'lw-kill-'));
const sample = path.join(work, 'sample');
const out = path.join(work, 'out');
const HASHED = ['change.tif', 'patches.geojson', 'patches.csv', 'patches.parquet', 'transitions.csv'];

const args = (): string[] => [
  CLI, 'detect', path.join(sample, 'epoch-a.tif'), path.join(sample, 'epoch-b.tif'), '--out', out,
  '--mode', 'combined', '--landuse-a', path.join(sample, 'landuse-a.tif'), '--landuse-b', path.join(sample, 'landuse-b.tif'),
  '--tile-size', '64', '--workers', '2',
];

/**
 * When to kill: `afterMs` from the start, or `afterMs` after a file whose name starts with `whenFile` shows
 * up in the output folder (the change.tif spool marks the detect pass, patches.*.tmp the export).
 */
interface KillPlan {
  afterMs: number;
  whenFile?: string;
}

/** Starts the CLI; resolves with its exit when done, or kills it as planned. */
function runDetect(kill: KillPlan | null): Promise<{ status: number | null; signal: string | null; stderr: string; ms: number; killedAt: number | null }> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args(), { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let killedAt: number | null = null;
    let timer: NodeJS.Timeout | null = null;
    let poll: NodeJS.Timeout | null = null;
    const killNow = () => {
      killedAt = Date.now() - t0;
      child.kill('SIGKILL');
    };
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    if (kill && kill.whenFile === undefined) timer = setTimeout(killNow, kill.afterMs);
    else if (kill) {
      poll = setInterval(() => {
        const seen = existsSync(out) && readdirSync(out).some((f) => f.startsWith(kill.whenFile as string));
        if (!seen) return;
        clearInterval(poll as NodeJS.Timeout);
        poll = null;
        timer = setTimeout(killNow, kill.afterMs);
      }, 2);
    }
    child.on('error', reject);
    child.on('close', (status, signal) => {
      if (timer) clearTimeout(timer);
      if (poll) clearInterval(poll);
      resolve({ status, signal, stderr, ms: Date.now() - t0, killedAt });
    });
  });
}

function fingerprint(): Record<string, string> {
  const fp: Record<string, string> = {};
  for (const f of HASHED) fp[f] = sha256File(path.join(out, f));
  fp['summary.json'] = summaryWithoutTimings();
  return fp;
}

function summaryWithoutTimings(): string {
  const s = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as Record<string, unknown>;
  delete s.timingsMs;
  return JSON.stringify(s);
}

describe('SIGKILL of `landwatch detect` at random moments, then resume', () => {
  let reference: Record<string, string>;
  let fullMs = 0;

  beforeAll(async () => {
    await generateSample({ outDir: sample, size: inCi ? 256 : 512, seed: 9, tileSize: 64 });
    rmSync(out, { recursive: true, force: true });
    const r = await runDetect(null);
    expect(r.status, r.stderr).toBe(0);
    fullMs = r.ms;
    reference = fingerprint();
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it(`${KILLS} kills (seed ${SEED}): every re-run completes with byte-identical outputs`, async () => {
    const rnd = mulberry32(SEED);
    const states: string[] = [];
    for (let i = 0; i < KILLS; i++) {
      rmSync(out, { recursive: true, force: true });
      // a third anywhere in the run (stratified), a third inside the detect pass (tile commits, stitching),
      // a third inside the export
      const kind = i % 3;
      const plan: KillPlan =
        kind === 0 ? { afterMs: Math.round(((Math.floor(i / 3) + rnd()) / Math.ceil(KILLS / 3)) * (fullMs + 300)) }
          : kind === 1 ? { afterMs: Math.round(rnd() * 600), whenFile: 'change.tif.tmp-' }
            : { afterMs: Math.round(rnd() * 40), whenFile: 'patches.' };
      const killed = await runDetect(plan);
      const what = plan.whenFile ? `${plan.afterMs} ms after ${plan.whenFile}*` : `${plan.afterMs} ms`;
      const state: string[] = [`kill ${i} (${what}) at ${killed.killedAt ?? '-'} ms: ${killed.signal ?? `exit ${killed.status}`}`];

      // no partial file under a final name: whatever is there is the finished file
      for (const f of HASHED) {
        const p = path.join(out, f);
        if (existsSync(p)) {
          expect(sha256File(p), `${f} after kill ${i}`).toBe(reference[f]);
          state.push(f);
        }
      }
      if (existsSync(path.join(out, 'summary.json'))) {
        expect(summaryWithoutTimings()).toBe(reference['summary.json']);
        state.push('summary.json');
      }
      // the checkpoint store opens after the kill
      const db = path.join(out, 'landwatch.duckdb');
      if (existsSync(db)) {
        const store = await openStore(db);
        const jobs = await store.jobs.list({ limit: 10, offset: 0 });
        const job = jobs.jobs[0];
        if (job) state.push(`job ${job.status}, detect tiles ${(await store.tiles.count(job.id, 'detect')).done}`);
        await store.close();
      } else state.push('no db yet');

      const resumed = await runDetect(null);
      // killed after the job was marked successful (all outputs already in place): the CLI refuses to
      // re-run a finished job (E_JOB_STATE, see cli.test.ts); the outputs are still checked below
      const finishedBefore = resumed.status === 1 && /^landwatch: E_JOB_STATE .*already successful\n?$/.test(resumed.stderr);
      if (finishedBefore) state.push('re-run: already successful');
      else expect(resumed.status, `re-run after kill ${i}: ${resumed.stderr}`).toBe(0);
      expect(fingerprint(), `outputs after kill ${i}`).toEqual(reference);
      states.push(state.join(', '));
    }
    console.log(`kill/resume (reference run ${fullMs} ms):\n  ${states.join('\n  ')}`);
  }, 900_000);
});
