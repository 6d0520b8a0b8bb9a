import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import type { JobService } from '../jobs/job-types.ts';
import type { SiteChecker } from '../supervise/index.ts';
import type { AuthLevel } from './auth.ts';
import type { ReviewService } from './routes/reviews.ts';
import type { FeatureSource } from './feature-source.ts';
import type { ViewerService } from './viewer-service.ts';

/** A JSON Schema kept OpenAPI-3.0 compatible (no `const`, no type arrays) and ajv-strict clean (no `example`). */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** What `buildServer` needs; the lead wires the real job runner and the store-backed feature source. */
export interface ApiDeps {
  jobs: JobService;
  features: FeatureSource;
  /** folders client paths may point into (after path.resolve and fs.realpath) */
  dataRoots: string[];
  /** bearer token for mutating routes (and reads when readPublic is false); null disables auth */
  token: string | null;
  readPublic: boolean;
  /** default 1 MiB; larger bodies get 413 */
  bodyLimitBytes?: number;
  /** a pino/fastify logger, or true for fastify's default; default: silent */
  logger?: FastifyBaseLogger | boolean;
  /** parent of the per-job output folders; default `<dataRoots[0]>/../jobs` */
  outRoot?: string;
  /** longest wait of a synchronous execution before it falls back to 201 + Location; default 60 000 */
  syncWaitMs?: number;
  /** external base URL for links (e.g. behind a proxy); default from the request's protocol and Host */
  publicUrl?: string;
  /** map tiles, thumbnails and the HTML report (src/report's createViewerService); those routes 404 without it */
  viewer?: ViewerService;
  /** review decisions (the store's reviews); enables POST …/items/{id}/review and GET …/reviews */
  reviews?: ReviewService;
  /** siting checker over the server's layers; enables POST /check-site */
  siteChecker?: Pick<SiteChecker, 'check'>;
}

/** Resolved options handed to every handler. */
export interface ApiContext {
  jobs: JobService;
  features: FeatureSource;
  dataRoots: readonly string[];
  outRoot: string;
  syncWaitMs: number;
  publicUrl: string | null;
  viewer: ViewerService | null;
  /** the full route table, for the OpenAPI document */
  routes: readonly RouteDef[];
}

export interface ResponseDoc {
  description: string;
  /** media type → schema (schema may be empty for binary or HTML) */
  content?: Record<string, JsonSchema>;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
}

/**
 * One route: the request schemas fastify validates with, the response documentation the OpenAPI
 * generator reads, and the handler. Response schemas are documentation only; they are not given to
 * fastify's serializer, which would silently drop GeoJSON properties it does not know.
 */
export interface RouteDef {
  method: 'GET' | 'POST' | 'DELETE';
  /** fastify syntax: /jobs/:jobId */
  url: string;
  operationId: string;
  summary: string;
  tags: string[];
  auth: AuthLevel;
  schema?: { params?: JsonSchema; querystring?: JsonSchema; body?: JsonSchema };
  responses: Record<string, ResponseDoc>;
  handler: (ctx: ApiContext, req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}
