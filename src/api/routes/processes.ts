import { ApiError } from '../api-error.ts';
import { baseUrl, REL } from '../links.ts';
import { findProcess, PROCESSES, processDescription, processSummary, type ProcessDef } from '../process-catalog.ts';
import type { RouteDef } from '../route-def.ts';
import { linksSchema, problemContent, stringParam } from './common-schemas.ts';

function processLinks(base: string, p: ProcessDef): Array<{ href: string; rel: string; type: string; title: string }> {
  const url = `${base}/processes/${p.id}`;
  return [
    { href: url, rel: 'self', type: 'application/json', title: 'process description' },
    { href: `${url}/execution`, rel: REL.execute, type: 'application/json', title: 'execute' },
  ];
}

export function requireProcess(id: string): ProcessDef {
  const p = findProcess(id);
  if (p === undefined) throw new ApiError('E_API_NO_SUCH_PROCESS', `no process ${JSON.stringify(id)}`, { processId: id });
  return p;
}

export const processesRoutes: RouteDef[] = [
  {
    method: 'GET',
    url: '/processes',
    operationId: 'getProcesses',
    summary: 'Process summaries',
    tags: ['Processes'],
    auth: 'read',
    responses: {
      '200': {
        description: 'process list',
        content: { 'application/json': { type: 'object', required: ['processes', 'links'], properties: { processes: { type: 'array', items: { type: 'object' } }, links: linksSchema } } },
      },
    },
    handler: async (ctx, req) => {
      const base = baseUrl(req, ctx.publicUrl);
      return {
        processes: PROCESSES.map((p) => ({ ...processSummary(p), links: processLinks(base, p) })),
        links: [{ href: `${base}/processes`, rel: 'self', type: 'application/json' }],
      };
    },
  },
  {
    method: 'GET',
    url: '/processes/:processId',
    operationId: 'getProcessDescription',
    summary: 'Process description with inputs and outputs',
    tags: ['Processes'],
    auth: 'read',
    schema: {
      params: { type: 'object', required: ['processId'], additionalProperties: false, properties: { processId: { type: 'string', maxLength: 200, description: 'change-detection or landuse-transition' } } },
    },
    responses: {
      '200': { description: 'process description', content: { 'application/json': { type: 'object', required: ['id', 'inputs', 'outputs'] } } },
      '404': { description: 'no such process', content: problemContent },
    },
    handler: async (ctx, req) => {
      const p = requireProcess(stringParam(req.params, 'processId'));
      return { ...processDescription(p), links: processLinks(baseUrl(req, ctx.publicUrl), p) };
    },
  },
];
