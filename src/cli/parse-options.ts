import { BAND_ROLE_NAMES, type BandRole, type BandRoles } from '../kernels/band-roles.ts';
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

/** `red=3,nir=4` (1-based bands) → { red: 2, nir: 3 } (0-based); unknown roles and repeats are usage errors. */
export function parseBandRolesOption(flag: string, raw: string): BandRoles {
  const out: BandRoles = {};
  for (const part of raw.split(',')) {
    const m = /^\s*([a-z0-9]+)\s*=\s*(\d+)\s*$/i.exec(part);
    const role = m?.[1].toLowerCase() as BandRole | undefined;
    if (!m || !role || !BAND_ROLE_NAMES.includes(role) || Number(m[2]) < 1) {
      throw new CliError('E_CLI_USAGE', `${flag} takes role=band pairs with 1-based bands and roles ${BAND_ROLE_NAMES.join(', ')}, e.g. red=3,nir=4; got "${raw}"`);
    }
    if (out[role] !== undefined) throw new CliError('E_CLI_USAGE', `${flag}: role ${role} given twice in "${raw}"`);
    out[role] = Number(m[2]) - 1;
  }
  return out;
}
