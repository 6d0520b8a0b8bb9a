import { parseArgs } from 'node:util';

/** Flags every pipeline benchmark shares. */
export interface CommonArgs {
  size: number;
  seed: number;
  workers: number | null;
  warmup: number;
  repeats: number;
  json: string | null;
  /** write the history file bench/results/<date>-<name>.json (off with --no-record) */
  record: boolean;
  /** sample cache folder (default $LANDWATCH_BENCH_CACHE or ~/.cache/landwatch-bench) */
  cache: string | null;
  quick: boolean;
  /** skip every GDAL baseline (also when GDAL is absent) */
  noGdal: boolean;
}

type FlagSpec = Record<string, { type: 'string' | 'boolean'; default?: string | boolean }>;

const COMMON: FlagSpec = {
  size: { type: 'string' },
  seed: { type: 'string', default: '1' },
  workers: { type: 'string' },
  warmup: { type: 'string' },
  repeats: { type: 'string' },
  json: { type: 'string' },
  'no-record': { type: 'boolean', default: false },
  cache: { type: 'string' },
  quick: { type: 'boolean', default: false },
  'no-gdal': { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
};

/**
 * Parses the shared flags plus a script's own. `--quick` changes the defaults (size, repeats), never an
 * explicit flag. Exits with usage text on --help or a bad number.
 */
export function parseBenchArgs<E extends FlagSpec>(
  argv: string[],
  usage: string,
  defaults: { size: number; quickSize: number; repeats: number; quickRepeats: number },
  extra: E = {} as E,
): { common: CommonArgs; extra: Record<keyof E, string | boolean | undefined> } {
  const { values } = parseArgs({ args: argv, options: { ...COMMON, ...extra }, allowPositionals: false, strict: true });
  const v = values as Record<string, string | boolean | undefined>;
  if (v.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const quick = v.quick === true;
  const int = (name: string, dflt: number, min: number): number => {
    const raw = v[name];
    if (raw === undefined) return dflt;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) {
      process.stderr.write(`bench: --${name} must be an integer ≥ ${min}, got ${String(raw)}\n`);
      process.exit(2);
    }
    return n;
  };
  const common: CommonArgs = {
    size: int('size', quick ? defaults.quickSize : defaults.size, 16),
    seed: int('seed', 1, 0),
    workers: v.workers === undefined ? null : int('workers', 1, 1),
    warmup: int('warmup', 1, 0),
    repeats: int('repeats', quick ? defaults.quickRepeats : defaults.repeats, 1),
    json: typeof v.json === 'string' ? v.json : null,
    record: v['no-record'] !== true,
    cache: typeof v.cache === 'string' ? v.cache : null,
    quick,
    noGdal: v['no-gdal'] === true,
  };
  const extraOut = {} as Record<keyof E, string | boolean | undefined>;
  for (const k of Object.keys(extra) as Array<keyof E>) extraOut[k] = v[k as string];
  return { common, extra: extraOut };
}
