/**
 * A one-machine scale-out cluster for bench/scale.ts: a throwaway redis-server on a free loopback port and
 * `landwatch worker` child processes (one worker thread each).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(repoRoot, 'bin', 'landwatch.mjs');

export interface ChildHandle {
  child: ChildProcess;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => ok(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((ok) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(hard);
      ok();
    });
    child.kill('SIGTERM');
  });
}

/** Waits until `pattern` shows up in the child's output stream. */
function waitForLine(child: ChildProcess, stream: 'stdout' | 'stderr', pattern: RegExp, what: string): Promise<string> {
  return new Promise((ok, fail) => {
    let text = '';
    const timer = setTimeout(() => fail(new Error(`${what} did not start: ${text}`)), 30_000);
    child[stream]?.on('data', (d: Buffer) => {
      text += d.toString();
      const m = pattern.exec(text);
      if (m) {
        clearTimeout(timer);
        ok(m[1] ?? m[0]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`${what} exited with ${code}: ${text}`));
    });
  });
}

export async function startRedisServer(): Promise<ChildHandle & { url: string }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  await waitForLine(child, 'stdout', /Ready to accept connections/, 'redis-server');
  return { child, url: `redis://127.0.0.1:${port}`, stop: () => stop(child) };
}

export async function startWorkers(n: number, redisUrl: string, queue: string): Promise<ChildHandle[]> {
  return Promise.all(
    Array.from({ length: n }, async () => {
      const child = spawn(process.execPath, [CLI, 'worker', '--redis', redisUrl, '--queue', queue, '--concurrency', '1'], {
        cwd: repoRoot,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, LANDWATCH_LOG: 'info' },
      });
      await waitForLine(child, 'stderr', /"msg":"worker ready"/, 'landwatch worker');
      return { child, stop: () => stop(child) };
    }),
  );
}
