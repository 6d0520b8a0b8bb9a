import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHANGE_LEGEND, legendEntry } from '../../kernels/change-legend.ts';
import { LANDUSE_CLASSES } from '../../kernels/landuse-codes.ts';
import { ApiError } from '../api-error.ts';
import { wantsHtml } from '../negotiate.ts';
import type { RouteDef } from '../route-def.ts';
import { queryValue, stringParam } from './common-schemas.ts';

/** viewer/ at the repository root: index.html, app.js, style.css (no build step). */
export const VIEWER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../viewer');

/**
 * Leaflet's dist/ folder, served under /viewer/vendor/leaflet/ (never from a CDN). From node_modules;
 * LANDWATCH_LEAFLET_DIR overrides it (a dist/ folder elsewhere). Null when neither exists.
 */
export function leafletDistDir(): string | null {
  const env = process.env.LANDWATCH_LEAFLET_DIR;
  if (env && existsSync(path.join(env, 'leaflet.js'))) return env;
  try {
    const pkg = createRequire(import.meta.url).resolve('leaflet/package.json');
    const dist = path.join(path.dirname(pkg), 'dist');
    return existsSync(path.join(dist, 'leaflet.js')) ? dist : null;
  } catch {
    return null;
  }
}

const MEDIA: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** A file under `root`, or 404: the relative path may not climb out of it. */
async function staticFile(root: string, rel: string): Promise<{ body: Buffer; type: string }> {
  const full = path.resolve(root, rel);
  if (rel.includes('\0') || (full !== root && !full.startsWith(root + path.sep))) throw new ApiError('E_API_NOT_FOUND', `no file ${rel}`);
  const type = MEDIA[path.extname(full).toLowerCase()];
  if (type === undefined) throw new ApiError('E_API_NOT_FOUND', `no file ${rel}`);
  try {
    return { body: await readFile(full), type };
  } catch {
    throw new ApiError('E_API_NOT_FOUND', `no file ${rel}`);
  }
}

/** Change legend (with label-only codes) and land-use classes, in English and Chinese, for the viewer. */
export function legendDocument(): object {
  const change = CHANGE_LEGEND.flatMap((e) => (e.code >= 20 && e.code < 40 ? [e, legendEntry(e.code + 40)!] : [e]));
  return { change, landuse: LANDUSE_CLASSES };
}

async function viewerIndex(): Promise<Buffer> {
  return (await staticFile(VIEWER_DIR, 'index.html')).body;
}

/**
 * The landing route with the viewer in front: when the server has a viewer service, a browser (Accept:
 * text/html, or ?f=html) gets the map viewer; JSON clients keep the OGC landing page. Other routes pass through unchanged.
 */
export function withViewerLanding(routes: RouteDef[]): RouteDef[] {
  return routes.map((r) => {
    if (r.method !== 'GET' || r.url !== '/') return r;
    const inner = r.handler;
    return {
      ...r,
      summary: `${r.summary}; browsers get the map viewer`,
      handler: async (ctx, req, reply) => {
        // without a viewer service (no tiles, no thumbnails) the plain HTML landing page stays
        if (ctx.viewer !== null && wantsHtml(req.headers.accept, queryValue(req.query, 'f')) && existsSync(path.join(VIEWER_DIR, 'index.html'))) {
          return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(await viewerIndex());
        }
        return inner(ctx, req, reply);
      },
    };
  });
}

export const viewerRoutes: RouteDef[] = [
  {
    method: 'GET',
    url: '/viewer/legend.json',
    operationId: 'getViewerLegend',
    summary: 'Change legend and land-use classes (en/zh) with their colours',
    tags: ['Map'],
    auth: 'none',
    responses: { '200': { description: 'legend', content: { 'application/json': { type: 'object' } } } },
    handler: async (_ctx, _req, reply) => reply.type('application/json').send(legendDocument()),
  },
  {
    method: 'GET',
    url: '/viewer/vendor/leaflet/*',
    operationId: 'getViewerLeaflet',
    summary: 'Leaflet (served from node_modules, never from a CDN)',
    tags: ['Map'],
    auth: 'none',
    responses: { '200': { description: 'a Leaflet file' }, '404': { description: 'Leaflet is not installed' } },
    handler: async (_ctx, req, reply) => {
      const dist = leafletDistDir();
      if (dist === null) throw new ApiError('E_API_NOT_FOUND', 'Leaflet is not installed (npm install leaflet)');
      const f = await staticFile(dist, stringParam(req.params, '*'));
      return reply.type(f.type).header('Cache-Control', 'public, max-age=86400').send(f.body);
    },
  },
  {
    method: 'GET',
    url: '/viewer/*',
    operationId: 'getViewerFile',
    summary: 'The web viewer (static files)',
    tags: ['Map'],
    auth: 'none',
    responses: { '200': { description: 'a viewer file' }, '404': { description: 'no such file' } },
    handler: async (_ctx, req, reply) => {
      const rel = stringParam(req.params, '*') || 'index.html';
      const f = await staticFile(VIEWER_DIR, rel);
      return reply.type(f.type).header('Cache-Control', 'no-cache').send(f.body);
    },
  },
];
