/**
 * Timing statistics in the flatbush bench shape: warm-up runs that are not counted, then N repeats;
 * min, mean and sample standard deviation. Each run may return extra figures (pixels, RSS, counts) that
 * are kept with the run, so a table can show the figures of the fastest run.
 */
export interface RunFigures {
  ms: number;
  [key: string]: number | string | boolean | null;
}

export interface Measurement<F extends RunFigures = RunFigures> {
  name: string;
  runs: F[];
  minMs: number;
  meanMs: number;
  sdMs: number;
}

export interface MeasureOptions {
  warmup: number;
  repeats: number;
  /** called after every counted run (progress line on stderr) */
  onRun?: (name: string, i: number, figures: RunFigures) => void;
}

export function summarize<F extends RunFigures>(name: string, runs: F[]): Measurement<F> {
  const ms = runs.map((r) => r.ms);
  const n = ms.length;
  const mean = n === 0 ? NaN : ms.reduce((s, v) => s + v, 0) / n;
  const sd = n < 2 ? 0 : Math.sqrt(ms.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  return { name, runs, minMs: n === 0 ? NaN : Math.min(...ms), meanMs: mean, sdMs: sd };
}

/** Runs `fn` warmup + repeats times in sequence; `fn` returns its own figures (at least ms). */
export async function measure<F extends RunFigures>(name: string, fn: () => Promise<F>, opts: MeasureOptions): Promise<Measurement<F>> {
  for (let i = 0; i < opts.warmup; i++) await fn();
  const runs: F[] = [];
  for (let i = 0; i < opts.repeats; i++) {
    const f = await fn();
    runs.push(f);
    opts.onRun?.(name, i, f);
  }
  return summarize(name, runs);
}

/** Wall time of an async function in ms, with its result. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/** The run with the smallest time (its figures go in the table). */
export function fastest<F extends RunFigures>(m: Measurement<F>): F {
  let best = m.runs[0];
  for (const r of m.runs) if (r.ms < best.ms) best = r;
  return best;
}

/** max of a numeric figure over all runs (peak RSS), null when absent */
export function maxOf<F extends RunFigures>(m: Measurement<F>, key: string): number | null {
  let best: number | null = null;
  for (const r of m.runs) {
    const v = r[key];
    if (typeof v === 'number' && (best === null || v > best)) best = v;
  }
  return best;
}

export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

/** 'min 1.23 s, mean 1.30 s ± 0.05 s (n=5)' */
export function fmtMeasurement(m: Measurement): string {
  return `min ${fmtMs(m.minMs)}, mean ${fmtMs(m.meanMs)} ± ${fmtMs(m.sdMs)} (n=${m.runs.length})`;
}

/** a / b as '2.41×', '—' when either is missing */
export function ratio(a: number | null | undefined, b: number | null | undefined): string {
  if (a == null || b == null || !(a > 0) || !(b > 0)) return '—';
  return `${(a / b).toFixed(2)}×`;
}
