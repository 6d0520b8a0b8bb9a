import { Piscina } from 'piscina';
import { isLandwatchError } from '../util/landwatch-error.ts';
import type { WorkerReply } from './worker-reply.ts';

/**
 * Wraps a worker handler: typed errors become plain `{ code, message, details }` replies (deterministic
 * input errors, not retried); result buffers are moved, not copied. Anything else thrown propagates and
 * counts as a worker fault, which the pool retries.
 */
export function workerHandler<T, R>(
  fn: (task: T) => Promise<R> | R,
  transferables: (result: R) => ArrayBuffer[],
): (task: T) => Promise<unknown> {
  return async (task: T) => {
    let reply: WorkerReply<R>;
    try {
      const result = await fn(task);
      reply = { ok: true, result };
      const buffers = uniqueBuffers(transferables(result));
      const movable = { [Piscina.transferableSymbol]: buffers, [Piscina.valueSymbol]: reply };
      return Piscina.move(movable as unknown as Parameters<typeof Piscina.move>[0]);
    } catch (err) {
      if (!isLandwatchError(err)) throw err;
      reply = { ok: false, error: err.toJSON() };
      return reply;
    }
  };
}

function uniqueBuffers(list: ArrayBuffer[]): ArrayBuffer[] {
  const seen = new Set<ArrayBuffer>();
  for (const b of list) if (b.byteLength > 0 && !(b instanceof SharedArrayBuffer)) seen.add(b);
  return [...seen];
}
