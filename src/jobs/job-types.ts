import type { BandRoles } from '../kernels/band-roles.ts';

/**
 * The job model shared by the runner, the store, the API and the CLI. Statuses follow OGC API – Processes
 * statusInfo: accepted | running | successful | failed | dismissed.
 */
export type JobStatus = 'accepted' | 'running' | 'successful' | 'failed' | 'dismissed';

export type ProcessId = 'change-detection' | 'landuse-transition';

export type JobPhase = 'queued' | 'plan' | 'stats' | 'histogram' | 'detect' | 'stitch' | 'export' | 'done';

/** Inputs of a change-detection job, mirroring the CLI flags (snake_case on the wire, camelCase here). */
export interface DetectParams {
  epochA: string;
  epochB: string;
  outDir: string;
  mode: 'spectral' | 'landuse' | 'combined';
  landuseA?: string;
  landuseB?: string;
  threshold: 'otsu' | number;
  /** minimum mapping unit in m², applied after stitching */
  mmuM2: number;
  /**
   * what happens to polygons under the MMU: 'drop' (default) removes small change patches; 'merge' merges
   * every polygon under the MMU — no-change areas included — into its largest neighbour, exactly like
   * `gdal_sieve.py -st T` (T = ceil(mmu / pixel area)), and change.tif holds the sieved codes
   */
  mmuMode?: 'drop' | 'merge';
  openRadiusPx: number;
  closeRadiusPx: number;
  connectivity: 4 | 8;
  tileSizePx: number;
  workers?: number;
  layersDir?: string;
  rulesFile?: string;
  /** normalise epoch B onto epoch A by global mean/std per band */
  normalize: boolean;
  /** statistics for the normalisation from every source block ('exact') or a spread quarter ('sample') */
  stats?: 'exact' | 'sample';
  /** 0-based band indices used by CVA; default all */
  bands?: number[];
  /** spectral role → 0-based band index; default by band count (defaultBandRoles) */
  bandRoles?: BandRoles;
  remapFile?: string;
  /** also write patches-native.geojson: the raster's own CRS with a legacy `crs` member, as GDAL writes it */
  nativeCrs?: boolean;
}

export interface JobProgress {
  phase: JobPhase;
  tilesDone: number;
  tilesTotal: number;
  /** 0..100 over the whole job */
  percent: number;
  etaSeconds: number | null;
}

export interface JobRecord {
  id: string;
  processId: ProcessId;
  status: JobStatus;
  params: DetectParams;
  progress: JobProgress;
  message: string | null;
  error: { code: string; message: string; details?: Record<string, unknown> } | null;
  created: string;
  started: string | null;
  finished: string | null;
  updated: string;
}

/** What the API and CLI need from the job system; the runner implements it. */
export interface JobService {
  submit(processId: ProcessId, params: DetectParams): Promise<JobRecord>;
  get(id: string): Promise<JobRecord | null>;
  list(opts: { limit: number; offset: number }): Promise<{ jobs: JobRecord[]; total: number }>;
  dismiss(id: string): Promise<JobRecord | null>;
  /** output files of a successful job, name → absolute path */
  results(id: string): Promise<Record<string, string> | null>;
  /** resolves when the job reaches a final status or the timeout elapses */
  waitFor(id: string, timeoutMs: number): Promise<JobRecord | null>;
}

/** Defaults shared by the CLI flags and the API inputs, so both run the same job. */
export const DETECT_DEFAULTS = {
  threshold: 'otsu',
  mmuM2: 400,
  mmuMode: 'drop',
  // no morphology unless asked: what suits 2 m imagery erases real change in 30 m Landsat
  openRadiusPx: 0,
  closeRadiusPx: 0,
  connectivity: 4,
  tileSizePx: 512,
  normalize: true,
  stats: 'exact',
} as const;
