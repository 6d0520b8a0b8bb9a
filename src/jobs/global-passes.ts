import {
  emptyBandStats,
  magnitudeHistogramSpec,
  magnitudeHistogramSpecFromStats,
  mergeBandStats,
  mergeHistograms,
  normalizationFromStats,
  otsuThreshold,
  histogramMoments,
  type BandStats,
  type HistogramSpec,
  type Normalization,
} from '../kernels/index.ts';
import type { PlannedTile, RasterSource, TilePlan } from '../raster/index.ts';
import { statsUnits } from './stats-units.ts';
import { openPixelCache, type PixelCacheIndex } from './job-caches.ts';
import type { TaskMap, TileRef } from '../pool/messages.ts';
import type { TileRunner } from '../pool/tile-runner.ts';
import type { Store } from '../store/index.ts';
import { runCheckpointed } from './checkpoint-writer.ts';
import { bytesOf, float64Of, packSections, unpackSections } from './tile-payload.ts';
import { epochPair } from './read-planner.ts';
import type { DetectInputs } from './detect-inputs.ts';

export interface PassContext {
  jobId: string;
  inputs: DetectInputs;
  plan: TilePlan;
  pool: TileRunner<TaskMap>;
  store: Store;
  signal?: AbortSignal;
  maxInFlight: number;
  /** the job's output folder (cache files live there) */
  outDir: string;
  progress: (phase: string, done: number, total: number, pixels: number) => void;
  /** decisions worth a log line (a cache skipped) */
  decision?: (message: string, fields: Record<string, unknown>) => void;
  /** decoded imagery the stats pass cached; epochPair() hands it to the tasks that read those windows */
  pixelCache?: PixelCacheIndex | null;
}

export function tileRef(t: PlannedTile): TileRef {
  return { id: t.id, col: t.col, row: t.row, label: `tile ${t.col},${t.row}` };
}

/**
 * Pass "stats": per-band statistics of both epochs over units of the source block grid (all of them, or a
 * spread sample — see statsUnits), merged in unit order, so the floating-point sums and everything after
 * them are the same whatever the tile size and on a resumed run.
 */
export async function statsPass(
  ctx: PassContext,
  mode: 'exact' | 'sample',
  opts: { pixelCache: boolean },
): Promise<{ statsA: BandStats; statsB: BandStats; fraction: number; pixelCache: PixelCacheIndex | null }> {
  const bands = ctx.inputs.imageryA?.bands ?? 0;
  const grid = statsUnits(ctx.inputs.imageryA as RasterSource, mode);
  const { units, fraction } = grid;
  // the cache only pays when it covers the scene; a sampled pass leaves it to the histogram pass
  const cache = opts.pixelCache && fraction === 1 && units.length > 0
    ? await openPixelCache(ctx, units, { cellWidth: grid.unitWidth, cellHeight: grid.unitHeight, cols: grid.cols }, epochPair(ctx, units[0].window))
    : null;
  const perUnit = new Map<number, { a: BandStats; b: BandStats }>();
  const unitById = new Map(units.map((u) => [u.id, u]));
  for await (const done of ctx.store.tiles.listPayloads(ctx.jobId, 'stats')) {
    perUnit.set(done.tileId, parseStats(done.stats));
    const u = unitById.get(done.tileId);
    if (u) cache?.record(u.id, u.window, done.stats, true);
  }
  const todo = units.filter((u) => !perUnit.has(u.id));
  let pixels = 0;
  await runCheckpointed(
    ctx,
    todo,
    (u, signal) =>
      ctx.pool.run(
        'stats',
        {
          tile: { id: u.id, col: u.col, row: u.row, label: `unit ${u.col},${u.row}` },
          imagery: epochPair(ctx, u.window),
          cache: cache?.refFor(u.id) ?? null,
        },
        { signal, label: `stats unit ${u.col},${u.row}` },
      ),
    async (u, r, write) => {
      const cached = cache?.checkpointFields(r.cacheCrc) ?? {};
      await write({
        jobId: ctx.jobId, pass: 'stats', tileId: u.id, col: u.col, row: u.row, status: 'done',
        stats: { a: statsJson(r.statsA), b: statsJson(r.statsB), ...cached }, payload: null, ms: Math.round(r.ms), attempts: 1,
      });
      perUnit.set(u.id, { a: r.statsA, b: r.statsB });
      cache?.record(u.id, u.window, cached, false);
      pixels += u.window.width * u.window.height;
      ctx.progress('stats', perUnit.size, units.length, pixels);
    },
  );
  let statsA = emptyBandStats(bands);
  let statsB = emptyBandStats(bands);
  for (const u of units) {
    const s = perUnit.get(u.id);
    if (!s) continue;
    statsA = mergeBandStats(statsA, s.a);
    statsB = mergeBandStats(statsB, s.b);
  }
  return { statsA, statsB, fraction, pixelCache: cache };
}


/**
 * The magnitude histogram's range. From the observed band min/max when the stats pass saw every pixel (a
 * tight, exact bound: int16 Landsat gets ~0.03 DN bins instead of ~5 DN from the type's range), and
 * for float imagery (no type range); otherwise from the sample type's range (a sampled stats pass may
 * miss the extremes).
 */
export function histogramSpecFor(
  inputs: DetectInputs,
  norm: Normalization | null,
  stats: { statsA: BandStats; statsB: BandStats; fraction: number } | null,
): HistogramSpec {
  const st = inputs.imageryA?.sampleType ?? 'uint8';
  if (stats && (stats.fraction === 1 || st === 'float32' || st === 'float64')) {
    return magnitudeHistogramSpecFromStats(stats.statsA, stats.statsB, inputs.cvaBands, norm);
  }
  if (st === 'float32' || st === 'float64') throw new Error('float imagery needs the stats pass before the histogram');
  return magnitudeHistogramSpec(st, inputs.cvaBands, norm);
}

/**
 * Pass "histogram": global histogram of the CVA magnitude (integer counts: merge order is irrelevant).
 * When no pixel cache covers the scene yet and `writeCache` is set, the tasks write one on the tile grid
 * (the detect pass then reads it); the cache in use after the pass is returned.
 */
export async function histogramPass(
  ctx: PassContext,
  spec: HistogramSpec,
  norm: Normalization | null,
  writeCache: boolean,
): Promise<{ counts: Float64Array; pixelCache: PixelCacheIndex | null }> {
  const { plan } = ctx;
  const cache = writeCache && !ctx.pixelCache
    ? await openPixelCache(ctx, plan.tiles.map((t) => ({ id: t.id, window: t.core })), { cellWidth: plan.tileSizePx, cellHeight: plan.tileSizePx, cols: plan.cols }, epochPair(ctx, plan.tiles[0].core))
    : null;
  let merged: Float64Array = new Float64Array(spec.bins);
  const done = new Set<number>();
  for await (const d of ctx.store.tiles.listPayloads(ctx.jobId, 'histogram')) {
    if (!d.payload) continue;
    merged = mergeHistograms(merged, float64Of(unpackSections(d.payload, `histogram of tile ${d.col},${d.row}`)[0]), merged);
    done.add(d.tileId);
    cache?.record(d.tileId, plan.tiles[d.tileId].core, d.stats, true);
  }
  const todo = plan.tiles.filter((t) => !done.has(t.id));
  let pixels = 0;
  await runCheckpointed(
    ctx,
    todo,
    (t, signal) =>
      ctx.pool.run(
        'histogram',
        {
          tile: tileRef(t),
          imagery: epochPair(ctx, t.core),
          cvaBands: ctx.inputs.cvaBands,
          normalization: norm,
          spec,
          cache: cache?.refFor(t.id) ?? null,
        },
        { signal, label: `${t.col},${t.row}` },
      ),
    async (t, r, write) => {
      const cached = cache?.checkpointFields(r.cacheCrc) ?? null;
      await write({
        jobId: ctx.jobId, pass: 'histogram', tileId: t.id, col: t.col, row: t.row, status: 'done',
        stats: cached, payload: packSections([bytesOf(r.counts)]), ms: Math.round(r.ms), attempts: 1,
      });
      cache?.record(t.id, t.core, cached, false);
      mergeHistograms(merged, r.counts, merged);
      done.add(t.id);
      pixels += t.core.width * t.core.height;
      ctx.progress('histogram', done.size, plan.tiles.length, pixels);
    },
  );
  return { counts: merged, pixelCache: cache ?? ctx.pixelCache ?? null };
}

export function otsuFromHistogram(hist: Float64Array, spec: HistogramSpec): { threshold: number; mean: number; std: number } {
  const m = histogramMoments(hist, spec);
  return { threshold: otsuThreshold(hist, spec), mean: m.mean, std: m.std };
}

export { normalizationFromStats };

function statsJson(s: BandStats): Record<string, number[] | number> {
  return { bands: s.bands, count: [...s.count], sum: [...s.sum], sumSq: [...s.sumSq], min: [...s.min], max: [...s.max] };
}

function parseStats(json: Record<string, unknown> | null): { a: BandStats; b: BandStats } {
  const one = (v: unknown): BandStats => {
    const o = v as { bands: number; count: number[]; sum: number[]; sumSq: number[]; min: (number | null)[]; max: (number | null)[] };
    const num = (x: number | null, dflt: number) => (x === null ? dflt : x);
    return {
      bands: o.bands,
      count: Float64Array.from(o.count),
      sum: Float64Array.from(o.sum),
      sumSq: Float64Array.from(o.sumSq),
      min: Float64Array.from(o.min, (x) => num(x, Infinity)),
      max: Float64Array.from(o.max, (x) => num(x, -Infinity)),
    };
  };
  const j = json as { a: unknown; b: unknown };
  return { a: one(j.a), b: one(j.b) };
}
