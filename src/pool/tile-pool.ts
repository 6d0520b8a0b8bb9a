import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { PoolError } from './pool-error.ts';
import { LandwatchError } from '../util/landwatch-error.ts';
import { isWorkerReply } from './worker-reply.ts';
import { rebuildError } from './rebuild-error.ts';
import { tileWorkerUrl } from './worker-bundle.ts';
import type { RunOptions, TileRunner } from './tile-runner.ts';

export type { RunOptions, TileRunner };

export interface TilePoolOptions {
  /** worker threads; default: available cores */
  workers?: number;
  /** how many times a task is retried after a worker fault (throw, exit, out of memory) */
  retries?: number;
  /** worker module (file URL or path); default: the tile worker */
  filename?: string;
  /** heap cap per worker, so a runaway tile kills its worker and not the process */
  maxHeapMb?: number;
  /** called once per retried attempt (for logging) */
  onRetry?: (name: string, attempt: number, err: Error) => void;
  /** errors piscina raises outside any task; default: a process warning (late replies of cancelled tasks are dropped) */
  onPoolError?: (err: Error) => void;
}



/**
 * A piscina pool typed over a task map `{ name: [Task, Result] }`: `run('detect', task)` only accepts the
 * detect task and returns the detect result. Typed errors from workers are rebuilt; worker faults are
 * retried (piscina replaces a dead worker with a fresh one) and then fail with E_POOL_TASK_FAILED.
 */
export class TilePool<M extends { [K in keyof M]: [unknown, unknown] }> implements TileRunner<M> {
  readonly workers: number;
  readonly localFiles = true;
  private readonly piscina: Piscina;
  private readonly retries: number;
  private readonly onRetry?: TilePoolOptions['onRetry'];

  constructor(opts: TilePoolOptions = {}) {
    this.workers = Math.max(1, opts.workers ?? availableParallelism());
    this.retries = opts.retries ?? 2;
    this.onRetry = opts.onRetry;
    this.piscina = new Piscina({
      filename: opts.filename ?? tileWorkerUrl(),
      minThreads: this.workers,
      maxThreads: this.workers,
      idleTimeout: 30_000,
      workerData: {},
      resourceLimits: { maxOldGenerationSizeMb: opts.maxHeapMb ?? 4096 },
    });
    // Without a listener an EventEmitter 'error' is thrown: a worker that finishes a tile just as the
    // job cancels it (its task already rejected) would take the whole process down.
    this.piscina.on('error', opts.onPoolError ?? warnPoolError);
  }

  async run<K extends keyof M & string>(name: K, task: M[K][0], opts: RunOptions = {}): Promise<M[K][1]> {
    const label = opts.label ?? name;
    let lastFault: Error | null = null;
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (opts.signal?.aborted) throw new PoolError('E_POOL_ABORTED', `${label}: cancelled`, { tile: label });
      let reply: unknown;
      try {
        // tasks are cloned, not moved: a retry must see the same inputs
        reply = await this.piscina.run(task, { name, signal: opts.signal });
      } catch (err) {
        if (opts.signal?.aborted || (err as Error)?.name === 'AbortError') {
          throw new PoolError('E_POOL_ABORTED', `${label}: cancelled`, { tile: label });
        }
        lastFault = err instanceof Error ? err : new Error(String(err));
        if (attempt < this.retries) this.onRetry?.(name, attempt + 1, lastFault);
        continue;
      }
      if (!isWorkerReply(reply)) {
        throw new PoolError('E_POOL_BAD_REPLY', `${label}: worker replied with an unexpected value`, { tile: label });
      }
      if (!reply.ok) throw rebuildError(reply.error);
      return reply.result as M[K][1];
    }
    const attempts = this.retries + 1;
    throw new PoolError('E_POOL_TASK_FAILED', `${label}: failed ${attempts} times in its worker: ${lastFault?.message}`, {
      tile: label,
      attempts,
      cause: lastFault?.message,
    });
  }

  async destroy(): Promise<void> {
    await this.piscina.destroy();
  }
}

function warnPoolError(err: Error): void {
  if (/^Unexpected message from Worker/.test(err.message)) return;
  process.emitWarning(`tile pool: ${err.message}`, 'LandwatchPoolWarning');
}

export function isCancellation(err: unknown): boolean {
  return err instanceof LandwatchError && err.code === 'E_POOL_ABORTED';
}
