import { ApiError } from '../api-error.ts';
import { baseUrl, pageLinks, queryString } from '../links.ts';
import { ITEMS_DEFAULT_LIMIT, ITEMS_MAX_LIMIT, parseItemsQuery } from '../parse-items-query.ts';
import type { RouteDef } from '../route-def.ts';
import { collectionIdParams, linksSchema, problemContent, stringParam } from './common-schemas.ts';

const GEOJSON = 'application/geo+json';

const featureSchema = {
  type: 'object',
  required: ['type', 'geometry', 'properties'],
  properties: { type: { type: 'string', enum: ['Feature'] }, id: { type: 'string' }, geometry: { type: 'object' }, properties: { type: 'object' }, links: linksSchema },
};

export const itemsRoutes: RouteDef[] = [
  {
    method: 'GET',
    url: '/collections/:collectionId/items',
    operationId: 'getFeatures',
    summary: 'Change patches of a collection, filtered and paged',
    tags: ['Features'],
    auth: 'read',
    schema: {
      params: collectionIdParams,
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          bbox: { type: 'string', maxLength: 400, description: 'minLon,minLat,maxLon,maxLat (CRS84): items whose bbox intersects it' },
          limit: { type: 'integer', minimum: 1, default: ITEMS_DEFAULT_LIMIT, description: `page size; values above ${ITEMS_MAX_LIMIT} are clamped` },
          offset: { type: 'integer', minimum: 0, default: 0, description: 'items to skip' },
          change_type: { type: 'string', maxLength: 1000, description: 'comma-separated change legend keys or codes, e.g. cropland_to_construction,5' },
          min_area: { type: 'number', minimum: 0, description: 'minimum patch area in m²' },
        },
      },
    },
    responses: {
      '200': {
        description: 'GeoJSON FeatureCollection with numberMatched, numberReturned, timeStamp and self/next/prev links',
        content: {
          [GEOJSON]: {
            type: 'object',
            required: ['type', 'features', 'numberMatched', 'numberReturned', 'timeStamp', 'links'],
            properties: {
              type: { type: 'string', enum: ['FeatureCollection'] },
              features: { type: 'array', items: featureSchema },
              numberMatched: { type: 'integer' },
              numberReturned: { type: 'integer' },
              timeStamp: { type: 'string', format: 'date-time' },
              links: linksSchema,
            },
          },
        },
      },
      '400': { description: 'bad bbox, change_type or min_area', content: problemContent },
      '404': { description: 'no such collection', content: problemContent },
    },
    handler: async (ctx, req, reply) => {
      const collectionId = stringParam(req.params, 'collectionId');
      const { raw, query } = parseItemsQuery(req.query);
      const page = await ctx.features.queryItems(collectionId, query);
      if (page === null) throw new ApiError('E_API_NOT_FOUND', `no collection ${JSON.stringify(collectionId)}`, { collectionId });
      const base = baseUrl(req, ctx.publicUrl);
      const itemsUrl = `${base}/collections/${encodeURIComponent(collectionId)}/items`;
      const href = (offset: number): string => itemsUrl + queryString([
        ['bbox', raw.bbox], ['change_type', raw.change_type], ['min_area', raw.min_area], ['limit', raw.limit], ['offset', offset],
      ]);
      const links = pageLinks(href, raw.offset, raw.limit, page.features.length, page.numberMatched, GEOJSON);
      links.push({ href: `${base}/collections/${encodeURIComponent(collectionId)}`, rel: 'collection', type: 'application/json' });
      return reply.type(GEOJSON).send({
        type: 'FeatureCollection',
        features: page.features,
        numberMatched: page.numberMatched,
        numberReturned: page.features.length,
        timeStamp: new Date().toISOString(),
        links,
      });
    },
  },
  {
    method: 'GET',
    url: '/collections/:collectionId/items/:featureId',
    operationId: 'getFeature',
    summary: 'One change patch',
    tags: ['Features'],
    auth: 'read',
    schema: {
      params: {
        type: 'object',
        required: ['collectionId', 'featureId'],
        additionalProperties: false,
        properties: { collectionId: { type: 'string', minLength: 1, maxLength: 200 }, featureId: { type: 'string', minLength: 1, maxLength: 200 } },
      },
    },
    responses: {
      '200': { description: 'GeoJSON Feature', content: { [GEOJSON]: featureSchema } },
      '404': { description: 'no such collection or feature', content: problemContent },
    },
    handler: async (ctx, req, reply) => {
      const collectionId = stringParam(req.params, 'collectionId');
      const featureId = stringParam(req.params, 'featureId');
      const f = await ctx.features.getItem(collectionId, featureId);
      if (f === null) throw new ApiError('E_API_NOT_FOUND', `no feature ${JSON.stringify(featureId)} in ${JSON.stringify(collectionId)}`, { collectionId, featureId });
      const base = baseUrl(req, ctx.publicUrl);
      const collUrl = `${base}/collections/${encodeURIComponent(collectionId)}`;
      return reply.type(GEOJSON).send({
        ...f,
        links: [
          { href: `${collUrl}/items/${encodeURIComponent(featureId)}`, rel: 'self', type: GEOJSON },
          { href: collUrl, rel: 'collection', type: 'application/json' },
        ],
      });
    },
  },
];
