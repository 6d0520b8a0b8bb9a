import type { TileJobReturn } from './bullmq-protocol.ts';

/** Per worker process, as the coordinator saw its results. */
export interface BullmqWorkerStats {
  /** '<host>:<pid>' */
  worker: string;
  host: string;
  tasks: number;
  /** time in the task handlers */
  computeMs: number;
  /** tasks per second of wall time since the coordinator enqueued its first task */
  tasksPerS: number;
  /** tasks that succeeded here after an earlier attempt failed or stalled elsewhere */
  retried: number;
  /** tasks that failed for good here */
  failures: number;
}

/** What `BullmqRunner.stats()` returns; the job summary keeps it as `backend`. */
export interface BullmqStats {
  kind: 'bullmq';
  queue: string;
  redis: string;
  tasks: {
    enqueued: number;
    completed: number;
    /** results found in Redis from before a coordinator restart (not recomputed) */
    reused: number;
    failed: number;
    cancelled: number;
    /** attempts beyond the first over all completed tasks */
    retriedAttempts: number;
    /** BullMQ stalled events (a worker died or lost its lock mid-task) */
    stalled: number;
  };
  computeMs: number;
  /** bytes through Redis: encoded tasks the coordinator sent, result blobs it read */
  bytes: { tasks: number; results: number };
  /** mean per task, enqueue → result decoded on the coordinator */
  roundTripMsPerTask: number;
  /** mean per task, enqueue → a worker starts it (waiting for a free worker; across machines, clock skew adds in) */
  queueWaitMsPerTask: number;
  /** mean per task of round trip − queue wait − handler time: the queue's own cost (Redis, codec, events) */
  overheadMsPerTask: number;
  /** mean per task of the worker's own overhead: encoding the result and storing it in Redis */
  workerOverheadMsPerTask: number;
  workers: BullmqWorkerStats[];
}

const r1 = (v: number) => Math.round(v * 10) / 10;

/** Counts what a BullmqRunner (or one job's view of it) did. */
export class BullmqStatsTracker {
  private readonly t0 = performance.now();
  private readonly tasks = { enqueued: 0, completed: 0, reused: 0, failed: 0, cancelled: 0, retriedAttempts: 0, stalled: 0 };
  private computeMs = 0;
  private readonly bytes = { tasks: 0, results: 0 };
  private overheadMs = 0;
  private roundTripMs = 0;
  private queueWaitMs = 0;
  private workerOverheadMs = 0;
  private timed = 0;
  private readonly workers = new Map<string, { host: string; tasks: number; computeMs: number; retried: number; failures: number; lastAt: number }>();

  constructor(
    private readonly queue: string,
    private readonly redis: string,
  ) {}

  enqueued(taskBytes: number): void {
    this.tasks.enqueued++;
    this.bytes.tasks += taskBytes;
  }

  resultRead(bytes: number): void {
    this.bytes.results += bytes;
  }

  /** `addedAt`: epoch ms when the coordinator enqueued the task (null for a reused result) */
  completed(ret: TileJobReturn | null, roundTripMs: number, addedAt: number | null): void {
    const reused = addedAt === null;
    this.tasks.completed++;
    if (reused) this.tasks.reused++;
    if (!ret) return;
    const w = this.worker(ret.worker, ret.host);
    w.tasks++;
    w.computeMs += ret.computeMs;
    w.lastAt = performance.now();
    if (ret.attempt > 1) {
      w.retried++;
      this.tasks.retriedAttempts += ret.attempt - 1;
    }
    this.computeMs += ret.computeMs;
    if (addedAt !== null) {
      const waitMs = Math.max(0, Math.min(roundTripMs - ret.workerMs, ret.startedAt - addedAt));
      this.roundTripMs += roundTripMs;
      this.queueWaitMs += waitMs;
      this.overheadMs += Math.max(0, roundTripMs - waitMs - ret.computeMs);
      this.workerOverheadMs += Math.max(0, ret.workerMs - ret.computeMs);
      this.timed++;
    }
  }

  failed(worker: string | null, host: string | null): void {
    this.tasks.failed++;
    if (worker) this.worker(worker, host ?? worker.replace(/:\d+$/, '')).failures++;
  }

  cancelled(): void {
    this.tasks.cancelled++;
  }

  stalled(): void {
    this.tasks.stalled++;
  }

  snapshot(): BullmqStats {
    const workers = [...this.workers.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([worker, w]) => ({
        worker,
        host: w.host,
        tasks: w.tasks,
        computeMs: r1(w.computeMs),
        tasksPerS: w.tasks > 0 ? r1((w.tasks * 1000) / Math.max(1, w.lastAt - this.t0)) : 0,
        retried: w.retried,
        failures: w.failures,
      }));
    return {
      kind: 'bullmq',
      queue: this.queue,
      redis: this.redis,
      tasks: { ...this.tasks },
      computeMs: r1(this.computeMs),
      bytes: { ...this.bytes },
      roundTripMsPerTask: this.timed ? r1(this.roundTripMs / this.timed) : 0,
      queueWaitMsPerTask: this.timed ? r1(this.queueWaitMs / this.timed) : 0,
      overheadMsPerTask: this.timed ? r1(this.overheadMs / this.timed) : 0,
      workerOverheadMsPerTask: this.timed ? r1(this.workerOverheadMs / this.timed) : 0,
      workers,
    };
  }

  private worker(id: string, host: string) {
    let w = this.workers.get(id);
    if (!w) {
      w = { host, tasks: 0, computeMs: 0, retried: 0, failures: 0, lastAt: this.t0 };
      this.workers.set(id, w);
    }
    return w;
  }
}
