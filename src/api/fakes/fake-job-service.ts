import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DetectParams, JobRecord, JobService, ProcessId } from '../../jobs/job-types.ts';

export interface FakeJobOptions {
  /** ms a job stays accepted before it runs; default 20 */
  acceptMs?: number;
  /** ms a job runs before it finishes; default 40 */
  runMs?: number;
  /** return an error to make the job fail instead of succeed */
  fail?: (params: DetectParams) => { code: string; message: string } | null;
  /** files written into params.outDir on success, name → content; default a tiny set */
  files?: Record<string, string>;
}

const DEFAULT_FILES: Record<string, string> = {
  'patches.geojson': '{"type":"FeatureCollection","features":[]}\n',
  'summary.json': '{"patches":0}\n',
  'change.tif': 'II*\u0000fake',
};

interface Entry {
  rec: JobRecord;
  timers: NodeJS.Timeout[];
  waiters: Array<() => void>;
  files: Record<string, string> | null;
}

const FINAL = new Set(['successful', 'failed', 'dismissed']);

/**
 * In-memory JobService for tests and UI work: accepted → running (50 %) → successful (or failed) on
 * timers, writing small result files into the job's outDir. Not a runner: it never reads the epochs.
 */
export class FakeJobService implements JobService {
  readonly submitted: Array<{ processId: ProcessId; params: DetectParams }> = [];
  private readonly jobs = new Map<string, Entry>();
  private seq = 0;
  private readonly opts: Required<Omit<FakeJobOptions, 'fail'>> & Pick<FakeJobOptions, 'fail'>;

  constructor(opts: FakeJobOptions = {}) {
    this.opts = { acceptMs: opts.acceptMs ?? 20, runMs: opts.runMs ?? 40, files: opts.files ?? DEFAULT_FILES, fail: opts.fail };
  }

  async submit(processId: ProcessId, params: DetectParams): Promise<JobRecord> {
    this.submitted.push({ processId, params });
    this.seq += 1;
    const now = new Date().toISOString();
    const id = `job-${String(this.seq).padStart(4, '0')}`;
    const rec: JobRecord = {
      id, processId, status: 'accepted', params,
      progress: { phase: 'queued', tilesDone: 0, tilesTotal: 4, percent: 0, etaSeconds: null },
      message: 'queued', error: null, created: now, started: null, finished: null, updated: now,
    };
    const e: Entry = { rec, timers: [], waiters: [], files: null };
    this.jobs.set(id, e);
    const { acceptMs, runMs } = this.opts;
    e.timers.push(setTimeout(() => this.update(e, { status: 'running', started: new Date().toISOString(), message: 'detecting', progress: { phase: 'detect', tilesDone: 2, tilesTotal: 4, percent: 50, etaSeconds: 1 } }), acceptMs));
    e.timers.push(setTimeout(() => void this.finish(e), acceptMs + runMs));
    return structuredClone(rec);
  }

  private update(e: Entry, patch: Partial<JobRecord>): void {
    if (FINAL.has(e.rec.status)) return;
    Object.assign(e.rec, patch, { updated: new Date().toISOString() });
    if (FINAL.has(e.rec.status)) {
      for (const w of e.waiters.splice(0)) w();
    }
  }

  private async finish(e: Entry): Promise<void> {
    if (FINAL.has(e.rec.status)) return;
    const err = this.opts.fail?.(e.rec.params) ?? null;
    const finished = new Date().toISOString();
    if (err !== null) {
      this.update(e, { status: 'failed', error: err, message: err.message, finished });
      return;
    }
    const files: Record<string, string> = {};
    try {
      await mkdir(e.rec.params.outDir, { recursive: true });
      for (const [name, content] of Object.entries(this.opts.files)) {
        const p = path.join(e.rec.params.outDir, name);
        await writeFile(p, content);
        files[name] = p;
      }
    } catch (cause) {
      const message = `cannot write results: ${cause instanceof Error ? cause.message : String(cause)}`;
      this.update(e, { status: 'failed', error: { code: 'E_JOB_FAILED', message }, message, finished });
      return;
    }
    e.files = files;
    this.update(e, { status: 'successful', message: 'done', finished, progress: { phase: 'done', tilesDone: 4, tilesTotal: 4, percent: 100, etaSeconds: 0 } });
  }

  async get(id: string): Promise<JobRecord | null> {
    const e = this.jobs.get(id);
    return e === undefined ? null : structuredClone(e.rec);
  }

  async list(opts: { limit: number; offset: number }): Promise<{ jobs: JobRecord[]; total: number }> {
    const all = [...this.jobs.values()].map((e) => e.rec).reverse();
    return { jobs: all.slice(opts.offset, opts.offset + opts.limit).map((r) => structuredClone(r)), total: all.length };
  }

  async dismiss(id: string): Promise<JobRecord | null> {
    const e = this.jobs.get(id);
    if (e === undefined) return null;
    for (const t of e.timers) clearTimeout(t);
    e.files = null;
    e.rec.status = 'dismissed';
    e.rec.message = 'dismissed';
    e.rec.finished ??= new Date().toISOString();
    e.rec.updated = new Date().toISOString();
    for (const w of e.waiters.splice(0)) w();
    return structuredClone(e.rec);
  }

  async results(id: string): Promise<Record<string, string> | null> {
    const e = this.jobs.get(id);
    return e?.rec.status === 'successful' && e.files !== null ? { ...e.files } : null;
  }

  async waitFor(id: string, timeoutMs: number): Promise<JobRecord | null> {
    const e = this.jobs.get(id);
    if (e === undefined) return null;
    if (!FINAL.has(e.rec.status)) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, timeoutMs);
        e.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return structuredClone(e.rec);
  }

  /** clear every pending timer (call in afterEach/afterAll) */
  close(): void {
    for (const e of this.jobs.values()) for (const t of e.timers) clearTimeout(t);
  }
}
