import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { TaskMap } from '../pool/messages.ts';
import type { TileRunner } from '../pool/tile-runner.ts';
import { TilePool } from '../pool/tile-pool.ts';
import { isLandwatchError } from '../util/landwatch-error.ts';
import { decodeBlob, encodeBlob, fromQueueJson } from './bullmq-codec.ts';
import { JobError } from './jobs-error.ts';
import { bullmqConnection, closeRedis, openRedis } from './bullmq-connection.ts';
import { DEFAULT_LOCK_MS, DEFAULT_QUEUE, failureReason, isTaskName, parseTileJobData, type TileJobData, type TileJobReturn } from './bullmq-protocol.ts';

export interface TileWorkerOptions {
  redisUrl: string;
  queue?: string;
  /** tasks at once in this process (one worker thread each); default 1 */
  concurrency?: number;
  /** BullMQ lock per task; a worker that dies mid-task loses it after this long and another one takes over */
  lockDurationMs?: number;
  /** how often this worker looks for stalled tasks (default: half the lock) */
  stalledIntervalMs?: number;
  /** fault injection for tests: wait this long before each task */
  taskDelayMs?: number;
  /** runs the handlers; default: a TilePool of `concurrency` threads with no local retries (BullMQ retries) */
  runner?: TileRunner<TaskMap>;
  /** one line per decision (task failed, stalled task taken over) */
  onEvent?: (level: 'info' | 'warn', message: string, fields: Record<string, unknown>) => void;
}

export interface TileWorkerStats {
  worker: string;
  host: string;
  tasks: number;
  failures: number;
  computeMs: number;
}

export interface TileWorkerHandle {
  /** '<host>:<pid>', as BullMQ records it in each task's processedBy */
  readonly id: string;
  stats(): TileWorkerStats;
  /** stops taking tasks, lets running ones finish, closes threads and connections */
  close(): Promise<void>;
}

/**
 * `landwatch worker`: takes tile tasks from the queue and runs the same handlers as the local pool
 * (src/pool/tasks/*), in worker threads so the event loop stays free to renew BullMQ locks. Results go to
 * Redis as one binary blob under the key the task names. A typed error (a dataset this machine cannot read)
 * fails the task at once, naming the file and this host; anything else is a worker fault that BullMQ retries.
 */
export async function startTileWorker(opts: TileWorkerOptions): Promise<TileWorkerHandle> {
  const host = hostname();
  const id = `${host}:${process.pid}`;
  const concurrency = Math.max(1, opts.concurrency ?? 1);
  const lockDuration = opts.lockDurationMs ?? DEFAULT_LOCK_MS;
  const client = await openRedis(opts.redisUrl);
  const runner = opts.runner ?? new TilePool<TaskMap>({ workers: concurrency, retries: 0 });
  const totals = { tasks: 0, failures: 0, computeMs: 0 };

  const process_ = async (job: Job): Promise<TileJobReturn> => {
    const data = parseTileJobData(job.data);
    if (!data || !isTaskName(job.name)) {
      throw new UnrecoverableError(failureReason({ name: 'PoolError', code: 'E_POOL_BAD_REPLY', message: `task ${job.id} is not a landwatch tile task on worker ${host}`, details: { worker: host, workerId: id } }));
    }
    const startedAt = Date.now();
    if (opts.taskDelayMs) await sleep(opts.taskDelayMs);
    const t0 = performance.now();
    let result: unknown;
    try {
      // the task came from our coordinator through Redis; its shape is the task map's for this name
      result = await runner.run(job.name, (await loadTask(data)) as TaskMap[typeof job.name][0], { label: data.label });
    } catch (err) {
      totals.failures++;
      if (isLandwatchError(err) && err.code !== 'E_POOL_TASK_FAILED') {
        const e = err.toJSON();
        opts.onEvent?.('warn', 'tile task failed', { task: job.id, code: e.code, err: e.message });
        throw new UnrecoverableError(failureReason({ ...e, message: `${e.message} on worker ${host}`, details: { ...e.details, worker: host, workerId: id } }));
      }
      opts.onEvent?.('warn', 'tile task fault; BullMQ retries it', { task: job.id, attempt: job.attemptsStarted, err: (err as Error).message });
      throw new Error(`${data.label}: ${(err as Error).message} on worker ${host}`);
    }
    const computeMs = performance.now() - t0;
    const blob = encodeBlob(result);
    await client.set(data.resultKey, blob, 'PX', Math.round(data.ttlS * 1000));
    totals.tasks++;
    totals.computeMs += computeMs;
    return {
      key: data.resultKey,
      worker: id,
      host,
      startedAt,
      computeMs,
      workerMs: performance.now() - t0,
      attempt: job.attemptsStarted,
      bytes: blob.byteLength,
    };
  };

  const loadTask = async (data: TileJobData): Promise<unknown> => {
    if (data.task !== undefined) return fromQueueJson(data.task);
    const key = data.taskKey as string;
    const blob = await client.getBuffer(key);
    if (!blob) throw new JobError('E_JOB_BACKEND', `${data.label}: task blob ${key} is gone from Redis (expired, or its job was cancelled)`, { key });
    return decodeBlob(blob, key);
  };

  let worker: Worker;
  try {
    worker = new Worker(opts.queue ?? DEFAULT_QUEUE, process_, {
      connection: bullmqConnection(client),
      name: id,
      concurrency,
      lockDuration,
      stalledInterval: opts.stalledIntervalMs ?? Math.max(500, Math.round(lockDuration / 2)),
      // a killed worker's task is handed on; only a task that keeps killing its workers fails
      maxStalledCount: 3,
      // results live in their own keys: keep BullMQ's copies small
      removeOnComplete: { count: 0 },
      removeOnFail: { age: 24 * 3600, count: 1000 },
    });
    worker.on('error', (err) => opts.onEvent?.('warn', 'queue connection error', { err: err.message }));
    await worker.waitUntilReady();
  } catch (err) {
    await runner.destroy();
    await closeRedis(client);
    throw err;
  }

  let closing: Promise<void> | null = null;
  return {
    id,
    stats: () => ({ worker: id, host, ...totals, computeMs: Math.round(totals.computeMs) }),
    close: () => {
      closing ??= (async () => {
        await worker.close();
        await runner.destroy();
        await closeRedis(client);
      })();
      return closing;
    },
  };
}
