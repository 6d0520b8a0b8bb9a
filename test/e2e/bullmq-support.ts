/**
 * Test support for the BullMQ scale-out tests: a throwaway redis-server on a free loopback port, and
 * `landwatch worker` child processes. Tests skip when redis-server is not installed, or when the Redis
 * driver (ioredis) is not installed yet.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { CLI, repoRoot } from './reliability-support.ts';

/** Why the BullMQ tests cannot run here, or null when they can. */
export function bullmqSkipReason(): string | null {
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) return 'redis-server is not installed';
  try {
    createRequire(import.meta.url).resolve('ioredis');
  } catch {
    return "the 'ioredis' package is not installed";
  }
  return null;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

/** redis-server on 127.0.0.1 and a free port, no persistence; resolves once it accepts connections. */
export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}: ${out}`));
    });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => stopChild(child, 'SIGTERM'),
  };
}

export interface WorkerProcess {
  /** '<host>:<pid>', as BullMQ records it in processedBy */
  id: string;
  child: ChildProcess;
  log: () => string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** `landwatch worker` as a child process; resolves once it logged 'worker ready'. */
export async function startWorker(redisUrl: string, o: { queue: string; lockMs?: number; taskDelayMs?: number }): Promise<WorkerProcess> {
  const args = [CLI, 'worker', '--redis', redisUrl, '--queue', o.queue, '--concurrency', '1', '--lock-ms', String(o.lockMs ?? 2000)];
  if (o.taskDelayMs) args.push('--task-delay-ms', String(o.taskDelayMs));
  const child = spawn(process.execPath, ['--max-old-space-size=512', ...args], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const id = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start: ${log}`)), 30_000);
    child.stderr?.on('data', (d: Buffer) => {
      log += d.toString();
      const m = /"worker":"([^"]+)"[^\n]*"msg":"worker ready"/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code}: ${log}`));
    });
  });
  return { id, child, log: () => log, stop: (signal = 'SIGTERM') => stopChild(child, signal) };
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill(signal);
  });
}

export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000, everyMs = 50): Promise<void> {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
