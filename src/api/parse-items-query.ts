import { CODE_BY_KEY, legendEntry } from '../kernels/change-legend.ts';
import { ApiError } from './api-error.ts';
import type { BboxLonLat, ItemQuery } from './feature-source.ts';

export const ITEMS_DEFAULT_LIMIT = 100;
export const ITEMS_MAX_LIMIT = 10000;

function bad(param: string, what: string): ApiError {
  return new ApiError('E_API_BAD_REQUEST', `${param}: ${what}`, { param });
}

/** `minLon,minLat,maxLon,maxLat` (or the 6-number 3D form, heights ignored) in WGS84/CGCS2000 degrees. */
export function parseBbox(raw: string): BboxLonLat {
  const parts = raw.split(',').map((s) => s.trim());
  if (parts.length !== 4 && parts.length !== 6) throw bad('bbox', 'expected 4 (or 6) comma-separated numbers');
  const n = parts.map((s) => (s === '' ? Number.NaN : Number(s)));
  if (!n.every(Number.isFinite)) throw bad('bbox', 'expected numbers');
  const [minLon, minLat, maxLon, maxLat] = parts.length === 4 ? [n[0]!, n[1]!, n[2]!, n[3]!] : [n[0]!, n[1]!, n[3]!, n[4]!];
  if (minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90) throw bad('bbox', 'outside [-180,-90,180,90]');
  if (minLat > maxLat) throw bad('bbox', 'minLat > maxLat');
  if (minLon > maxLon) throw bad('bbox', 'boxes crossing the antimeridian are not supported');
  return [minLon, minLat, maxLon, maxLat];
}


/** `change_type`: comma-separated legend keys (`cropland_to_construction`) or numeric codes (`20,60`). */
export function parseChangeTypes(raw: string): number[] {
  const codes: number[] = [];
  for (const part of raw.split(',')) {
    const s = part.trim();
    if (s === '') continue;
    let code: number | undefined;
    if (/^\d{1,3}$/.test(s)) {
      const n = Number(s);
      code = legendEntry(n) !== undefined ? n : undefined;
    } else {
      code = CODE_BY_KEY.get(s.toLowerCase());
    }
    if (code === undefined) throw bad('change_type', `unknown change type ${JSON.stringify(s)}`);
    if (!codes.includes(code)) codes.push(code);
  }
  if (codes.length === 0) throw bad('change_type', 'empty');
  return codes;
}

export interface ItemsQueryRaw {
  bbox?: string;
  change_type?: string;
  min_area?: number;
  limit: number;
  offset: number;
}

/**
 * Narrow the validated query object. A limit above the maximum is clamped, not refused (OGC API – Features
 * /req/core/fc-limit-response-1).
 */
export function parseItemsQuery(query: unknown): { raw: ItemsQueryRaw; query: ItemQuery } {
  const q = typeof query === 'object' && query !== null ? (query as Record<string, unknown>) : {};
  const limitIn = q.limit;
  const offsetIn = q.offset;
  const limit = typeof limitIn === 'number' && Number.isInteger(limitIn) && limitIn >= 1 ? Math.min(limitIn, ITEMS_MAX_LIMIT) : ITEMS_DEFAULT_LIMIT;
  const offset = typeof offsetIn === 'number' && Number.isInteger(offsetIn) && offsetIn >= 0 ? offsetIn : 0;
  const raw: ItemsQueryRaw = { limit, offset };
  const out: ItemQuery = { limit, offset, filters: {} };
  if (typeof q.bbox === 'string') {
    raw.bbox = q.bbox;
    out.bbox = parseBbox(q.bbox);
  }
  if (typeof q.change_type === 'string') {
    raw.change_type = q.change_type;
    out.filters.changeCodes = parseChangeTypes(q.change_type);
  }
  if (q.min_area !== undefined) {
    if (typeof q.min_area !== 'number' || !Number.isFinite(q.min_area) || q.min_area < 0) throw bad('min_area', 'expected a number >= 0 (m²)');
    raw.min_area = q.min_area;
    out.filters.minAreaM2 = q.min_area;
  }
  return { raw, query: out };
}
