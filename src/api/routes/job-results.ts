import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { JobError } from '../../jobs/jobs-error.ts';
import { ApiError } from '../api-error.ts';
import { baseUrl } from '../links.ts';
import { OUTPUTS, type OutputName } from '../process-catalog.ts';
import type { ApiContext, JsonSchema, RouteDef } from '../route-def.ts';
import { jobIdParams, linkSchema, problemContent, stringParam } from './common-schemas.ts';

const BY_EXTENSION: Readonly<Record<string, string>> = {
  '.tif': 'image/tiff; application=geotiff',
  '.tiff': 'image/tiff; application=geotiff',
  '.geojson': 'application/geo+json',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.fgb': 'application/flatgeobuf',
  '.parquet': 'application/vnd.apache.parquet',
  '.html': 'text/html; charset=utf-8',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

/** Media type of a result file: the process catalog's for known outputs, else by extension. */
export function mediaTypeFor(name: string): string {
  if (Object.hasOwn(OUTPUTS, name)) return OUTPUTS[name as OutputName].mediaType;
  return BY_EXTENSION[path.extname(name).toLowerCase()] ?? 'application/octet-stream';
}

export const resultsSchema: JsonSchema = {
  type: 'object',
  description: 'output name (file name) → link to the file',
  additionalProperties: linkSchema,
};

/** Files of a successful job, or the right 404: no-such-job, or result-not-ready (with the job's error). */
async function requireFiles(ctx: ApiContext, jobId: string): Promise<Record<string, string>> {
  const job = await ctx.jobs.get(jobId);
  if (job === null) throw new JobError('E_JOB_NOT_FOUND', `no job ${JSON.stringify(jobId)}`, { jobId });
  const files = job.status === 'successful' ? await ctx.jobs.results(jobId) : null;
  if (files === null) {
    const details: Record<string, unknown> = { jobId, status: job.status };
    if (job.error !== null) details.jobError = { code: job.error.code, message: job.error.message };
    const why = job.status === 'failed' && job.error !== null ? `: ${job.error.message}` : '';
    throw new ApiError('E_API_RESULT_NOT_READY', `job ${jobId} is ${job.status}; no results${why}`, details);
  }
  return files;
}

/** OGC results document: one link per output file, keyed by file name. */
export async function resultsDocument(ctx: ApiContext, jobId: string, base: string): Promise<Record<string, { href: string; type: string; title?: string }>> {
  const files = await requireFiles(ctx, jobId);
  const doc: Record<string, { href: string; type: string; title?: string }> = {};
  for (const name of Object.keys(files).sort()) {
    const link: { href: string; type: string; title?: string } = {
      href: `${base}/jobs/${encodeURIComponent(jobId)}/files/${encodeURIComponent(name)}`,
      type: mediaTypeFor(name),
    };
    if (Object.hasOwn(OUTPUTS, name)) link.title = OUTPUTS[name as OutputName].title;
    doc[name] = link;
  }
  return doc;
}

export const jobResultsRoutes: RouteDef[] = [
  {
    method: 'GET',
    url: '/jobs/:jobId/results',
    operationId: 'getJobResults',
    summary: 'Links to the output files of a successful job',
    tags: ['Jobs'],
    auth: 'read',
    schema: { params: jobIdParams },
    responses: {
      '200': { description: 'results document', content: { 'application/json': resultsSchema } },
      '404': { description: 'no-such-job, or result-not-ready for a job that is not successful', content: problemContent },
    },
    handler: async (ctx, req) => resultsDocument(ctx, stringParam(req.params, 'jobId'), baseUrl(req, ctx.publicUrl)),
  },
  {
    method: 'GET',
    url: '/jobs/:jobId/files/:name',
    operationId: 'getJobFile',
    summary: 'One output file of a successful job',
    tags: ['Jobs'],
    auth: 'read',
    schema: {
      params: {
        type: 'object',
        required: ['jobId', 'name'],
        additionalProperties: false,
        properties: {
          jobId: { type: 'string', minLength: 1, maxLength: 200 },
          name: { type: 'string', minLength: 1, maxLength: 255, description: 'a key of the results document' },
        },
      },
    },
    responses: {
      '200': { description: 'the file, with its media type', content: { 'application/octet-stream': {} } },
      '404': { description: 'unknown job, file, or job not successful', content: problemContent },
    },
    handler: async (ctx, req, reply) => {
      const jobId = stringParam(req.params, 'jobId');
      const name = stringParam(req.params, 'name');
      const files = await requireFiles(ctx, jobId);
      // only names the job service listed are served, so no client string ever becomes a path
      const file = Object.hasOwn(files, name) ? files[name] : undefined;
      if (file === undefined) throw new ApiError('E_API_NOT_FOUND', `job ${jobId} has no file ${JSON.stringify(name)}`, { jobId, name });
      let size: number;
      try {
        const st = await stat(file);
        if (!st.isFile()) throw new Error('not a file');
        size = st.size;
      } catch {
        throw new ApiError('E_API_NOT_FOUND', `job ${jobId}: file ${JSON.stringify(name)} is missing on disk`, { jobId, name });
      }
      const safeName = name.replace(/[^\w.-]/g, '_');
      return reply
        .type(mediaTypeFor(name))
        .header('Content-Length', size)
        .header('Content-Disposition', `inline; filename="${safeName}"`)
        .send(createReadStream(file));
    },
  },
];
