import { mkdir, readdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Normalization } from '../kernels/index.ts';
import { planTiles } from '../raster/index.ts';
import type { TaskMap } from '../pool/messages.ts';
import type { TileRunner } from '../pool/tile-runner.ts';
import type { Store } from '../store/index.ts';
import { crsName, isGeographicProj4, toLonLat } from '../vector/crs.ts';
import { scenePixelAreaM2 } from '../vector/geodesic-area.ts';
import { superviseJob, type SuperviseResult } from '../supervise/index.ts';
import { DETECT_DEFAULTS, type DetectParams } from './job-types.ts';
import { JobError } from './jobs-error.ts';
import { openDetectInputs } from './detect-inputs.ts';
import { histogramPass, histogramSpecFor, normalizationFromStats, otsuFromHistogram, statsPass, type PassContext } from './global-passes.ts';
import { detectHalo, detectPass } from './detect-pass.ts';
import { buildPatches } from './build-patches.ts';
import { isStaleCache, removePixelCache } from './job-caches.ts';
import type { SieveSummary } from './sieve-pass.ts';
import {
  outputFiles,
  summarizePatches,
  writeAtomic,
  writePatchOutputs,
  writeTransitionsCsv,
  type OutputFiles,
  type PatchTypeSummary,
} from './write-outputs.ts';
import { landuseSummary, transitionRows, type LanduseSummary, type TransitionRowOut } from './landuse-report.ts';

export interface DetectJobContext {
  jobId: string;
  params: DetectParams;
  store: Store;
  pool: TileRunner<TaskMap>;
  signal?: AbortSignal;
  /** tiles in flight per worker; 2 keeps workers busy while the main thread commits */
  inFlightPerWorker?: number;
  onProgress?: (phase: string, done: number, total: number, pixels: number) => void;
  /** decisions worth a log line (threshold chosen, job resumed) */
  onDecision?: (message: string, fields: Record<string, unknown>) => void;
}

export interface DetectSummary {
  jobId: string;
  mode: DetectParams['mode'];
  inputs: { epochA: string; epochB: string; landuseA: string | null; landuseB: string | null };
  /** pixelAreaM2: ground area of one pixel, m² (geographic or Mercator CRS: of a pixel of the centre row, on the ellipsoid) */
  grid: { width: number; height: number; geoTransform: number[]; epsg: number | null; crsName: string | null; proj4: string; pixelAreaM2: number };
  parameters: Omit<DetectParams, 'epochA' | 'epochB' | 'outDir' | 'landuseA' | 'landuseB'>;
  tiles: { tileSizePx: number; haloPx: number; count: number };
  /** gain/offset mapping epoch B onto A; `statsFraction` = share of the scene the statistics read */
  normalization: { gain: number[]; offset: number[]; statsFraction: number } | null;
  threshold: { method: 'otsu' | 'fixed'; value: number; histogramMean?: number; histogramStd?: number } | null;
  pixels: { valid: number; changed: number; byCode: Record<string, number> };
  patches: {
    count: number;
    droppedByMmu: number;
    /** merge mode: change patches under the MMU merged into a neighbour of another value (0 in drop mode) */
    mergedByMmu: number;
    /** merge mode: the sieve's threshold and counts (see SieveSummary); null in drop mode */
    sieve: SieveSummary | null;
    areaM2: number; areaMu: number; areaHa: number; byType: PatchTypeSummary[] };
  transitions: TransitionRowOut[] | null;
  /** land-use modes: classes found, raw codes left out, codes outside GB/T 21010, warnings; else null */
  landuse: LanduseSummary | null;
  /** every warning of the job (land-use codes…), one line each; the CLI prints them on stderr */
  warnings: string[];
  /** rule hits against planning/management layers (when --layers was given) */
  supervision: Pick<SuperviseResult, 'violations' | 'violatingPatches' | 'bySeverity' | 'byRule' | 'layers' | 'rulesSource' | 'problems'> | null;
  files: Record<string, string>;
  timingsMs: Record<string, number>;
  /** what ran the tiles: { kind: 'local', workers } or the queue backend's stats (BullmqStats) */
  backend?: unknown;
}

/**
 * One change-detection job end to end: plan → (stats) → (histogram → global threshold) → detect →
 * stitch → MMU → exports. Every finished tile is checkpointed before it counts, so running the same job id
 * again resumes where it stopped and writes the same bytes.
 */
export async function runDetectJob(ctx: DetectJobContext): Promise<DetectSummary> {
  const { params, store, jobId } = ctx;
  const t = { start: performance.now() } as Record<string, number>;
  const lap = (name: string) => {
    t[name] = performance.now();
  };
  await mkdir(params.outDir, { recursive: true });
  await removeStaleTemps(params.outDir, jobId);
  const inputs = await openDetectInputs(params);
  if (params.nativeCrs && inputs.crs.epsg === null) {
    throw new JobError('E_JOB_INPUT', `${params.epochA}: --native-crs needs an EPSG code for the GeoJSON crs member, and this raster's CRS has none (${inputs.crs.proj4})`, { file: params.epochA });
  }
  const haloPx = detectHalo(params);
  const plan = planTiles(inputs.width, inputs.height, {
    tileSizePx: params.tileSizePx,
    haloPx,
    blockWidth: inputs.blockWidth,
    blockHeight: inputs.blockHeight,
  });
  const pass: PassContext = {
    jobId,
    inputs,
    plan,
    pool: ctx.pool,
    store,
    signal: ctx.signal,
    maxInFlight: ctx.pool.workers * (ctx.inFlightPerWorker ?? 2),
    outDir: params.outDir,
    progress: (phase, done, total, pixels) => ctx.onProgress?.(phase, done, total, pixels),
    decision: (message, fields) => ctx.onDecision?.(message, fields),
  };
  lap('plan');

  const spectralMode = inputs.mode !== 'landuse';
  const floatImagery = inputs.imageryA?.sampleType === 'float32' || inputs.imageryA?.sampleType === 'float64';
  const needStats = spectralMode && (params.normalize || (floatImagery && params.threshold === 'otsu'));
  const stats = needStats ? await statsPass(pass, params.stats ?? DETECT_DEFAULTS.stats, { pixelCache: spectralMode && ctx.pool.localFiles === true }) : null;
  pass.pixelCache = stats?.pixelCache ?? null;
  lap('stats');
  let normalization: Normalization | null = null;
  if (spectralMode && params.normalize && stats) normalization = normalizationFromStats(stats.statsA, stats.statsB);

  let threshold: DetectSummary['threshold'] = null;
  if (spectralMode) {
    if (params.threshold === 'otsu') {
      const spec = histogramSpecFor(inputs, normalization, stats);
      const histogram = await histogramPass(pass, spec, normalization, ctx.pool.localFiles === true);
      const hist = histogram.counts;
      pass.pixelCache = histogram.pixelCache;
      if (hist.every((n) => n === 0)) throw noValidPixels(params);
      const otsu = otsuFromHistogram(hist, spec);
      threshold = { method: 'otsu', value: otsu.threshold, histogramMean: otsu.mean, histogramStd: otsu.std };
      await store.thresholds.save({ jobId, method: 'otsu', value: otsu.threshold, histogram: hist, spec: { ...spec, cvaBands: inputs.cvaBands } });
    } else {
      threshold = { method: 'fixed', value: params.threshold };
      await store.thresholds.save({ jobId, method: 'fixed', value: params.threshold, histogram: null, spec: null });
    }
    ctx.onDecision?.('threshold chosen', { jobId, ...threshold });
  }
  lap('histogram');

  const files = outputFiles(params.outDir, inputs.landuseA !== null, params.nativeCrs === true);
  const detected = await detectPass(
    pass,
    params,
    files.change,
    spectralMode && threshold ? { normalization, threshold: threshold.value } : null,
  );
  await removePixelCache(pass.pixelCache);
  lap('detect');
  const landuse = inputs.landuseA && inputs.landuseB
    ? landuseSummary(detected.transitions, inputs.remap, { a: inputs.landuseA.path, b: inputs.landuseB.path, nodataA: inputs.landuseA.nodata, nodataB: inputs.landuseB.nodata })
    : null;
  if (landuse) for (const w of landuse.warnings) ctx.onDecision?.('land-use warning', { jobId, warning: w });
  if (detected.validPixels === 0) throw noValidPixels(params);

  ctx.onProgress?.('export', 0, 1, 0);
  const { patches, droppedByMmu } = buildPatches(detected.polygons, {
    jobId,
    geoTransform: inputs.geoTransform,
    crs: inputs.crs,
    // merge mode: the sieve already merged every polygon under the MMU; what is left stays (as in gdal_sieve)
    mmuM2: params.mmuMode === 'merge' ? 0 : params.mmuM2,
    withMagnitude: spectralMode,
    epochs: { a: basename(params.epochA), b: basename(params.epochB) },
  });
  lap('patches');
  await writePatchOutputs(files, patches, store, jobId, inputs.crs.epsg, inputs.crs);
  // m² on the ground (a geographic or Mercator grid's |det| is in deg² or inflated m²)
  const pixelAreaM2 = scenePixelAreaM2(inputs.geoTransform, inputs.crs, inputs.height);
  const transitions = inputs.landuseA ? transitionRows(detected.transitions, pixelAreaM2) : null;
  if (transitions && files.transitions) {
    await writeTransitionsCsv(files.transitions, transitions);
    await store.transitions.replace(jobId, transitions.map((r) => ({ fromClass: r.from, toClass: r.to, pixels: r.pixels, areaM2: r.areaM2 })));
  }
  lap('export');
  let supervision: DetectSummary['supervision'] = null;
  const layerWarnings: string[] = [];
  const extraFiles: Record<string, string> = {};
  if (params.layersDir) {
    ctx.onProgress?.('supervise', 0, 1, 0);
    const sup = await superviseJob({
      store, jobId, patches, layersDir: params.layersDir, rulesFile: params.rulesFile, outDir: params.outDir,
      sceneBboxLonLat: sceneBboxLonLat(inputs.geoTransform, inputs.width, inputs.height, inputs.crs.proj4),
    });
    layerWarnings.push(...sup.warnings);
    const { violations, violatingPatches, bySeverity, byRule, layers, rulesSource, problems } = sup;
    supervision = { violations, violatingPatches, bySeverity, byRule, layers, rulesSource, problems };
    extraFiles.violations = sup.files.violations;
    extraFiles.supervision = sup.files.summary;
    ctx.onDecision?.('supervision done', { jobId, violations, violatingPatches });
  }
  lap('supervise');

  const normInfo = normalization ? { ...normalization, statsFraction: stats?.fraction ?? 1 } : null;
  const summary = buildSummary(ctx, inputs, plan, haloPx, normInfo, threshold, detected, patches, droppedByMmu, transitions, files, pixelAreaM2, t);
  summary.supervision = supervision;
  summary.landuse = landuse;
  summary.warnings = [...inputs.warnings, ...(landuse?.warnings ?? []), ...layerWarnings];
  summary.backend = ctx.pool.stats?.() ?? { kind: 'local', workers: ctx.pool.workers };
  Object.assign(summary.files, extraFiles);
  await writeAtomic(files.summary, `${JSON.stringify(summary, null, 2)}\n`);
  ctx.onProgress?.('export', 1, 1, 0);
  return summary;
}

/** [west, south, east, north] of the raster in lon/lat (corners and edge midpoints transformed). */
function sceneBboxLonLat(gt: readonly number[], width: number, height: number, proj4: string): [number, number, number, number] {
  const ll = isGeographicProj4(proj4) ? null : toLonLat(proj4);
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const c of [0, width / 2, width]) {
    for (const r of [0, height / 2, height]) {
      const x = gt[0] + c * gt[1] + r * gt[2];
      const y = gt[3] + c * gt[4] + r * gt[5];
      const [lon, lat] = ll ? ll(x, y) : [x, y];
      b[0] = Math.min(b[0], lon);
      b[1] = Math.min(b[1], lat);
      b[2] = Math.max(b[2], lon);
      b[3] = Math.max(b[3], lat);
    }
  }
  return b;
}

/** An all-nodata epoch (or two epochs whose valid areas do not meet) has nothing to compare. */
function noValidPixels(p: DetectParams): JobError {
  return new JobError(
    'E_JOB_NO_VALID_PIXELS',
    `epoch A ${p.epochA} and epoch B ${p.epochB} share no valid pixel (every pixel is nodata, NaN or ±Inf in one of them)`,
    { file: p.epochB },
  );
}

function buildSummary(
  ctx: DetectJobContext,
  inputs: Awaited<ReturnType<typeof openDetectInputs>>,
  plan: ReturnType<typeof planTiles>,
  haloPx: number,
  normalization: (Normalization & { statsFraction: number }) | null,
  threshold: DetectSummary['threshold'],
  detected: Awaited<ReturnType<typeof detectPass>>,
  patches: ReturnType<typeof buildPatches>['patches'],
  droppedByMmu: number,
  transitions: TransitionRowOut[] | null,
  files: OutputFiles,
  pixelAreaM2: number,
  t: Record<string, number>,
): DetectSummary {
  const { epochA, epochB, outDir: _out, landuseA, landuseB, ...parameters } = ctx.params;
  const byCode: Record<string, number> = {};
  let changed = 0;
  detected.codeCounts.forEach((n, code) => {
    if (n > 0 && code !== 0 && code !== 255) {
      byCode[code] = n;
      changed += n;
    }
  });
  const areaM2 = patches.reduce((s, p) => s + p.areaM2, 0);
  const r3 = (v: number) => Math.round(v * 1000) / 1000;
  return {
    jobId: ctx.jobId,
    mode: inputs.mode,
    inputs: { epochA, epochB, landuseA: landuseA ?? null, landuseB: landuseB ?? null },
    grid: {
      width: inputs.width,
      height: inputs.height,
      geoTransform: [...inputs.geoTransform],
      epsg: inputs.crs.epsg,
      crsName: inputs.crs.epsg === null ? null : crsName(inputs.crs.epsg),
      proj4: inputs.crs.proj4,
      pixelAreaM2,
    },
    parameters: { ...parameters, mmuMode: parameters.mmuMode ?? 'drop' },
    tiles: { tileSizePx: plan.tileSizePx, haloPx, count: plan.tiles.length },
    normalization: normalization ? { gain: [...normalization.gain], offset: [...normalization.offset], statsFraction: normalization.statsFraction } : null,
    threshold,
    pixels: { valid: detected.validPixels, changed, byCode },
    patches: {
      count: patches.length, droppedByMmu, mergedByMmu: detected.sieve?.mergedPatches ?? 0, sieve: detected.sieve, areaM2: r3(areaM2), areaMu: r3(areaM2 / (10000 / 15)), areaHa: r3(areaM2 / 10000), byType: summarizePatches(patches) },
    transitions,
    landuse: null,
    warnings: [],
    supervision: null,
    files: Object.fromEntries(Object.entries(files).filter(([, v]) => v !== null)) as Record<string, string>,
    timingsMs: {
      plan: Math.round(t.plan - t.start),
      stats: Math.round(t.stats - t.plan),
      histogram: Math.round(t.histogram - t.stats),
      detect: Math.round(t.detect - t.histogram),
      polygons: Math.round(t.patches - t.detect),
      export: Math.round(t.export - t.patches),
      supervise: Math.round(t.supervise - t.export),
      total: Math.round(t.supervise - t.start),
    },
  };
}

/** Temp files a killed run left behind (writers use temp + rename); the resumed run rewrites them. */
async function removeStaleTemps(outDir: string, jobId: string): Promise<void> {
  for (const name of await readdir(outDir)) {
    const temp = /\.tmp(-[\w.-]+)?$|\.spool$/.test(name) || name.includes('.tmp-');
    if (temp || isStaleCache(name, jobId)) await rm(join(outDir, name), { force: true, recursive: true });
  }
}
