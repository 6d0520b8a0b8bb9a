import { CliError } from './cli-error.ts';

export function parseIntOption(flag: string, raw: string, min: number, max: number): number {
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new CliError('E_CLI_USAGE', `${flag} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return v;
}

export function parseNumberOption(flag: string, raw: string, min: number, max = Infinity): number {
  const v = Number(raw);
  if (!Number.isFinite(v) || v < min || v > max) {
    throw new CliError('E_CLI_USAGE', `${flag} must be a number ≥ ${min}${max < Infinity ? ` and ≤ ${max}` : ''}, got "${raw}"`);
  }
  return v;
}

export function parseChoice<T extends string>(flag: string, raw: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(raw)) {
    throw new CliError('E_CLI_USAGE', `${flag} must be one of ${choices.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

/** "0,1,2,3" (1-based, as GDAL's -b) → 0-based indices */
export function parseBandList(flag: string, raw: string): number[] {
  const parts = raw.split(',').map((s) => s.trim());
  const out = parts.map((p) => Number(p));
  if (out.some((b) => !Number.isInteger(b) || b < 1)) {
    throw new CliError('E_CLI_USAGE', `${flag} takes 1-based band numbers like 1,2,3,4, got "${raw}"`);
  }
  return out.map((b) => b - 1);
}
