import { LandwatchError, type ErrorDetails } from '../util/landwatch-error.ts';

/** Stable codes of the pool room, each with its one-line meaning. */
export const POOL_CODES = {
  E_POOL_TASK_FAILED: 'a tile task failed in its worker after all retries',
  E_POOL_WORKER_CRASHED: 'a worker exited or ran out of memory while running a task',
  E_POOL_ABORTED: 'the task was cancelled',
  E_POOL_BAD_REPLY: 'a worker replied with something that is not the expected result',
} as const;

export type PoolCode = keyof typeof POOL_CODES;

export class PoolError extends LandwatchError {
  constructor(code: PoolCode, message: string, details: ErrorDetails = {}) {
    super(code, message, details);
  }
}
