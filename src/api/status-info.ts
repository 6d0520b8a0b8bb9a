import type { JobRecord } from '../jobs/job-types.ts';
import { errorStatus } from './error-status.ts';
import { REL, type Link } from './links.ts';

/** OGC API – Processes statusInfo, plus landwatch's phase and tile counts. */
export interface StatusInfo {
  jobID: string;
  processID: string;
  type: 'process';
  status: JobRecord['status'];
  message: string | null;
  /** 0..100 integer */
  progress: number;
  created: string;
  started: string | null;
  finished: string | null;
  updated: string;
  phase: string;
  tilesDone: number;
  tilesTotal: number;
  etaSeconds: number | null;
  /** present when the job failed: the error the runner reported */
  exception?: { type: string; code: string; detail: string };
  links: Link[];
}

export function toStatusInfo(job: JobRecord, base: string): StatusInfo {
  const pct = Number.isFinite(job.progress.percent) ? job.progress.percent : 0;
  const jobUrl = `${base}/jobs/${encodeURIComponent(job.id)}`;
  const links: Link[] = [{ href: jobUrl, rel: 'self', type: 'application/json', title: 'job status' }];
  if (job.status === 'successful') {
    links.push({ href: `${jobUrl}/results`, rel: REL.results, type: 'application/json', title: 'job results' });
    links.push({ href: `${base}/collections/${encodeURIComponent(job.id)}/items`, rel: 'items', type: 'application/geo+json', title: 'change patches' });
  }
  const info: StatusInfo = {
    jobID: job.id,
    processID: job.processId,
    type: 'process',
    status: job.status,
    message: job.message ?? job.error?.message ?? null,
    progress: Math.max(0, Math.min(100, Math.round(pct))),
    created: job.created,
    started: job.started,
    finished: job.finished,
    updated: job.updated,
    phase: job.progress.phase,
    tilesDone: job.progress.tilesDone,
    tilesTotal: job.progress.tilesTotal,
    etaSeconds: job.progress.etaSeconds,
    links,
  };
  if (job.status === 'failed' && job.error !== null) {
    info.exception = { type: errorStatus(job.error.code).type, code: job.error.code, detail: job.error.message };
  }
  return info;
}
