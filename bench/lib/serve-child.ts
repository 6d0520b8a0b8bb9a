import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'landwatch.mjs');
const READY = /landwatch serving (http:\/\/\S+)/;

export interface ServeChild {
  /** http://127.0.0.1:<port>, the port chosen by the OS (--port 0) */
  url: string;
  pid: number;
  /** ms from spawn to the "serving" line */
  startMs: number;
  /** SIGTERM, then waits for the exit; peak RSS from /proc/<pid>/status VmHWM (polled), kB */
  stop(): Promise<{ code: number | null; maxRssKb: number | null; stderrTail: string }>;
}

/**
 * Starts `landwatch serve` as a child process on a free loopback port and resolves once it prints its URL.
 * Logs go to a buffer (only the tail is kept, for errors). Rejects after `timeoutMs` or when it exits early.
 */
export function startServe(opts: { db: string; dataRoot: string; workers: number; timeoutMs?: number; extraArgs?: string[] }): Promise<ServeChild> {
  const args = [CLI, 'serve', '--db', opts.db, '--port', '0', '--host', '127.0.0.1', '--data-root', opts.dataRoot, '--workers', String(opts.workers), ...(opts.extraArgs ?? [])];
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LANDWATCH_LOG: 'warn' } });
  let stderr = '';
  let stdout = '';
  let hwm: number | null = null;
  const poll = setInterval(() => {
    const kb = readHwmKb(child.pid);
    if (kb !== null) hwm = Math.max(hwm ?? 0, kb);
  }, 50);
  child.stderr!.on('data', (b: Buffer) => {
    stderr = (stderr + b.toString('utf8')).slice(-8000);
  });
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  return new Promise<ServeChild>((resolve, reject) => {
    const timer = setTimeout(() => {
      clearInterval(poll);
      child.kill('SIGKILL');
      reject(new Error(`landwatch serve did not start within ${opts.timeoutMs ?? 30_000} ms:\n${stderr}`));
    }, opts.timeoutMs ?? 30_000);
    const early = (code: number | null) => {
      clearTimeout(timer);
      clearInterval(poll);
      reject(new Error(`landwatch serve exited with ${code} before listening:\n${stderr}`));
    };
    child.once('exit', early);
    child.stdout!.on('data', (b: Buffer) => {
      stdout += b.toString('utf8');
      const m = READY.exec(stdout);
      if (!m) return;
      clearTimeout(timer);
      child.off('exit', early);
      resolve({ url: m[1], pid: child.pid!, startMs: performance.now() - t0, stop: () => stopChild(child, exited, poll, () => hwm, () => stderr) });
    });
  });
}

async function stopChild(
  child: ChildProcess,
  exited: Promise<number | null>,
  poll: NodeJS.Timeout,
  hwm: () => number | null,
  stderr: () => string,
): Promise<{ code: number | null; maxRssKb: number | null; stderrTail: string }> {
  const last = readHwmKb(child.pid);
  clearInterval(poll);
  const peak = last === null ? hwm() : Math.max(hwm() ?? 0, last);
  child.kill('SIGTERM');
  const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const code = await exited;
  clearTimeout(kill);
  return { code, maxRssKb: peak, stderrTail: stderr().slice(-2000) };
}

function readHwmKb(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}
