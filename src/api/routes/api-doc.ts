import { escapeHtml } from '../negotiate.ts';
import { baseUrl } from '../links.ts';
import { buildOpenApi, openApiPath } from '../openapi.ts';
import type { ApiContext, RouteDef } from '../route-def.ts';
import { OPENAPI_MEDIA_TYPE } from './landing.ts';

export interface ApiDocSecurity {
  secureWrite: boolean;
  secureRead: boolean;
}

function apiHtml(routes: readonly RouteDef[], base: string): string {
  const rows = routes
    .map((r) => `<tr><td>${r.method}</td><td><code>${escapeHtml(openApiPath(r.url))}</code></td><td>${escapeHtml(r.summary)}</td><td>${r.auth === 'write' ? 'bearer token' : r.auth === 'read' ? 'read' : 'public'}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>landwatch API</title></head>
<body>
<h1>landwatch API</h1>
<p>Machine-readable definition: <a href="${escapeHtml(base)}/api">OpenAPI 3.0 JSON</a>.</p>
<table border="1" cellpadding="4">
<thead><tr><th>Method</th><th>Path</th><th>What</th><th>Access</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}

/** The two routes serving the API description; they read the whole table from the context. */
export function apiDocRoutes(security: ApiDocSecurity): RouteDef[] {
  const doc = (ctx: ApiContext, base: string): Record<string, unknown> =>
    buildOpenApi(ctx.routes, { title: 'landwatch', version: '0.1.0', serverUrl: base, ...security });
  return [
    {
      method: 'GET',
      url: '/api',
      operationId: 'getOpenApi',
      summary: 'This OpenAPI 3.0 document',
      tags: ['Capabilities'],
      auth: 'none',
      responses: { '200': { description: 'OpenAPI document', content: { [OPENAPI_MEDIA_TYPE]: { type: 'object' } } } },
      handler: async (ctx, req, reply) => reply.type(OPENAPI_MEDIA_TYPE).send(doc(ctx, baseUrl(req, ctx.publicUrl))),
    },
    {
      method: 'GET',
      url: '/api.html',
      operationId: 'getApiHtml',
      summary: 'Human-readable list of the routes',
      tags: ['Capabilities'],
      auth: 'none',
      responses: { '200': { description: 'HTML page', content: { 'text/html': {} } } },
      handler: async (ctx, req, reply) => reply.type('text/html; charset=utf-8').send(apiHtml(ctx.routes, baseUrl(req, ctx.publicUrl))),
    },
  ];
}
