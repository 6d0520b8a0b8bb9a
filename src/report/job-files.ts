import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredJob } from '../store/index.ts';
import { ReportError } from './report-error.ts';

/** The rasters and outputs of a job, narrowed from its stored params. */
export interface JobFiles {
  jobId: string;
  mode: string;
  epochA: string;
  epochB: string;
  landuseA: string | null;
  landuseB: string | null;
  outDir: string;
  /** change.tif when the job wrote it */
  change: string | null;
  layersDir: string | null;
}

function str(p: Record<string, unknown>, k: string): string | null {
  const v = p[k];
  return typeof v === 'string' && v !== '' ? v : null;
}

export function jobFiles(job: StoredJob): JobFiles {
  const p = job.params;
  const epochA = str(p, 'epochA');
  const epochB = str(p, 'epochB');
  const outDir = str(p, 'outDir');
  if (epochA === null || epochB === null || outDir === null) {
    throw new ReportError('E_REPORT_JOB', `job ${job.id}: params name no epochA/epochB/outDir`, { jobId: job.id });
  }
  const change = join(outDir, 'change.tif');
  return {
    jobId: job.id,
    mode: str(p, 'mode') ?? 'spectral',
    epochA,
    epochB,
    landuseA: str(p, 'landuseA'),
    landuseB: str(p, 'landuseB'),
    outDir,
    change: existsSync(change) ? change : null,
    layersDir: str(p, 'layersDir'),
  };
}
