import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { TaskMap } from '../pool/messages.ts';
import type { TileRunner } from '../pool/tile-runner.ts';
import type { Store } from '../store/index.ts';
import type { DetectParams, JobRecord, JobService, ProcessId } from './job-types.ts';
import { ensureJob, runStoredJob, toJobRecord } from './job-runner.ts';
import { JobError } from './jobs-error.ts';

export interface LocalJobServiceOptions {
  store: Store;
  pool: TileRunner<TaskMap>;
  /** jobs running at once; their tiles share the one pool */
  concurrency?: number;
  /** accepted jobs waiting beyond this are refused (back-pressure instead of unbounded memory) */
  maxQueued?: number;
  onDecision?: (message: string, fields: Record<string, unknown>) => void;
  onError?: (jobId: string, err: unknown) => void;
}

const FINAL = new Set(['successful', 'failed', 'dismissed']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The embedded job system: jobs persist in the store, run on the shared worker pool with bounded
 * concurrency, and unfinished jobs (accepted or running when the process died) resume on start().
 */
export class LocalJobService implements JobService {
  private readonly queue: string[] = [];
  private readonly running = new Map<string, AbortController>();
  private readonly waiters = new Map<string, Array<() => void>>();
  private readonly concurrency: number;
  private readonly maxQueued: number;
  private stopped = false;
  /** submissions between the back-pressure check and their place in the queue */
  private submitting = 0;

  constructor(private readonly opts: LocalJobServiceOptions) {
    this.concurrency = Math.max(1, opts.concurrency ?? 1);
    this.maxQueued = opts.maxQueued ?? 100;
  }

  /** Re-queues jobs left accepted or running by a previous process. */
  async start(): Promise<number> {
    const unfinished = await this.opts.store.jobs.listUnfinished();
    for (const j of unfinished) this.enqueue(j.id);
    return unfinished.length;
  }

  async submit(processId: ProcessId, params: DetectParams): Promise<JobRecord> {
    // count submissions still being stored too: they all passed this check before any reached the queue
    if (this.queue.length + this.submitting >= this.maxQueued) {
      throw new JobError('E_JOB_BUSY', `${this.queue.length + this.submitting} jobs are already waiting; try again later`);
    }
    this.submitting++;
    try {
      const folder = basename(params.outDir);
      const id = UUID.test(folder) ? folder : randomUUID();
      const job = await ensureJob(this.opts.store, id, processId, params);
      this.enqueue(id);
      return toJobRecord(job);
    } finally {
      this.submitting--;
    }
  }

  async get(id: string): Promise<JobRecord | null> {
    const j = await this.opts.store.jobs.get(id);
    return j ? toJobRecord(j) : null;
  }

  async list(o: { limit: number; offset: number }): Promise<{ jobs: JobRecord[]; total: number }> {
    const { jobs, total } = await this.opts.store.jobs.list(o);
    return { jobs: jobs.map(toJobRecord), total };
  }

  async dismiss(id: string): Promise<JobRecord | null> {
    const job = await this.opts.store.jobs.get(id);
    if (!job) return null;
    const ac = this.running.get(id);
    if (ac) {
      ac.abort(new Error('dismissed'));
      await this.waitFor(id, 60_000);
    } else if (!FINAL.has(job.status)) {
      const at = this.queue.indexOf(id);
      if (at >= 0) this.queue.splice(at, 1);
      await this.opts.store.jobs.update(id, { status: 'dismissed', finished: new Date().toISOString(), message: 'dismissed' });
      this.settle(id);
    }
    return this.get(id);
  }

  async results(id: string): Promise<Record<string, string> | null> {
    const job = await this.opts.store.jobs.get(id);
    if (!job || job.status !== 'successful') return null;
    const outDir = (job.params as { outDir?: string }).outDir;
    if (!outDir) return null;
    const summary = JSON.parse(await readFile(`${outDir}/summary.json`, 'utf8')) as { files?: Record<string, string> };
    const files: Record<string, string> = {};
    for (const path of Object.values(summary.files ?? {})) files[basename(path)] = path;
    return files;
  }

  async waitFor(id: string, timeoutMs: number): Promise<JobRecord | null> {
    const job = await this.get(id);
    if (!job || FINAL.has(job.status)) return job;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      const list = this.waiters.get(id) ?? [];
      list.push(done);
      this.waiters.set(id, list);
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
    return this.get(id);
  }

  /** Stops scheduling; running jobs are aborted (they resume on the next start()). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.length = 0;
    const ids = [...this.running.keys()];
    for (const ac of this.running.values()) ac.abort(new Error('server stopping'));
    await Promise.all(ids.map((id) => this.waitFor(id, 30_000)));
  }

  private enqueue(id: string): void {
    if (this.queue.includes(id) || this.running.has(id)) return;
    this.queue.push(id);
    this.pump();
  }

  private pump(): void {
    while (!this.stopped && this.running.size < this.concurrency && this.queue.length > 0) {
      const id = this.queue.shift() as string;
      const ac = new AbortController();
      this.running.set(id, ac);
      void this.run(id, ac);
    }
  }

  private async run(id: string, ac: AbortController): Promise<void> {
    try {
      await runStoredJob({ store: this.opts.store, pool: this.opts.pool, jobId: id, signal: ac.signal, onDecision: this.opts.onDecision });
    } catch (err) {
      // the job record carries the error; stopping the server leaves the job "running" to resume later
      if (this.stopped && ac.signal.aborted) await this.opts.store.jobs.update(id, { status: 'running' }).catch(() => undefined);
      else this.opts.onError?.(id, err);
    } finally {
      this.running.delete(id);
      this.settle(id);
      this.pump();
    }
  }

  private settle(id: string): void {
    const list = this.waiters.get(id);
    this.waiters.delete(id);
    for (const w of list ?? []) w();
  }
}
