import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { ApiError } from './api-error.ts';
import { checkBearer, needsToken, type AuthLevel } from './auth.ts';
import { PROBLEM_MEDIA_TYPE, problemFromError } from './problem.ts';
import type { ApiContext, ApiDeps, RouteDef } from './route-def.ts';
import { apiDocRoutes } from './routes/api-doc.ts';
import { collectionsRoutes } from './routes/collections.ts';
import { conformanceRoutes } from './routes/conformance.ts';
import { executionRoutes } from './routes/execution.ts';
import { itemsRoutes } from './routes/items.ts';
import { jobResultsRoutes } from './routes/job-results.ts';
import { jobsRoutes } from './routes/jobs.ts';
import { landingRoutes } from './routes/landing.ts';
import { processesRoutes } from './routes/processes.ts';
import { reportRoutes } from './routes/report.ts';
import { tilesRoutes } from './routes/tiles.ts';
import { viewerRoutes, withViewerLanding } from './routes/viewer.ts';
import { reviewsRoutes } from './routes/reviews.ts';
import { checkSiteRoutes } from './routes/check-site.ts';

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
export const DEFAULT_SYNC_WAIT_MS = 60_000;

/**
 * The HTTP API: OGC API – Processes 1.0 and Features 1.0. All routes come from one table (one file per
 * resource in routes/); the same table feeds the OpenAPI document. Errors leave as RFC 7807 problems
 * through one handler; auth runs in onRequest, before any body is read. CORS is off (no headers sent).
 */
export function buildServer(deps: ApiDeps): FastifyInstance {
  const firstRoot = deps.dataRoots[0];
  if (deps.outRoot === undefined && firstRoot === undefined) {
    throw new ApiError('E_API_CONFIG', 'buildServer needs outRoot or at least one data root');
  }
  const token = deps.token === '' ? null : deps.token;
  const logger = deps.logger ?? false;
  const app = Fastify({
    bodyLimit: deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    genReqId: () => randomUUID(),
    // request bodies are checked strictly: an unknown input is an error, not silently dropped
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
    ...(typeof logger === 'boolean' ? { logger } : { loggerInstance: logger }),
  });

  // JSON bodies only: anything else is a 415, not a string the schema then calls malformed
  app.removeContentTypeParser('text/plain');

  const routes: RouteDef[] = [
    ...withViewerLanding(landingRoutes),
    ...conformanceRoutes,
    ...apiDocRoutes({ secureWrite: token !== null, secureRead: token !== null && !deps.readPublic }),
    ...processesRoutes,
    ...executionRoutes,
    ...jobsRoutes,
    ...jobResultsRoutes,
    ...collectionsRoutes,
    ...itemsRoutes,
    ...tilesRoutes,
    ...reportRoutes,
    ...viewerRoutes,
    ...(deps.reviews ? reviewsRoutes(deps.reviews) : []),
    ...(deps.siteChecker ? checkSiteRoutes(deps.siteChecker) : []),
  ];
  const ctx: ApiContext = {
    jobs: deps.jobs,
    features: deps.features,
    dataRoots: [...deps.dataRoots],
    outRoot: deps.outRoot ?? path.resolve(firstRoot ?? '.', '..', 'jobs'),
    syncWaitMs: deps.syncWaitMs ?? DEFAULT_SYNC_WAIT_MS,
    publicUrl: deps.publicUrl ?? null,
    viewer: deps.viewer ?? null,
    routes,
  };

  const authByRoute = new Map<string, AuthLevel>();
  for (const r of routes) {
    authByRoute.set(`${r.method} ${r.url}`, r.auth);
    if (r.method === 'GET') authByRoute.set(`HEAD ${r.url}`, r.auth);
  }

  app.addHook('onRequest', async (req, reply) => {
    reply.header('X-Request-Id', req.id);
    reply.header('X-Content-Type-Options', 'nosniff');
    const level = authByRoute.get(`${req.method} ${req.routeOptions.url ?? ''}`) ?? 'none';
    if (!needsToken(level, token, deps.readPublic)) return;
    const outcome = checkBearer(req.headers.authorization, token);
    if (outcome === 'missing') {
      reply.header('WWW-Authenticate', 'Bearer realm="landwatch"');
      throw new ApiError('E_API_UNAUTHORIZED', 'this route needs Authorization: Bearer <token>');
    }
    if (outcome === 'wrong') {
      reply.header('WWW-Authenticate', 'Bearer realm="landwatch", error="invalid_token"');
      throw new ApiError('E_API_FORBIDDEN', 'the bearer token is not valid');
    }
  });

  app.setErrorHandler((err, req, reply) => {
    const { problem, unexpected } = problemFromError(err, req.url, String(req.id));
    if (unexpected) req.log.error({ err }, 'unexpected error');
    else if (problem.status >= 500) req.log.error({ code: problem.code, detail: problem.detail }, 'request failed');
    else req.log.info({ code: problem.code, status: problem.status }, 'request refused');
    return reply.code(problem.status).type(PROBLEM_MEDIA_TYPE).send(problem);
  });

  app.setNotFoundHandler((req, reply) => {
    const { problem } = problemFromError(new ApiError('E_API_NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`), req.url, String(req.id));
    return reply.code(404).type(PROBLEM_MEDIA_TYPE).send(problem);
  });

  for (const r of routes) {
    app.route({
      method: r.method,
      url: r.url,
      ...(r.schema === undefined ? {} : { schema: r.schema }),
      handler: (req, reply) => r.handler(ctx, req, reply),
    });
  }
  if (token === null) app.log.warn('no API token: mutating routes are open to anyone who can reach this port');
  return app;
}
