import { Job, Queue, QueueEvents } from 'bullmq';
import type { TaskMap } from '../pool/messages.ts';
import type { RunOptions, TileRunner } from '../pool/tile-runner.ts';
import { PoolError } from '../pool/pool-error.ts';
import { rebuildError } from '../pool/rebuild-error.ts';
import { JobError } from './jobs-error.ts';
import { decodeBlob, encodeBlob, toQueueJson, typedArrayBytes } from './bullmq-codec.ts';
import { bullmqConnection, closeRedis, duplicateRedis, openRedis, redactRedisUrl, type RedisClient } from './bullmq-connection.ts';
import {
  DEFAULT_ATTEMPTS,
  DEFAULT_QUEUE,
  DEFAULT_RESULT_TTL_S,
  INLINE_TASK_BYTES,
  contentScope,
  parseFailureReason,
  parseTileJobReturn,
  resultKey,
  taskJobId,
  taskKey,
  tileKeyOf,
  type TileJobData,
  type TileJobReturn,
} from './bullmq-protocol.ts';
import { BullmqStatsTracker, type BullmqStats } from './bullmq-stats.ts';
import { parseTaskResult } from './bullmq-result.ts';

export interface BullmqRunnerOptions {
  /** redis://host:port (rediss:// for TLS) */
  redisUrl: string;
  queue?: string;
  /**
   * Worker slots the coordinator keeps busy; the job runner keeps 2 tasks in flight per slot. Remote
   * workers are not counted: size this to the cluster's total `--concurrency`.
   */
  workers?: number;
  /** BullMQ attempts per task (worker faults); typed input errors fail at once */
  attempts?: number;
  /** how long a result blob waits in Redis for its coordinator */
  resultTtlS?: number;
  /** how often in-flight tasks are checked directly, in case an event was missed */
  pollMs?: number;
  /** decisions worth a log line (task stalled and retried, result reused) */
  onEvent?: (message: string, fields: Record<string, unknown>) => void;
}

/** One job's view of the runner (see BullmqRunner.forJob). */
export interface BullmqJobRunner extends TileRunner<TaskMap> {
  stats(): BullmqStats;
}

type Outcome = { kind: 'completed'; ret: unknown } | { kind: 'failed'; reason: string } | { kind: 'gone' } | { kind: 'stale' };

interface Waiter {
  settle: (o: Outcome) => void;
  since: number;
  stats: BullmqStatsTracker;
}

const RE_ENQUEUE_LIMIT = 3;

/**
 * One abort listener per signal, however many tasks wait on it (a job keeps dozens in flight on the same
 * signal; one listener each would trip Node's MaxListeners warning).
 */
const abortHooks = new WeakMap<AbortSignal, Set<() => void>>();

function onAbort(signal: AbortSignal, fn: () => void): () => void {
  let hooks = abortHooks.get(signal);
  if (!hooks) {
    const set = new Set<() => void>();
    hooks = set;
    abortHooks.set(signal, set);
    signal.addEventListener('abort', () => [...set].forEach((f) => f()), { once: true });
  }
  hooks.add(fn);
  return () => {
    hooks.delete(fn);
  };
}

/**
 * TileRunner over a BullMQ queue: every task becomes a BullMQ job with the attempt-independent id
 * `<jobId>.<pass>.<tileId>`, run by `landwatch worker` processes anywhere that see the same dataset paths.
 * Workers leave the result as a binary blob in `lw:result:<jobId>:<pass>:<tileId>` (with a TTL) and return
 * that key; the coordinator reads, deletes and decodes it. The job runner above is unchanged: it stitches,
 * checkpoints and writes outputs exactly as with the local pool.
 *
 * Exactly-once effect: BullMQ delivers at least once, results are idempotent, adding an id that is still
 * waiting or running dedupes, and a result left by a worker while the coordinator was down is reused.
 */
export class BullmqRunner implements TileRunner<TaskMap> {
  readonly workers: number;
  readonly queueName: string;
  private readonly waiters = new Map<string, Waiter>();
  private readonly leftovers = new Map<string, Promise<boolean>>();
  private readonly tracker: BullmqStatsTracker;
  private readonly attempts: number;
  private readonly ttlS: number;
  private readonly sweepTimer: NodeJS.Timeout;
  private closed = false;
  /** epoch ms: tasks added before this belong to an earlier coordinator run */
  private readonly connectedAt = Date.now();

  private constructor(
    private readonly opts: BullmqRunnerOptions,
    private readonly client: RedisClient,
    private readonly eventsClient: RedisClient,
    private readonly queue: Queue,
    private readonly events: QueueEvents,
  ) {
    this.workers = Math.max(1, opts.workers ?? 8);
    this.queueName = queue.name;
    this.attempts = Math.max(1, opts.attempts ?? DEFAULT_ATTEMPTS);
    this.ttlS = opts.resultTtlS ?? DEFAULT_RESULT_TTL_S;
    this.tracker = this.newTracker();
    events.on('completed', ({ jobId, returnvalue }) => this.waiters.get(jobId)?.settle({ kind: 'completed', ret: returnvalue }));
    events.on('failed', ({ jobId, failedReason }) => this.waiters.get(jobId)?.settle({ kind: 'failed', reason: failedReason }));
    events.on('stalled', ({ jobId }) => {
      const w = this.waiters.get(jobId);
      if (!w) return;
      w.stats.stalled();
      if (w.stats !== this.tracker) this.tracker.stalled();
      opts.onEvent?.('tile task stalled (worker lost); BullMQ hands it to another worker', { task: jobId });
    });
    events.on('error', () => undefined);
    const pollMs = opts.pollMs ?? 2000;
    this.sweepTimer = setInterval(() => void this.sweep(pollMs), pollMs);
    this.sweepTimer.unref();
  }

  /** Connects to Redis (failing fast with the URL named) and starts listening for task outcomes. */
  static async connect(opts: BullmqRunnerOptions): Promise<BullmqRunner> {
    const client = await openRedis(opts.redisUrl);
    const eventsClient = await duplicateRedis(client);
    const name = opts.queue ?? DEFAULT_QUEUE;
    const queue = new Queue(name, { connection: bullmqConnection(client) });
    queue.on('error', () => undefined);
    // read events from the stream's current end: an outcome published after this moment is never missed
    const last = (await client.xrevrange(queue.keys.events, '+', '-', 'COUNT', 1))[0]?.[0] ?? '0-0';
    const events = new QueueEvents(name, { connection: bullmqConnection(eventsClient), lastEventId: last });
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    return new BullmqRunner(opts, client, eventsClient, queue, events);
  }

  run<K extends keyof TaskMap & string>(name: K, task: TaskMap[K][0], opts: RunOptions = {}): Promise<TaskMap[K][1]> {
    return this.runScoped(null, this.tracker, name, task, opts);
  }

  /**
   * This runner seen by one job: task ids carry the job id (`<jobId>.<pass>.<tileId>`) and stats() counts
   * this job's tasks only. Destroying the view leaves the runner open.
   */
  forJob(jobId: string): BullmqJobRunner {
    const scope = jobId.replace(/[^\w-]/g, '_');
    const tracker = this.newTracker();
    return {
      workers: this.workers,
      run: (name, task, opts = {}) => this.runScoped(scope, tracker, name, task, opts),
      stats: () => tracker.snapshot(),
      destroy: async () => undefined,
    };
  }

  stats(): BullmqStats {
    return this.tracker.snapshot();
  }

  /** Tasks still queued (waiting, delayed, prioritized), optionally of one job: what a cancel must leave at 0. */
  async pendingTasks(jobId?: string): Promise<number> {
    const jobs = await this.queue.getJobs(['waiting', 'delayed', 'prioritized'], 0, -1);
    const prefix = jobId === undefined ? '' : `${jobId.replace(/[^\w-]/g, '_')}.`;
    return jobs.filter((j) => j && typeof j.id === 'string' && j.id.startsWith(prefix)).length;
  }

  /** Tasks a worker is running now, with the worker ('<host>:<pid>') that holds each. */
  async activeTasks(): Promise<Array<{ id: string; worker: string | null }>> {
    const jobs = await this.queue.getJobs(['active'], 0, -1);
    return jobs
      .filter((j) => j && typeof j.id === 'string')
      .map((j) => ({ id: j.id as string, worker: (j as { processedBy?: string }).processedBy ?? null }));
  }

  async destroy(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweepTimer);
    for (const w of this.waiters.values()) w.settle({ kind: 'failed', reason: 'the coordinator closed its queue connection' });
    await this.events.close().catch(() => undefined);
    await this.queue.close().catch(() => undefined);
    await closeRedis(this.eventsClient);
    await closeRedis(this.client);
  }

  private newTracker(): BullmqStatsTracker {
    return new BullmqStatsTracker(this.queue.name, redactRedisUrl(this.opts.redisUrl));
  }

  private async runScoped<K extends keyof TaskMap & string>(
    scopeOrNull: string | null,
    stats: BullmqStatsTracker,
    name: K,
    task: TaskMap[K][0],
    opts: RunOptions,
  ): Promise<TaskMap[K][1]> {
    const label = opts.label ?? name;
    const aborted = () => new PoolError('E_POOL_ABORTED', `${label}: cancelled`, { tile: label });
    if (this.closed) throw new JobError('E_JOB_BACKEND', `${label}: the queue connection is closed`);
    if (opts.signal?.aborted) throw aborted();
    // small tasks ride inline in the job (readable in Redis); large ones as a binary blob in their own key
    const inline = typedArrayBytes(task) <= INLINE_TASK_BYTES;
    const json = inline ? toQueueJson(task) : null;
    const encoded = inline ? JSON.stringify(json) : encodeBlob(task);
    const tileKey = tileKeyOf(task, encoded);
    const scope = scopeOrNull ?? contentScope(name, encoded);
    const id = taskJobId(scope, name, tileKey);
    const key = resultKey(scope, name, tileKey);
    const tKey = inline ? null : taskKey(scope, name, tileKey);
    const t0 = performance.now();
    const track = (f: (t: BullmqStatsTracker) => void) => {
      f(stats);
      if (stats !== this.tracker) f(this.tracker);
    };

    // a result a worker finished while no coordinator was waiting for it (restart): take it, don't recompute
    const early = scopeOrNull === null || (await this.mayHaveLeftovers(scope)) ? await this.takeResult(key) : null;
    if (early) {
      track((t) => t.resultRead(early.length));
      track((t) => t.completed(null, performance.now() - t0, null));
      this.opts.onEvent?.('tile result reused from Redis', { task: id });
      return parseTaskResult(name, decodeBlob(early, key), label) as TaskMap[K][1];
    }

    const data: TileJobData = tKey
      ? { v: 1, taskKey: tKey, resultKey: key, ttlS: this.ttlS, label }
      : { v: 1, task: json, resultKey: key, ttlS: this.ttlS, label };
    if (tKey) await this.client.set(tKey, encoded as Buffer, 'PX', this.ttlS * 1000);
    try {
      return await this.enqueueRounds(id, key, name, data, encoded.length, stats, label, opts, track);
    } finally {
      if (tKey) await this.client.del(tKey).catch(() => 0);
    }
  }

  private async enqueueRounds<K extends keyof TaskMap & string>(
    id: string,
    key: string,
    name: K,
    data: TileJobData,
    taskBytes: number,
    stats: BullmqStatsTracker,
    label: string,
    opts: RunOptions,
    track: (f: (t: BullmqStatsTracker) => void) => void,
  ): Promise<TaskMap[K][1]> {
    const aborted = () => new PoolError('E_POOL_ABORTED', `${label}: cancelled`, { tile: label });
    for (let round = 0; round < RE_ENQUEUE_LIMIT; round++) {
      track((t) => t.enqueued(taskBytes));
      const addedAt = Date.now();
      const tAdd = performance.now();
      const outcome = await this.enqueueAndWait(id, name, data, stats, opts.signal);
      if (outcome === 'aborted') {
        track((t) => t.cancelled());
        throw aborted();
      }
      if (outcome.kind === 'stale') {
        // the id deduped against a failure left by an earlier run: cleared, so add it afresh
        continue;
      }
      if (outcome.kind === 'failed') {
        const err = parseFailureReason(outcome.reason);
        track((t) => t.failed(typeof err?.details.workerId === 'string' ? err.details.workerId : null, typeof err?.details.worker === 'string' ? err.details.worker : null));
        if (err) throw rebuildError(err);
        throw new PoolError('E_POOL_TASK_FAILED', `${label}: failed ${this.attempts} times on the queue's workers: ${outcome.reason}`, {
          tile: label,
          task: id,
          attempts: this.attempts,
          cause: outcome.reason,
        });
      }
      const ret = outcome.kind === 'completed' ? parseTileJobReturn(outcome.ret) : null;
      const blob = await this.takeResult(key);
      if (!blob) {
        // finished but its blob expired or was taken: run it again
        this.opts.onEvent?.('tile result missing in Redis; task enqueued again', { task: id, key });
        continue;
      }
      const result = parseTaskResult(name, decodeBlob(blob, key), label) as TaskMap[K][1];
      track((t) => t.resultRead(blob.length));
      track((t) => t.completed(ret, performance.now() - tAdd, addedAt));
      return result;
    }
    throw new PoolError('E_POOL_TASK_FAILED', `${label}: its result never arrived in Redis after ${RE_ENQUEUE_LIMIT} tries`, { tile: label, task: id, key });
  }

  /** Adds the task (deduped by id) and waits for its outcome; 'aborted' after removing it from the queue. */
  private enqueueAndWait(id: string, name: string, data: TileJobData, stats: BullmqStatsTracker, signal?: AbortSignal): Promise<Outcome | 'aborted'> {
    return new Promise((resolve, reject) => {
      let settled = false;
      let unhook: () => void = () => undefined;
      const finish = (o: Outcome | 'aborted') => {
        if (settled) return;
        settled = true;
        this.waiters.delete(id);
        unhook();
        resolve(o);
      };
      const cancel = () => {
        // a waiting task goes; a running one cannot be removed (locked) and leaves its blob to expire
        void this.queue.remove(id).catch(() => 0).finally(() => finish('aborted'));
      };
      this.waiters.set(id, { settle: finish, since: performance.now(), stats });
      if (signal) unhook = onAbort(signal, cancel);
      this.queue
        .add(name, data, {
          jobId: id,
          attempts: this.attempts,
          backoff: { type: 'fixed', delay: 500 },
          removeOnComplete: true,
          removeOnFail: { age: 24 * 3600, count: 1000 },
        })
        .then(() => {
          // outcomes arrive as events; a task that deduped against a finished or vanished one is found by
          // the sweep (rare: a re-run after a failure, a flushed Redis)
          if (signal?.aborted) cancel();
        })
        .catch((err: unknown) => {
          this.waiters.delete(id);
          unhook();
          settled = true;
          reject(new JobError('E_JOB_BACKEND', `cannot enqueue ${id} on ${this.queue.name}: ${(err as Error).message}`, { task: id }));
        });
    });
  }

  /**
   * Looks at a task directly: finished before we listened, or vanished (removed by hand, Redis flushed).
   * A failed task that was added before this runner connected is a corpse of an earlier run (adding the id
   * deduped against it): it is removed and reported stale, so the caller adds it again.
   */
  private async check(id: string): Promise<void> {
    const w = this.waiters.get(id);
    if (!w) return;
    try {
      const state = await this.queue.getJobState(id);
      if (state === 'unknown') w.settle({ kind: 'gone' });
      if (state !== 'completed' && state !== 'failed') return;
      const job = await Job.fromId(this.queue, id);
      if (!job) w.settle({ kind: 'gone' });
      else if (state === 'completed') w.settle({ kind: 'completed', ret: job.returnvalue });
      else if (job.timestamp < this.connectedAt) {
        await this.queue.remove(id).catch(() => 0);
        w.settle({ kind: 'stale' });
      } else w.settle({ kind: 'failed', reason: job.failedReason });
    } catch {
      // Redis hiccup: the next sweep looks again
    }
  }

  private async sweep(pollMs: number): Promise<void> {
    const now = performance.now();
    for (const [id, w] of this.waiters) if (now - w.since >= pollMs) await this.check(id);
  }

  /**
   * Whether results of this scope may sit in Redis from before this runner connected (a restarted
   * coordinator). Looked up once per scope, so a fresh job does not pay a GET per task.
   */
  private mayHaveLeftovers(scope: string): Promise<boolean> {
    let p = this.leftovers.get(scope);
    if (!p) {
      p = this.client.scan('0', 'MATCH', `lw:result:${scope}:*`, 'COUNT', 1000).then(async ([cursor, keys]) => {
        let next = cursor;
        let found = keys.length > 0;
        while (!found && next !== '0') {
          const [c, k] = await this.client.scan(next, 'MATCH', `lw:result:${scope}:*`, 'COUNT', 1000);
          next = c;
          found = k.length > 0;
        }
        return found;
      });
      this.leftovers.set(scope, p);
    }
    return p;
  }

  /** GET + DEL in one round trip. */
  private async takeResult(key: string): Promise<Buffer | null> {
    const replies = await this.client.multi().getBuffer(key).del(key).exec();
    const [err, blob] = replies?.[0] ?? [null, null];
    if (err) throw new JobError('E_JOB_BACKEND', `cannot read ${key}: ${err.message}`, { key });
    return Buffer.isBuffer(blob) ? blob : null;
  }
}

export type { BullmqStats, TileJobReturn };
