import { REVIEW_STATUSES, type ReviewInput, type ReviewRecord, type ReviewStatus } from '../../store/index.ts';
import { ApiError } from '../api-error.ts';
import { baseUrl } from '../links.ts';
import type { JsonSchema, RouteDef } from '../route-def.ts';
import { linksSchema, problemContent, stringParam } from './common-schemas.ts';

/** What the review routes need: the store's reviews (record is serialised and append-only there). */
export interface ReviewService {
  record(input: ReviewInput): Promise<ReviewRecord>;
  history(jobId: string, patchId?: string): Promise<ReviewRecord[]>;
}

const DECISIONS = REVIEW_STATUSES.filter((s) => s !== 'unreviewed');

const itemParams: JsonSchema = {
  type: 'object',
  required: ['collectionId', 'featureId'],
  additionalProperties: false,
  properties: {
    collectionId: { type: 'string', minLength: 1, maxLength: 200, description: 'collection id (= job id)' },
    featureId: { type: 'string', minLength: 1, maxLength: 200, description: 'patch id' },
  },
};

const reviewSchema: JsonSchema = {
  type: 'object',
  required: ['reviewId', 'jobId', 'patchId', 'status', 'at'],
  properties: {
    reviewId: { type: 'integer' },
    jobId: { type: 'string' },
    patchId: { type: 'string' },
    status: { type: 'string', enum: [...REVIEW_STATUSES] },
    previousStatus: { type: 'string', nullable: true },
    reviewer: { type: 'string', nullable: true },
    comment: { type: 'string', nullable: true },
    approvalRef: { type: 'string', nullable: true },
    at: { type: 'string', format: 'date-time' },
  },
};

interface ReviewBody {
  status: ReviewStatus;
  reviewer?: string;
  comment?: string;
  approval_ref?: string;
}

/**
 * Review decisions on change patches: POST one (token-protected; the audit keeps every decision, even
 * under concurrent posts) and GET a patch's audit, oldest first.
 */
export function reviewsRoutes(reviews: ReviewService): RouteDef[] {
  return [
    {
      method: 'POST',
      url: '/collections/:collectionId/items/:featureId/review',
      operationId: 'reviewFeature',
      summary: 'Record a review decision on a change patch (append-only audit)',
      tags: ['Reviews'],
      auth: 'write',
      schema: {
        params: itemParams,
        body: {
          type: 'object',
          required: ['status'],
          additionalProperties: false,
          properties: {
            status: { type: 'string', enum: DECISIONS, description: 'confirmed | legal | false_detection | field_check' },
            reviewer: { type: 'string', maxLength: 200 },
            comment: { type: 'string', maxLength: 4000 },
            approval_ref: { type: 'string', maxLength: 200, description: 'approval that makes the change legal (status legal only)' },
          },
        },
      },
      responses: {
        '201': { description: 'the recorded decision', content: { 'application/json': reviewSchema } },
        '400': { description: 'bad status or fields', content: problemContent },
        '401': { description: 'missing token', content: problemContent },
        '404': { description: 'no such patch in the collection', content: problemContent },
      },
      handler: async (ctx, req, reply) => {
        const jobId = stringParam(req.params, 'collectionId');
        const patchId = stringParam(req.params, 'featureId');
        const body = req.body as ReviewBody;
        if (body.approval_ref !== undefined && body.status !== 'legal') {
          throw new ApiError('E_API_BAD_REQUEST', 'approval_ref goes with status "legal"', { status: body.status });
        }
        const rec = await reviews.record({ jobId, patchId, status: body.status, reviewer: body.reviewer ?? null, comment: body.comment ?? null, approvalRef: body.approval_ref ?? null });
        const self = `${baseUrl(req, ctx.publicUrl)}/collections/${encodeURIComponent(jobId)}/items/${encodeURIComponent(patchId)}/reviews`;
        return reply.code(201).header('Location', self).send(rec);
      },
    },
    {
      method: 'GET',
      url: '/collections/:collectionId/items/:featureId/reviews',
      operationId: 'getFeatureReviews',
      summary: 'The review audit of a change patch, oldest first',
      tags: ['Reviews'],
      auth: 'read',
      schema: { params: itemParams },
      responses: {
        '200': {
          description: 'every decision with who, when, previous status and comment',
          content: { 'application/json': { type: 'object', required: ['reviews', 'links'], properties: { reviews: { type: 'array', items: reviewSchema }, links: linksSchema } } },
        },
      },
      handler: async (ctx, req, reply) => {
        const jobId = stringParam(req.params, 'collectionId');
        const patchId = stringParam(req.params, 'featureId');
        const list = await reviews.history(jobId, patchId);
        const item = `${baseUrl(req, ctx.publicUrl)}/collections/${encodeURIComponent(jobId)}/items/${encodeURIComponent(patchId)}`;
        return reply.send({
          reviews: list,
          links: [
            { href: `${item}/reviews`, rel: 'self', type: 'application/json' },
            { href: item, rel: 'item', type: 'application/geo+json' },
          ],
        });
      },
    },
  ];
}
