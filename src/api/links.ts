import type { FastifyRequest } from 'fastify';

export interface Link {
  href: string;
  rel: string;
  type?: string;
  title?: string;
}

/** Absolute base URL without a trailing slash, from `publicUrl` or the request's protocol and Host. */
export function baseUrl(req: FastifyRequest, publicUrl: string | null): string {
  if (publicUrl !== null) return publicUrl.replace(/\/+$/, '');
  return `${req.protocol}://${req.host}`;
}

/** Query string from an ordered list of pairs, skipping undefined values. */
export function queryString(pairs: ReadonlyArray<readonly [string, string | number | undefined]>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of pairs) if (v !== undefined) sp.set(k, String(v));
  const s = sp.toString();
  return s === '' ? '' : `?${s}`;
}

/** self/next/prev links of an offset-paged list. */
export function pageLinks(href: (offset: number) => string, offset: number, limit: number, returned: number,
  total: number, type: string): Link[] {
  const links: Link[] = [{ href: href(offset), rel: 'self', type }];
  if (returned > 0 && offset + returned < total) links.push({ href: href(offset + returned), rel: 'next', type });
  if (offset > 0) links.push({ href: href(Math.max(0, offset - limit)), rel: 'prev', type });
  return links;
}

export const REL = {
  conformance: 'http://www.opengis.net/def/rel/ogc/1.0/conformance',
  processes: 'http://www.opengis.net/def/rel/ogc/1.0/processes',
  jobList: 'http://www.opengis.net/def/rel/ogc/1.0/job-list',
  execute: 'http://www.opengis.net/def/rel/ogc/1.0/execute',
  results: 'http://www.opengis.net/def/rel/ogc/1.0/results',
  processDesc: 'http://www.opengis.net/def/rel/ogc/1.0/process-desc',
} as const;
