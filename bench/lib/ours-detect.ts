import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChild } from './run-child.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(REPO_ROOT, 'bin', 'landwatch.mjs');

/** The parts of summary.json a benchmark reads, narrowed from the child's output. */
export interface DetectSummaryFigures {
  timingsMs: Record<string, number>;
  threshold: { value: number } | null;
  normalization: { gain: number[]; offset: number[] } | null;
  patches: { count: number; droppedByMmu: number };
  pixels: { valid: number; changed: number };
  grid: { width: number; height: number; pixelAreaM2: number };
  files: Record<string, string>;
}

export interface OursDetectFigures {
  /** wall time of the child process (node start, tsx, DuckDB open… included), ms */
  ms: number;
  maxRssKb: number | null;
  summary: DetectSummaryFigures;
  outDir: string;
}

export interface OursDetectOptions {
  workers: number | null;
  mmuM2: number;
  openPx: number;
  closePx: number;
  /** a fixed threshold value instead of Otsu (skips the histogram pass) */
  threshold?: number;
  /** --tile-size px; default: the CLI's default */
  tileSizePx?: number | null;
  /** keep the output folder (the caller removes it); default: removed */
  keep?: boolean;
  /** --mmu-mode; default: the CLI's (drop) */
  mmuMode?: 'drop' | 'merge';
}

/**
 * `landwatch detect` in a child process, into a fresh output folder each time (the same folder would
 * resume from its checkpoints and do nothing). Per-phase timings come from summary.json.
 */
export async function runOursDetect(a: string, b: string, o: OursDetectOptions): Promise<OursDetectFigures> {
  const outDir = await mkdtemp(join(tmpdir(), 'lw-bench-run-'));
  const args = [CLI, 'detect', a, b, '--out', outDir, '--mode', 'spectral', '--mmu', String(o.mmuM2), '--open', String(o.openPx), '--close', String(o.closePx), '--json'];
  if (o.workers !== null) args.push('--workers', String(o.workers));
  if (o.threshold !== undefined) args.push('--threshold', String(o.threshold));
  if (o.tileSizePx) args.push('--tile-size', String(o.tileSizePx));
  if (o.mmuMode) args.push('--mmu-mode', o.mmuMode);
  try {
    const r = await runChild(process.execPath, args, { cwd: REPO_ROOT });
    const summary = parseSummary(JSON.parse(await readFile(join(outDir, 'summary.json'), 'utf8')));
    return { ms: r.ms, maxRssKb: r.maxRssKb, summary, outDir };
  } finally {
    if (!o.keep) await rm(outDir, { recursive: true, force: true });
  }
}

function parseSummary(j: unknown): DetectSummaryFigures {
  if (typeof j !== 'object' || j === null || !('timingsMs' in j) || !('patches' in j) || !('grid' in j)) {
    throw new Error('landwatch detect: summary.json lacks timingsMs/patches/grid');
  }
  return j as DetectSummaryFigures;
}
