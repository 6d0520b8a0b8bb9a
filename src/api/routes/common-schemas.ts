import { ApiError } from '../api-error.ts';
import type { JsonSchema } from '../route-def.ts';

/** Schemas shared by several routes; response schemas are documentation for the OpenAPI document. */
export const linkSchema: JsonSchema = {
  type: 'object',
  required: ['href', 'rel'],
  properties: { href: { type: 'string' }, rel: { type: 'string' }, type: { type: 'string' }, title: { type: 'string' } },
};

export const linksSchema: JsonSchema = { type: 'array', items: linkSchema };

export const problemSchema: JsonSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', description: 'OGC exception URI or urn:landwatch:error:<code>' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string', description: 'stable E_<ROOM>_<WHAT> code' },
    requestId: { type: 'string' },
    details: { type: 'object' },
  },
};

export const problemContent = { 'application/problem+json': problemSchema };

export const statusInfoSchema: JsonSchema = {
  type: 'object',
  required: ['jobID', 'type', 'status', 'links'],
  properties: {
    jobID: { type: 'string' },
    processID: { type: 'string' },
    type: { type: 'string', enum: ['process'] },
    status: { type: 'string', enum: ['accepted', 'running', 'successful', 'failed', 'dismissed'] },
    message: { type: 'string', nullable: true },
    progress: { type: 'integer', minimum: 0, maximum: 100 },
    created: { type: 'string', format: 'date-time' },
    started: { type: 'string', format: 'date-time', nullable: true },
    finished: { type: 'string', format: 'date-time', nullable: true },
    updated: { type: 'string', format: 'date-time' },
    phase: { type: 'string' },
    tilesDone: { type: 'integer' },
    tilesTotal: { type: 'integer' },
    etaSeconds: { type: 'number', nullable: true },
    exception: { type: 'object' },
    links: linksSchema,
  },
};

export const jobIdParams: JsonSchema = {
  type: 'object',
  required: ['jobId'],
  additionalProperties: false,
  properties: { jobId: { type: 'string', minLength: 1, maxLength: 200, description: 'job id' } },
};

export const collectionIdParams: JsonSchema = {
  type: 'object',
  required: ['collectionId'],
  additionalProperties: false,
  properties: { collectionId: { type: 'string', minLength: 1, maxLength: 200, description: 'collection id (= job id)' } },
};

export const formatQuery: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { f: { type: 'string', enum: ['json', 'html'], description: 'response format; overrides Accept' } },
};

/** Read a string route parameter that fastify has already validated. */
export function stringParam(params: unknown, name: string): string {
  if (typeof params === 'object' && params !== null && name in params) {
    const v = (params as Record<string, unknown>)[name];
    if (typeof v === 'string') return v;
  }
  throw new ApiError('E_API_BAD_REQUEST', `missing path parameter ${name}`);
}

/** Read an optional query value that fastify has already validated/coerced. */
export function queryValue(query: unknown, name: string): unknown {
  if (typeof query === 'object' && query !== null && name in query) return (query as Record<string, unknown>)[name];
  return undefined;
}
