import { createHash } from 'node:crypto';
import type { TaskName } from '../pool/messages.ts';
import type { SerializedError } from '../util/landwatch-error.ts';

/**
 * What the coordinator and `landwatch worker` agree on: queue name, ids, Redis keys, and the shapes of a
 * BullMQ job's data, return value and failure reason. Everything arriving from Redis is `unknown` and is
 * narrowed here.
 */
export const DEFAULT_QUEUE = 'landwatch-tiles';
/** result blobs outlive a coordinator restart by this much; a resumed job picks them up instead of recomputing */
export const DEFAULT_RESULT_TTL_S = 3600;
/** BullMQ attempts per task: worker faults (crash, lost Redis) are retried, typed input errors never are */
export const DEFAULT_ATTEMPTS = 3;
export const DEFAULT_LOCK_MS = 30_000;

/** Every task of the task map (the compiler checks the list is complete). */
const TASK_NAMES: Readonly<Record<TaskName, true>> = {
  decode: true, stats: true, histogram: true, change: true, label: true, detectTile: true, sieveApply: true,
};

/** A task name of the task map; anything else arriving from Redis is not a landwatch tile task. */
export function isTaskName(v: unknown): v is TaskName {
  return typeof v === 'string' && Object.hasOwn(TASK_NAMES, v);
}

/** Tasks whose typed arrays exceed this travel as a binary blob in their own key, not in BullMQ's job hash. */
export const INLINE_TASK_BYTES = 16 * 1024;

/** The tile part of an id: the tile id when the task has one, else a digest of the encoded task (decode tasks). */
export function tileKeyOf(task: unknown, encoded: string | Uint8Array): string {
  const tile = (task as { tile?: { id?: unknown } }).tile;
  if (tile && typeof tile.id === 'number' && Number.isInteger(tile.id)) return String(tile.id);
  return `h${digest(encoded)}`;
}

/** Scope of a task run outside a job: a digest of name + encoded task, so the same work gets the same id. */
export function contentScope(name: string, encoded: string | Uint8Array): string {
  return `c${createHash('sha256').update(name).update('\n').update(encoded).digest('hex').slice(0, 16)}`;
}

function digest(s: string | Uint8Array): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 16);
}

/**
 * BullMQ job id `<jobId>.<pass>.<tileId>`: attempt-independent, so adding it again (a restarted coordinator)
 * dedupes against the waiting or running copy. BullMQ refuses ':' in custom ids, hence the dots.
 */
export function taskJobId(scope: string, pass: string, tileKey: string): string {
  return `${scope}.${pass}.${tileKey}`;
}

/** Where a large task waits for its worker (see TileJobData). */
export function taskKey(scope: string, pass: string, tileKey: string): string {
  return `lw:task:${scope}:${pass}:${tileKey}`;
}

/** Where a worker leaves the result blob (with a TTL); the coordinator reads and deletes it. */
export function resultKey(scope: string, pass: string, tileKey: string): string {
  return `lw:result:${scope}:${pass}:${tileKey}`;
}

/**
 * BullMQ job data. The task is either inline in queue JSON (`task`, see bullmq-codec.ts) or, when it carries
 * large arrays (label tasks carry the window's computed codes), a binary blob at `taskKey`.
 */
export interface TileJobData {
  v: 1;
  task?: unknown;
  taskKey?: string;
  resultKey: string;
  ttlS: number;
  /** 'tile 3,7', for errors and logs */
  label: string;
}

export function parseTileJobData(v: unknown): TileJobData | null {
  if (typeof v !== 'object' || v === null) return null;
  const d = v as Record<string, unknown>;
  if (d.v !== 1 || typeof d.resultKey !== 'string' || !d.resultKey.startsWith('lw:result:')) return null;
  if (typeof d.ttlS !== 'number' || !(d.ttlS > 0) || typeof d.label !== 'string') return null;
  const inline = typeof d.task === 'object' && d.task !== null;
  const byKey = typeof d.taskKey === 'string' && d.taskKey.startsWith('lw:task:');
  if (inline === byKey) return null;
  return inline
    ? { v: 1, task: d.task, resultKey: d.resultKey, ttlS: d.ttlS, label: d.label }
    : { v: 1, taskKey: d.taskKey as string, resultKey: d.resultKey, ttlS: d.ttlS, label: d.label };
}

/** What a worker returns through BullMQ (small; the result itself is in the blob at `key`). */
export interface TileJobReturn {
  key: string;
  /** '<host>:<pid>' of the worker process */
  worker: string;
  host: string;
  /** when the worker started the task (epoch ms, the worker's clock) */
  startedAt: number;
  /** time in the task handler */
  computeMs: number;
  /** handler + encoding + storing the blob */
  workerMs: number;
  /** BullMQ attemptsStarted when it succeeded: 1 = first try */
  attempt: number;
  bytes: number;
}

export function parseTileJobReturn(v: unknown): TileJobReturn | null {
  if (typeof v !== 'object' || v === null) return null;
  const r = v as Record<string, unknown>;
  const num = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
  if (typeof r.key !== 'string' || typeof r.worker !== 'string' || typeof r.host !== 'string') return null;
  if (!num(r.startedAt) || !num(r.computeMs) || !num(r.workerMs) || !num(r.attempt) || !num(r.bytes)) return null;
  return r as unknown as TileJobReturn;
}

/** A typed error as a BullMQ failure reason (BullMQ keeps only the message string). */
export function failureReason(err: SerializedError): string {
  return JSON.stringify({ lw: 1, code: err.code, name: err.name, message: err.message, details: err.details });
}

export function parseFailureReason(reason: string): SerializedError | null {
  if (!reason.startsWith('{')) return null;
  try {
    const e = JSON.parse(reason) as Record<string, unknown>;
    if (e.lw !== 1 || typeof e.code !== 'string' || typeof e.message !== 'string') return null;
    const details = typeof e.details === 'object' && e.details !== null ? (e.details as SerializedError['details']) : {};
    return { name: typeof e.name === 'string' ? e.name : 'LandwatchError', code: e.code, message: e.message, details };
  } catch {
    return null;
  }
}
