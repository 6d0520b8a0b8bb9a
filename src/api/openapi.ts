import type { JsonSchema, RouteDef } from './route-def.ts';
import { problemSchema } from './routes/common-schemas.ts';

export interface OpenApiOptions {
  title: string;
  version: string;
  serverUrl: string;
  /** whether a bearer token guards write routes / read routes */
  secureWrite: boolean;
  secureRead: boolean;
}

interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

/** fastify `/jobs/:jobId` → OpenAPI `/jobs/{jobId}` */
export function openApiPath(url: string): string {
  return url.replace(/:(\w+)/g, '{$1}');
}

function parametersOf(schema: JsonSchema | undefined, where: 'path' | 'query'): Parameter[] {
  if (schema === undefined) return [];
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  return Object.entries(props).map(([name, s]) => {
    const { description, ...rest } = s;
    const p: Parameter = { name, in: where, required: where === 'path' || required.includes(name), schema: rest };
    if (typeof description === 'string') p.description = description;
    return p;
  });
}

/**
 * The OpenAPI 3.0 document, built by walking the same route table the server registers, with the same
 * request schemas fastify validates against, so the document cannot list a route that does not exist.
 */
export function buildOpenApi(routes: readonly RouteDef[], opts: OpenApiOptions): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const problem = { description: 'problem details (RFC 7807)', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
  for (const r of routes) {
    const key = openApiPath(r.url);
    const item = (paths[key] ??= {});
    const responses: Record<string, unknown> = {};
    for (const [status, doc] of Object.entries(r.responses)) {
      const out: Record<string, unknown> = { description: doc.description };
      if (doc.content !== undefined) {
        const content: Record<string, unknown> = {};
        for (const [mt, schema] of Object.entries(doc.content)) content[mt] = mt === 'application/problem+json' ? problem.content[mt] : { schema };
        out.content = content;
      }
      if (doc.headers !== undefined) out.headers = doc.headers;
      responses[status] = out;
    }
    const secured = r.auth === 'write' ? opts.secureWrite : r.auth === 'read' ? opts.secureRead : false;
    if (secured) {
      responses['401'] ??= { ...problem, description: 'missing bearer token' };
      responses['403'] ??= { ...problem, description: 'wrong bearer token' };
    }
    responses.default = problem;
    const op: Record<string, unknown> = {
      operationId: r.operationId,
      summary: r.summary,
      tags: r.tags,
      parameters: [...parametersOf(r.schema?.params, 'path'), ...parametersOf(r.schema?.querystring, 'query')],
      responses,
    };
    if (r.schema?.body !== undefined) {
      op.requestBody = { required: true, content: { 'application/json': { schema: r.schema.body } } };
    }
    op.security = secured ? [{ bearerAuth: [] }] : [];
    item[r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.0.3',
    info: { title: opts.title, version: opts.version, description: 'OGC API – Processes 1.0 (core, JSON, job list, dismiss) and OGC API – Features 1.0 (core, GeoJSON) over landwatch change patches.' },
    servers: [{ url: opts.serverUrl }],
    paths,
    components: {
      schemas: { Problem: problemSchema },
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
    },
  };
}
