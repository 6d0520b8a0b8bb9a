import type { FastifyReply, FastifyRequest } from 'fastify';
import { JobError } from '../../jobs/jobs-error.ts';
import { LandwatchError } from '../../util/landwatch-error.ts';
import { baseUrl } from '../links.ts';
import { parseExecuteBody } from '../parse-execute.ts';
import { executeBodySchema, PROCESSES, type ProcessDef } from '../process-catalog.ts';
import type { ApiContext, RouteDef } from '../route-def.ts';
import { toStatusInfo } from '../status-info.ts';
import { problemContent, statusInfoSchema, stringParam } from './common-schemas.ts';
import { requireProcess } from './processes.ts';
import { resultsDocument, resultsSchema } from './job-results.ts';

export interface PreferHeader {
  respondAsync: boolean;
  /** RFC 7240 wait, in seconds */
  waitS?: number;
}

/** Parse RFC 7240 `Prefer` (possibly several comma-separated preferences). */
export function parsePrefer(header: string | string[] | undefined): PreferHeader {
  const out: PreferHeader = { respondAsync: false };
  const raw = Array.isArray(header) ? header.join(',') : header ?? '';
  for (const part of raw.split(',')) {
    const token = part.trim().toLowerCase();
    if (token === 'respond-async') out.respondAsync = true;
    const m = /^wait\s*=\s*(\d+)$/.exec(token);
    if (m !== null) out.waitS = Number(m[1]);
  }
  return out;
}

async function execute(p: ProcessDef, ctx: ApiContext, req: FastifyRequest, reply: FastifyReply): Promise<unknown> {
  const params = await parseExecuteBody(p, req.body, ctx.dataRoots, ctx.outRoot);
  const submitted = await ctx.jobs.submit(p.id, params);
  req.log.info({ jobId: submitted.id, processId: p.id }, 'job submitted');
  const base = baseUrl(req, ctx.publicUrl);
  const jobUrl = `${base}/jobs/${encodeURIComponent(submitted.id)}`;
  const prefer = parsePrefer(req.headers.prefer);
  let latest = submitted;
  if (!prefer.respondAsync) {
    const waitMs = prefer.waitS === undefined ? ctx.syncWaitMs : Math.min(ctx.syncWaitMs, prefer.waitS * 1000);
    latest = (await ctx.jobs.waitFor(submitted.id, waitMs)) ?? submitted;
    if (latest.status === 'successful') {
      const doc = await resultsDocument(ctx, submitted.id, base);
      return reply.code(200).header('Link', `<${jobUrl}>; rel="monitor"`).type('application/json').send(doc);
    }
    if (latest.status === 'failed') {
      const e = latest.error;
      throw e === null
        ? new JobError('E_JOB_FAILED', `job ${submitted.id} failed`, { jobId: submitted.id })
        : new LandwatchError(e.code, e.message, { ...(e.details ?? {}), jobId: submitted.id });
    }
    if (latest.status === 'dismissed') throw new JobError('E_JOB_CANCELLED', `job ${submitted.id} was dismissed`, { jobId: submitted.id });
    // still accepted/running: fall back to the asynchronous answer
  } else {
    reply.header('Preference-Applied', 'respond-async');
  }
  return reply.code(201).header('Location', jobUrl).type('application/json').send(toStatusInfo(latest, base));
}

const executeResponses = {
  '200': { description: 'synchronous execution finished: results document', content: { 'application/json': resultsSchema } },
  '201': {
    description: 'job created (Prefer: respond-async, or a synchronous run that did not finish in time)',
    content: { 'application/json': statusInfoSchema },
    headers: { Location: { description: 'URL of the job status', schema: { type: 'string' } } },
  },
  '400': { description: 'malformed body or invalid input', content: problemContent },
  '403': { description: 'a path lies outside the data roots', content: problemContent },
  '404': { description: 'no such process', content: problemContent },
  '413': { description: 'body too large', content: problemContent },
};

function executeRoute(p: ProcessDef): RouteDef {
  return {
    method: 'POST',
    url: `/processes/${p.id}/execution`,
    operationId: `execute-${p.id}`,
    summary: `Execute ${p.id} (send Prefer: respond-async for 201 + Location)`,
    tags: ['Processes'],
    auth: 'write',
    schema: { body: executeBodySchema(p) },
    responses: executeResponses,
    handler: (ctx, req, reply) => execute(p, ctx, req, reply),
  };
}

export const executionRoutes: RouteDef[] = [
  ...PROCESSES.map(executeRoute),
  {
    // any other process id: a static route above wins when it exists, so this one only says 404
    method: 'POST',
    url: '/processes/:processId/execution',
    operationId: 'executeUnknownProcess',
    summary: 'Unknown process ids answer 404 no-such-process',
    tags: ['Processes'],
    auth: 'write',
    schema: { params: { type: 'object', required: ['processId'], properties: { processId: { type: 'string', maxLength: 200 } } } },
    responses: { '404': { description: 'no such process', content: problemContent } },
    handler: async (_ctx, req) => {
      requireProcess(stringParam(req.params, 'processId'));
      return null;
    },
  },
];
