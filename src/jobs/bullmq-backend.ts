import type { TaskMap } from '../pool/messages.ts';
import type { TileRunner } from '../pool/tile-runner.ts';
import { TilePool } from '../pool/tile-pool.ts';
import { JobError } from './jobs-error.ts';

export type TileBackend = 'local' | 'bullmq';
export const TILE_BACKENDS: readonly TileBackend[] = ['local', 'bullmq'];

export interface TileBackendOptions {
  backend: TileBackend;
  /** local: worker threads; bullmq: worker slots the coordinator keeps busy (default 8) */
  workers?: number;
  /** bullmq: redis://host:port */
  redisUrl?: string;
  /** bullmq: queue name */
  queue?: string;
  onRetry?: (name: string, attempt: number, err: Error) => void;
  onEvent?: (message: string, fields: Record<string, unknown>) => void;
}

/** What runs the tiles of `detect` and `serve`: the local thread pool, or BullMQ workers on other machines. */
export async function openTileBackend(o: TileBackendOptions): Promise<TileRunner<TaskMap>> {
  if (o.backend === 'local') return new TilePool<TaskMap>({ workers: o.workers, onRetry: o.onRetry });
  if (!o.redisUrl) throw new JobError('E_JOB_BACKEND', 'the bullmq backend needs a Redis URL (--redis redis://host:port)');
  // loaded only here: bullmq and its Redis client cost ~0.1 s of start-up that local runs do not need
  const { BullmqRunner } = await import('./bullmq-runner.ts');
  return BullmqRunner.connect({ redisUrl: o.redisUrl, queue: o.queue, workers: o.workers, onEvent: o.onEvent });
}
