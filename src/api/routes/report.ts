import type { RouteDef } from '../route-def.ts';
import { jobIdParams, problemContent, stringParam } from './common-schemas.ts';
import { requireViewer } from './tiles.ts';

export const reportRoutes: RouteDef[] = [
  {
    method: 'GET',
    url: '/jobs/:jobId/report',
    operationId: 'getJobReport',
    summary: 'Self-contained HTML change report of a job (images inlined, no external requests)',
    tags: ['Jobs'],
    auth: 'read',
    schema: { params: jobIdParams, querystring: { type: 'object', additionalProperties: false, properties: { download: { type: 'boolean' } } } },
    responses: {
      '200': { description: 'HTML report', content: { 'text/html': {} } },
      '404': { description: 'no such job', content: problemContent },
    },
    handler: async (ctx, req, reply) => {
      const jobId = stringParam(req.params, 'jobId');
      const html = await requireViewer(ctx).reportHtml(jobId);
      if ((req.query as { download?: boolean }).download === true) {
        reply.header('Content-Disposition', `attachment; filename="landwatch-report-${jobId.replace(/[^\w.-]/g, '_')}.html"`);
      }
      return reply.type('text/html; charset=utf-8').send(html);
    },
  },
];
