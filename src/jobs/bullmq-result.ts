import type { TaskMap, TaskName } from '../pool/messages.ts';
import { PoolError } from '../pool/pool-error.ts';

/**
 * Narrows a decoded result blob (unknown: it came through Redis) to the result of its task. The task map
 * is types only, so this checks the form every result has: a plain object of numbers, typed arrays and
 * nested plain data (what the codec can carry). A blob of another form is E_POOL_BAD_REPLY naming the tile.
 */
export function parseTaskResult<K extends TaskName>(name: K, value: unknown, label: string): TaskMap[K][1] {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value)) {
    throw new PoolError('E_POOL_BAD_REPLY', `${label}: ${name} result from the queue is not an object`, { tile: label });
  }
  for (const [field, v] of Object.entries(value)) {
    const ok = v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'object';
    if (!ok) throw new PoolError('E_POOL_BAD_REPLY', `${label}: ${name} result from the queue has an unreadable ${field}`, { tile: label });
  }
  return value as TaskMap[K][1];
}
