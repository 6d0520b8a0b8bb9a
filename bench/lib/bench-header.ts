import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableParallelism, cpus, loadavg, totalmem, platform, release } from 'node:os';

export interface BenchHeader {
  bench: string;
  date: string;
  node: string;
  platform: string;
  cpuModel: string;
  cpus: number;
  memGb: number;
  /** 1-minute load average at the start: the machine is shared, so figures are noisy when it is high */
  loadAvg1: number;
  gdal: string | null;
  /** git commit of the code measured (+ '-dirty'), or $LANDWATCH_BENCH_COMMIT for an exported snapshot */
  commit: string | null;
  /** the benchmark's own parameters: N, seed, workers, repeats… */
  params: Record<string, number | string | boolean | null>;
}

export function benchHeader(bench: string, gdal: string | null, params: BenchHeader['params']): BenchHeader {
  return {
    bench,
    date: new Date().toISOString(),
    node: process.version,
    platform: `${platform()} ${release()}`,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cpus: availableParallelism(),
    memGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAvg1: Math.round(loadavg()[0] * 100) / 100,
    gdal,
    commit: gitCommit(),
    params,
  };
}

export function formatHeader(h: BenchHeader): string {
  const p = Object.entries(h.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return [
    `# ${h.bench} — ${h.date}`,
    `# node ${h.node}, ${h.cpus} CPUs (${h.cpuModel}), ${h.memGb} GB, ${h.platform}, load ${h.loadAvg1}`,
    `# ${h.gdal ?? 'GDAL not found'}; code ${h.commit ?? 'unknown commit'}`,
    `# ${p}`,
  ].join('\n');
}

function gitCommit(): string | null {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  try {
    const rev = execFileSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['-C', root, 'status', '--porcelain', '--', 'src', 'workers', 'bin'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty ? `${rev}-dirty` : rev;
  } catch {
    return process.env.LANDWATCH_BENCH_COMMIT ?? null;
  }
}
