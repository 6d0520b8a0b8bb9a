import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export interface ChildResult {
  /** wall time measured by the parent, ms */
  ms: number;
  /** peak resident set of the child (and its waited-for descendants), kB; null when not measurable */
  maxRssKb: number | null;
  code: number;
  stdout: string;
  stderr: string;
}

export interface ChildOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** throw when the exit code is not 0 (default true) */
  check?: boolean;
  /** text written to the child's stdin (e.g. an inline python script) */
  input?: string;
}

const GNU_TIME = '/usr/bin/time';
const HAS_GNU_TIME = existsSync(GNU_TIME);
const RSS_LINE = /Maximum resident set size \(kbytes\): (\d+)/;

/**
 * Runs a command and measures its wall time and peak RSS. With GNU time (`/usr/bin/time -v`) the RSS is
 * the kernel's ru_maxrss of the child; without it /proc/<pid>/status VmHWM is polled every 20 ms (Linux).
 */
export function runChild(cmd: string, args: readonly string[], opts: ChildOptions = {}): Promise<ChildResult> {
  const [file, argv] = HAS_GNU_TIME ? [GNU_TIME, ['-v', cmd, ...args]] : [cmd, [...args]];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(file, argv, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let polledKb: number | null = null;
    const poll = HAS_GNU_TIME
      ? null
      : setInterval(() => {
          const kb = readHwmKb(child.pid);
          if (kb !== null) polledKb = Math.max(polledKb ?? 0, kb);
        }, 20);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      if (poll) clearInterval(poll);
      reject(e);
    });
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      if (poll) clearInterval(poll);
      let stderr = Buffer.concat(err).toString('utf8');
      let maxRssKb = polledKb;
      if (HAS_GNU_TIME) {
        const m = RSS_LINE.exec(stderr);
        maxRssKb = m ? Number(m[1]) : null;
        // GNU time appends its report after the child's own stderr
        const cut = stderr.lastIndexOf('\tCommand being timed:');
        if (cut >= 0) stderr = stderr.slice(0, cut);
      }
      const res: ChildResult = { ms, maxRssKb, code: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr };
      if ((opts.check ?? true) && res.code !== 0) {
        reject(new Error(`${cmd} ${args.join(' ')} exited with ${res.code}:\n${stderr.slice(-2000)}`));
      } else resolve(res);
    });
    child.stdin.end(opts.input ?? '');
  });
}

function readHwmKb(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmHWM:\s+(\d+) kB/.exec(text);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}
