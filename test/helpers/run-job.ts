import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { openStore, type Store } from '../../src/store/index.ts';
import { TilePool } from '../../src/pool/tile-pool.ts';
import type { TaskMap } from '../../src/pool/messages.ts';
import { DETECT_DEFAULTS, type DetectParams } from '../../src/jobs/job-types.ts';
import { runDetectJob, type DetectSummary } from '../../src/jobs/index.ts';
import { generateSample, type SampleResult } from '../../src/sample/index.ts';

export function tmp(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `lw-${prefix}-`));
}

const samples = new Map<string, Promise<SampleResult>>();

/** One generated sample per (size, seed) per test process. */
export function sample(size = 1024, seed = 1): Promise<SampleResult> {
  const key = `${size}:${seed}`;
  let p = samples.get(key);
  if (!p) {
    p = generateSample({ outDir: join(tmp('sample'), `s${size}`), size, seed });
    samples.set(key, p);
  }
  return p;
}

export function params(over: Partial<DetectParams> & Pick<DetectParams, 'epochA' | 'epochB' | 'outDir'>): DetectParams {
  return {
    mode: 'spectral',
    threshold: DETECT_DEFAULTS.threshold,
    mmuM2: DETECT_DEFAULTS.mmuM2,
    openRadiusPx: DETECT_DEFAULTS.openRadiusPx,
    closeRadiusPx: DETECT_DEFAULTS.closeRadiusPx,
    connectivity: DETECT_DEFAULTS.connectivity,
    tileSizePx: DETECT_DEFAULTS.tileSizePx,
    normalize: DETECT_DEFAULTS.normalize,
    ...over,
  };
}

/** Runs a detect job in-process with a fresh in-memory store. */
export async function runJob(p: DetectParams, pool: TilePool<TaskMap>, jobId = 'test-job'): Promise<{ summary: DetectSummary; store: Store }> {
  const store = await openStore(':memory:');
  const summary = await runDetectJob({ jobId, params: p, store, pool });
  return { summary, store };
}

export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
