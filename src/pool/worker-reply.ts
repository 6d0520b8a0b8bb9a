import type { SerializedError } from '../util/landwatch-error.ts';

/**
 * What a worker handler returns. Errors cross threads as plain data because structuredClone keeps only
 * message and stack of an Error; the pool rebuilds the typed error from `code`.
 */
export type WorkerReply<R> = { ok: true; result: R } | { ok: false; error: SerializedError };

export function isWorkerReply(value: unknown): value is WorkerReply<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const v = value as { ok: unknown; result?: unknown; error?: unknown };
  if (v.ok === true) return 'result' in v;
  if (v.ok !== false || typeof v.error !== 'object' || v.error === null) return false;
  const e = v.error as Record<string, unknown>;
  return typeof e.code === 'string' && typeof e.message === 'string';
}
