import { escapeHtml, wantsHtml } from '../negotiate.ts';
import { baseUrl, REL, type Link } from '../links.ts';
import type { RouteDef } from '../route-def.ts';
import { formatQuery, linksSchema, queryValue } from './common-schemas.ts';

export const OPENAPI_MEDIA_TYPE = 'application/vnd.oai.openapi+json;version=3.0';

function landingLinks(base: string): Link[] {
  return [
    { href: `${base}/`, rel: 'self', type: 'application/json', title: 'this document' },
    { href: `${base}/?f=html`, rel: 'alternate', type: 'text/html', title: 'this document as HTML' },
    { href: `${base}/api`, rel: 'service-desc', type: OPENAPI_MEDIA_TYPE, title: 'OpenAPI 3.0 definition' },
    { href: `${base}/api.html`, rel: 'service-doc', type: 'text/html', title: 'API documentation' },
    { href: `${base}/conformance`, rel: REL.conformance, type: 'application/json', title: 'conformance classes' },
    { href: `${base}/processes`, rel: REL.processes, type: 'application/json', title: 'processes' },
    { href: `${base}/jobs`, rel: REL.jobList, type: 'application/json', title: 'jobs' },
    { href: `${base}/collections`, rel: 'data', type: 'application/json', title: 'change patch collections' },
  ];
}

const TITLE = 'landwatch';
const DESCRIPTION = 'Land-change detection between image epochs: OGC API – Processes jobs and OGC API – Features change patches.';

function landingHtml(links: Link[]): string {
  const items = links
    .filter((l) => l.rel !== 'self' && l.rel !== 'alternate')
    .map((l) => `<li><a href="${escapeHtml(l.href)}">${escapeHtml(l.title ?? l.href)}</a></li>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${TITLE}</title></head>
<body>
<h1>${TITLE}</h1>
<p>${escapeHtml(DESCRIPTION)}</p>
<p>The map viewer is not here yet. Meanwhile:</p>
<ul>
${items}
</ul>
</body></html>
`;
}

export const landingRoutes: RouteDef[] = [
  {
    method: 'GET',
    url: '/',
    operationId: 'getLandingPage',
    summary: 'Landing page (JSON, or HTML when the client prefers it)',
    tags: ['Capabilities'],
    auth: 'none',
    schema: { querystring: formatQuery },
    responses: {
      '200': {
        description: 'landing page',
        content: {
          'application/json': { type: 'object', required: ['links'], properties: { title: { type: 'string' }, description: { type: 'string' }, links: linksSchema } },
          'text/html': {},
        },
      },
    },
    handler: async (ctx, req, reply) => {
      const links = landingLinks(baseUrl(req, ctx.publicUrl));
      if (wantsHtml(req.headers.accept, queryValue(req.query, 'f'))) {
        return reply.type('text/html; charset=utf-8').send(landingHtml(links));
      }
      return reply.type('application/json').send({ title: TITLE, description: DESCRIPTION, links });
    },
  },
];
