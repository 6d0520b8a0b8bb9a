import { JobError } from '../../jobs/jobs-error.ts';
import { baseUrl, pageLinks, queryString, REL } from '../links.ts';
import type { RouteDef } from '../route-def.ts';
import { toStatusInfo } from '../status-info.ts';
import { jobIdParams, linksSchema, problemContent, queryValue, statusInfoSchema, stringParam } from './common-schemas.ts';

export const JOBS_DEFAULT_LIMIT = 50;
export const JOBS_MAX_LIMIT = 1000;

export const jobsRoutes: RouteDef[] = [
  {
    method: 'GET',
    url: '/jobs',
    operationId: 'getJobs',
    summary: 'Jobs, newest first as the job service orders them, paged by limit/offset',
    tags: ['Jobs'],
    auth: 'read',
    schema: {
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          limit: { type: 'integer', minimum: 1, default: JOBS_DEFAULT_LIMIT, description: `page size; values above ${JOBS_MAX_LIMIT} are clamped` },
          offset: { type: 'integer', minimum: 0, default: 0 },
        },
      },
    },
    responses: {
      '200': {
        description: 'job list',
        content: {
          'application/json': {
            type: 'object',
            required: ['jobs', 'links'],
            properties: { jobs: { type: 'array', items: statusInfoSchema }, numberMatched: { type: 'integer' }, links: linksSchema },
          },
        },
      },
    },
    handler: async (ctx, req) => {
      const limitIn = queryValue(req.query, 'limit');
      const offsetIn = queryValue(req.query, 'offset');
      const limit = Math.min(JOBS_MAX_LIMIT, typeof limitIn === 'number' ? limitIn : JOBS_DEFAULT_LIMIT);
      const offset = typeof offsetIn === 'number' ? offsetIn : 0;
      const base = baseUrl(req, ctx.publicUrl);
      const { jobs, total } = await ctx.jobs.list({ limit, offset });
      const href = (o: number): string => `${base}/jobs${queryString([['limit', limit], ['offset', o]])}`;
      return {
        jobs: jobs.map((j) => toStatusInfo(j, base)),
        numberMatched: total,
        links: pageLinks(href, offset, limit, jobs.length, total, 'application/json'),
      };
    },
  },
  {
    method: 'GET',
    url: '/jobs/:jobId',
    operationId: 'getStatus',
    summary: 'Status of a job (OGC statusInfo)',
    tags: ['Jobs'],
    auth: 'read',
    schema: { params: jobIdParams },
    responses: {
      '200': { description: 'statusInfo', content: { 'application/json': statusInfoSchema } },
      '404': { description: 'no-such-job', content: problemContent },
    },
    handler: async (ctx, req) => {
      const jobId = stringParam(req.params, 'jobId');
      const job = await ctx.jobs.get(jobId);
      if (job === null) throw new JobError('E_JOB_NOT_FOUND', `no job ${JSON.stringify(jobId)}`, { jobId });
      return toStatusInfo(job, baseUrl(req, ctx.publicUrl));
    },
  },
  {
    method: 'DELETE',
    url: '/jobs/:jobId',
    operationId: 'dismiss',
    summary: 'Dismiss a job: cancel it if running; its status becomes dismissed',
    tags: ['Jobs'],
    auth: 'write',
    schema: { params: jobIdParams },
    responses: {
      '200': { description: 'statusInfo of the dismissed job', content: { 'application/json': statusInfoSchema } },
      '404': { description: 'no-such-job', content: problemContent },
    },
    handler: async (ctx, req) => {
      const jobId = stringParam(req.params, 'jobId');
      const job = await ctx.jobs.dismiss(jobId);
      if (job === null) throw new JobError('E_JOB_NOT_FOUND', `no job ${JSON.stringify(jobId)}`, { jobId });
      req.log.info({ jobId }, 'job dismissed');
      const info = toStatusInfo(job, baseUrl(req, ctx.publicUrl));
      // a dismissed job has no results; keep only the self link
      info.links = info.links.filter((l) => l.rel !== REL.results && l.rel !== 'items');
      return info;
    },
  },
];
