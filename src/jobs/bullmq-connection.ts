import { createRequire } from 'node:module';
import type { ConnectionOptions } from 'bullmq';
import { JobError } from './jobs-error.ts';

/**
 * Redis connections for the BullMQ backend. BullMQ 6 ships no Redis driver: it takes an ioredis (or
 * node-redis) client. ioredis is loaded lazily, so the rest of the CLI works without it, and a missing
 * driver is one clear error instead of a crash at import time.
 */

/** The few ioredis calls this backend makes itself (BullMQ gets the client as an opaque connection). */
export interface RedisClient {
  getBuffer(key: string): Promise<Buffer | null>;
  set(key: string, value: Buffer | string, px: 'PX', ttlMs: number): Promise<unknown>;
  del(...keys: string[]): Promise<number>;
  exists(...keys: string[]): Promise<number>;
  ping(): Promise<string>;
  multi(): RedisMulti;
  scan(cursor: string, match: 'MATCH', pattern: string, count: 'COUNT', n: number): Promise<[string, string[]]>;
  xrevrange(key: string, end: string, start: string, count: 'COUNT', n: number): Promise<Array<[string, string[]]>>;
  connect(): Promise<void>;
  quit(): Promise<unknown>;
  disconnect(): void;
  duplicate(): RedisClient;
  on(event: 'error', listener: (err: Error) => void): unknown;
  status: string;
}

export interface RedisMulti {
  getBuffer(key: string): RedisMulti;
  del(...keys: string[]): RedisMulti;
  exec(): Promise<Array<[Error | null, unknown]> | null>;
}

type RedisCtor = new (url: string, opts: Record<string, unknown>) => RedisClient;

let ctor: RedisCtor | null = null;

function loadDriver(): RedisCtor {
  if (ctor) return ctor;
  try {
    const mod = createRequire(import.meta.url)('ioredis') as { default?: RedisCtor } & RedisCtor;
    ctor = mod.default ?? mod;
    return ctor;
  } catch (err) {
    throw new JobError('E_JOB_BACKEND', `the bullmq backend needs the 'ioredis' package (npm install ioredis): ${(err as Error).message.split('\n')[0]}`);
  }
}

/** The URL with its password masked, for logs, errors and job summaries. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable redis URL)';
  }
}

export function checkRedisUrl(url: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new JobError('E_JOB_BACKEND', `--redis ${url}: not a URL (expected redis://host:port)`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new JobError('E_JOB_BACKEND', `--redis ${redactRedisUrl(url)}: expected a redis:// or rediss:// URL`);
}

/**
 * Connects and pings within `timeoutMs`, so an unreachable Redis fails fast with the URL named, instead of
 * BullMQ retrying forever. `maxRetriesPerRequest: null` is what BullMQ requires for its blocking calls.
 */
export async function openRedis(url: string, timeoutMs = 5000): Promise<RedisClient> {
  checkRedisUrl(url);
  const Redis = loadDriver();
  const client = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true, connectTimeout: timeoutMs });
  let lastError: Error | null = null;
  client.on('error', (err) => {
    lastError = err;
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect().then(() => client.ping()),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (err) {
    client.disconnect();
    const why = (lastError as Error | null)?.message ?? (err as Error).message;
    throw new JobError('E_JOB_BACKEND', `cannot reach Redis at ${redactRedisUrl(url)}: ${why}`);
  } finally {
    clearTimeout(timer);
  }
  return client;
}

/** A second, connected client with the same options (BullMQ's blocking reads need their own connection). */
export async function duplicateRedis(client: RedisClient): Promise<RedisClient> {
  const dup = client.duplicate();
  dup.on('error', () => undefined);
  if (dup.status === 'wait') await dup.connect();
  return dup;
}

/** The client as BullMQ's connection option (BullMQ wraps an ioredis instance in its own adapter). */
export function bullmqConnection(client: RedisClient): ConnectionOptions {
  return client as unknown as ConnectionOptions;
}

export async function closeRedis(client: RedisClient): Promise<void> {
  if (client.status === 'end') return;
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}
