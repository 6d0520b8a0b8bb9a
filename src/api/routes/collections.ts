import { ApiError } from '../api-error.ts';
import type { CollectionInfo } from '../feature-source.ts';
import { baseUrl } from '../links.ts';
import type { RouteDef } from '../route-def.ts';
import { collectionIdParams, linksSchema, problemContent, stringParam } from './common-schemas.ts';

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

export function collectionDocument(c: CollectionInfo, base: string): Record<string, unknown> {
  const url = `${base}/collections/${encodeURIComponent(c.id)}`;
  const extent: Record<string, unknown> = {};
  if (c.bboxLonLat !== null) extent.spatial = { bbox: [c.bboxLonLat], crs: CRS84 };
  if (c.interval !== undefined) extent.temporal = { interval: [c.interval], trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian' };
  const doc: Record<string, unknown> = {
    id: c.id,
    title: c.title,
    itemType: 'feature',
    crs: [CRS84],
    links: [
      { href: url, rel: 'self', type: 'application/json', title: 'this collection' },
      { href: `${url}/items`, rel: 'items', type: 'application/geo+json', title: 'change patches' },
      { href: `${base}/jobs/${encodeURIComponent(c.id)}`, rel: 'related', type: 'application/json', title: 'the job that produced it' },
    ],
  };
  if (c.description !== undefined) doc.description = c.description;
  if (Object.keys(extent).length > 0) doc.extent = extent;
  return doc;
}

export async function requireCollection(features: { listCollections(): Promise<CollectionInfo[]> }, id: string): Promise<CollectionInfo> {
  const c = (await features.listCollections()).find((x) => x.id === id);
  if (c === undefined) throw new ApiError('E_API_NOT_FOUND', `no collection ${JSON.stringify(id)}`, { collectionId: id });
  return c;
}

const collectionSchema = {
  type: 'object',
  required: ['id', 'links'],
  properties: { id: { type: 'string' }, title: { type: 'string' }, description: { type: 'string' }, extent: { type: 'object' }, itemType: { type: 'string' }, crs: { type: 'array', items: { type: 'string' } }, links: linksSchema },
};

export const collectionsRoutes: RouteDef[] = [
  {
    method: 'GET',
    url: '/collections',
    operationId: 'getCollections',
    summary: 'Change-patch collections, one per job',
    tags: ['Features'],
    auth: 'read',
    responses: {
      '200': {
        description: 'collections',
        content: { 'application/json': { type: 'object', required: ['collections', 'links'], properties: { collections: { type: 'array', items: collectionSchema }, links: linksSchema } } },
      },
    },
    handler: async (ctx, req) => {
      const base = baseUrl(req, ctx.publicUrl);
      const list = await ctx.features.listCollections();
      return {
        links: [{ href: `${base}/collections`, rel: 'self', type: 'application/json' }],
        collections: list.map((c) => collectionDocument(c, base)),
      };
    },
  },
  {
    method: 'GET',
    url: '/collections/:collectionId',
    operationId: 'describeCollection',
    summary: 'One collection',
    tags: ['Features'],
    auth: 'read',
    schema: { params: collectionIdParams },
    responses: {
      '200': { description: 'collection', content: { 'application/json': collectionSchema } },
      '404': { description: 'no such collection', content: problemContent },
    },
    handler: async (ctx, req) => {
      const c = await requireCollection(ctx.features, stringParam(req.params, 'collectionId'));
      return collectionDocument(c, baseUrl(req, ctx.publicUrl));
    },
  },
];
