import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { LandwatchError } from '../util/landwatch-error.ts';
import type { TaskMap } from '../pool/messages.ts';
import type { TileRunner } from '../pool/tile-runner.ts';
import type { Store, StoredJob } from '../store/index.ts';
import { JobError } from './jobs-error.ts';
import type { DetectParams, JobPhase, JobProgress, JobRecord, ProcessId } from './job-types.ts';
import { runDetectJob, type DetectSummary } from './run-detect.ts';

/** Share of the whole job each phase stands for, for one overall percentage. */
const PHASE_WEIGHT: Record<string, [number, number]> = {
  plan: [0, 1],
  stats: [1, 15],
  histogram: [16, 20],
  detect: [36, 54],
  stitch: [90, 5],
  export: [95, 5],
};

/** Same inputs and parameters → same id, so re-running an interrupted `detect` resumes it. */
export function jobIdFor(processId: ProcessId, params: DetectParams): string {
  // mmuMode 'drop' is the default and hashes as absent, so drop-mode ids stay what they were before the option
  const canon = {
    processId, ...params, epochA: resolve(params.epochA), epochB: resolve(params.epochB), outDir: resolve(params.outDir), workers: undefined,
    mmuMode: params.mmuMode === 'merge' ? 'merge' : undefined,
  };
  return createHash('sha256').update(JSON.stringify(canon)).digest('hex').slice(0, 16);
}

export function toJobRecord(j: StoredJob): JobRecord {
  return j as unknown as JobRecord;
}

export interface RunJobOptions {
  store: Store;
  pool: TileRunner<TaskMap>;
  jobId: string;
  signal?: AbortSignal;
  onProgress?: (phase: string, done: number, total: number, pixels: number) => void;
  onDecision?: (message: string, fields: Record<string, unknown>) => void;
}

/**
 * Runs a stored job to a final status: running → successful | failed | dismissed (when its signal is
 * aborted). Progress is persisted at most once a second; the error of a failed job is stored with its code.
 */
export async function runStoredJob(opts: RunJobOptions): Promise<DetectSummary> {
  const { store, jobId } = opts;
  const job = await store.jobs.get(jobId);
  if (!job) throw new JobError('E_JOB_NOT_FOUND', `no job ${jobId} in ${store.path}`);
  if (job.status === 'successful' || job.status === 'dismissed') {
    throw new JobError('E_JOB_STATE', `job ${jobId} is already ${job.status}`);
  }
  const params = job.params as unknown as DetectParams;
  const now = () => new Date().toISOString();
  await store.jobs.update(jobId, { status: 'running', started: job.started ?? now(), error: null, message: job.started ? 'resumed' : null });
  if (job.started) opts.onDecision?.('job resumed', { jobId });
  const startedAt = performance.now();
  let lastSave = 0;
  let saving: Promise<unknown> = Promise.resolve();
  const progress = (phase: string, done: number, total: number, pixels: number) => {
    opts.onProgress?.(phase, done, total, pixels);
    const t = performance.now();
    if (t - lastSave < 1000 && done !== total) return;
    lastSave = t;
    const p = jobProgress(phase as JobPhase, done, total, (t - startedAt) / 1000);
    saving = saving.then(() => store.jobs.setProgress(jobId, p)).catch(() => undefined);
  };
  try {
    const pool = opts.pool.forJob?.(jobId) ?? opts.pool;
    const summary = await runDetectJob({ jobId, params, store, pool, signal: opts.signal, onProgress: progress, onDecision: opts.onDecision });
    await saving;
    await store.jobs.update(jobId, {
      status: 'successful',
      finished: now(),
      message: `${summary.patches.count} patches`,
      progress: { phase: 'done', tilesDone: summary.tiles.count, tilesTotal: summary.tiles.count, percent: 100, etaSeconds: 0 },
    });
    return summary;
  } catch (err) {
    await saving;
    if (opts.signal?.aborted) {
      await store.jobs.update(jobId, { status: 'dismissed', finished: now(), message: 'dismissed' });
      throw new JobError('E_JOB_CANCELLED', `job ${jobId} was cancelled; finished tiles are kept`);
    }
    const e = err instanceof LandwatchError ? err : null;
    await store.jobs.update(jobId, {
      status: 'failed',
      finished: now(),
      error: { code: e?.code ?? 'E_INTERNAL', message: err instanceof Error ? err.message : String(err), details: e?.details },
    });
    throw err;
  }
}

/** Inserts the job if it is new (accepted); an existing job with the same id is left as it is. */
export async function ensureJob(store: Store, id: string, processId: ProcessId, params: DetectParams): Promise<StoredJob> {
  const existing = await store.jobs.get(id);
  if (existing) return existing;
  const now = new Date().toISOString();
  await store.jobs.insert({
    id,
    processId,
    status: 'accepted',
    params,
    progress: { phase: 'queued', tilesDone: 0, tilesTotal: 0, percent: 0, etaSeconds: null },
    message: null,
    error: null,
    created: now,
    started: null,
    finished: null,
    updated: now,
  });
  const job = await store.jobs.get(id);
  if (!job) throw new JobError('E_JOB_FAILED', `job ${id} could not be stored`);
  return job;
}

function jobProgress(phase: JobPhase, done: number, total: number, elapsedS: number): JobProgress {
  const [start, span] = PHASE_WEIGHT[phase] ?? [0, 0];
  const frac = total > 0 ? done / total : 0;
  const percent = Math.min(99, Math.round(start + span * frac));
  const eta = percent > 2 ? (elapsedS * (100 - percent)) / percent : null;
  return { phase, tilesDone: done, tilesTotal: total, percent, etaSeconds: eta === null ? null : Math.round(eta) };
}
