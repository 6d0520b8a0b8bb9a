import { ApiError } from '../api-error.ts';
import { baseUrl } from '../links.ts';
import type { ApiContext, JsonSchema, RouteDef } from '../route-def.ts';
import type { ViewerService } from '../viewer-service.ts';
import { jobIdParams, problemContent, stringParam } from './common-schemas.ts';

/** The viewer routes need the report room's service; a server built without it answers 404. */
export function requireViewer(ctx: ApiContext): ViewerService {
  if (ctx.viewer === null) throw new ApiError('E_API_NOT_FOUND', 'this server was started without map tiles and reports');
  return ctx.viewer;
}

const datasetParam: JsonSchema = {
  type: 'string',
  minLength: 3,
  maxLength: 240,
  description: 'dataset id: {jobId}:a | a-false | b | b-false | change | landuse-a | landuse-b',
};

const tileParams: JsonSchema = {
  type: 'object',
  required: ['dataset', 'z', 'x', 'y'],
  additionalProperties: false,
  properties: {
    dataset: datasetParam,
    z: { type: 'integer', minimum: 0, maximum: 24 },
    x: { type: 'integer', minimum: 0 },
    y: { type: 'integer', minimum: 0 },
  },
};

const tileJsonSchema: JsonSchema = {
  type: 'object',
  required: ['tilejson', 'tiles'],
  properties: {
    tilejson: { type: 'string' },
    name: { type: 'string' },
    tiles: { type: 'array', items: { type: 'string' } },
    minzoom: { type: 'integer' },
    maxzoom: { type: 'integer' },
    bounds: { type: 'array', items: { type: 'number' } },
    center: { type: 'array', items: { type: 'number' } },
  },
};

function intParam(params: unknown, name: string): number {
  const v = (params as Record<string, unknown>)[name];
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new ApiError('E_API_BAD_REQUEST', `${name} must be an integer`);
  return v;
}

export function tileUrlTemplate(base: string, dataset: string): string {
  return `${base}/tiles/${encodeURIComponent(dataset)}/{z}/{x}/{y}.png`;
}

export const tilesRoutes: RouteDef[] = [
  {
    method: 'GET',
    url: '/tiles/:dataset/:z/:x/:y.png',
    operationId: 'getTile',
    summary: 'XYZ map tile (EPSG:3857, 256 px PNG) of an epoch, the change raster or a land-use raster of a job',
    tags: ['Map'],
    auth: 'read',
    schema: { params: tileParams },
    responses: {
      '200': { description: 'PNG tile; transparent outside the raster and on nodata', content: { 'image/png': {} } },
      '400': { description: 'tile not in the grid', content: problemContent },
      '404': { description: 'no such dataset', content: problemContent },
    },
    handler: async (ctx, req, reply) => {
      const p = req.params;
      const png = await requireViewer(ctx).tilePng(stringParam(p, 'dataset'), intParam(p, 'z'), intParam(p, 'x'), intParam(p, 'y'));
      return reply.type('image/png').header('Cache-Control', 'public, max-age=300').send(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
    },
  },
  {
    method: 'GET',
    url: '/tiles/:dataset/tilejson.json',
    operationId: 'getTileJson',
    summary: 'TileJSON 3.0.0 of a map layer',
    tags: ['Map'],
    auth: 'read',
    schema: { params: { type: 'object', required: ['dataset'], additionalProperties: false, properties: { dataset: datasetParam } } },
    responses: {
      '200': { description: 'TileJSON', content: { 'application/json': tileJsonSchema } },
      '404': { description: 'no such dataset', content: problemContent },
    },
    handler: async (ctx, req, reply) => {
      const dataset = stringParam(req.params, 'dataset');
      const doc = await requireViewer(ctx).tileJson(dataset, tileUrlTemplate(baseUrl(req, ctx.publicUrl), dataset));
      return reply.type('application/json').send(doc);
    },
  },
  {
    method: 'GET',
    url: '/jobs/:jobId/layers',
    operationId: 'getJobLayers',
    summary: 'Map layers of a job (epochs in true and false colour, change, land use) with their TileJSON and tile URLs',
    tags: ['Map'],
    auth: 'read',
    schema: { params: jobIdParams },
    responses: {
      '200': {
        description: 'layers',
        content: { 'application/json': { type: 'object', required: ['layers'], properties: { layers: { type: 'array', items: { type: 'object' } } } } },
      },
      '404': { description: 'no such job', content: problemContent },
    },
    handler: async (ctx, req, reply) => {
      const base = baseUrl(req, ctx.publicUrl);
      const layers = await requireViewer(ctx).jobLayers(stringParam(req.params, 'jobId'));
      return reply.type('application/json').send({
        layers: layers.map((l) => ({ ...l, tiles: tileUrlTemplate(base, l.id), tilejson: `${base}/tiles/${encodeURIComponent(l.id)}/tilejson.json` })),
      });
    },
  },
  {
    method: 'GET',
    url: '/jobs/:jobId/patches/:patchId/thumb-:kind.png',
    operationId: 'getPatchThumbnail',
    summary: 'Thumbnail of a patch on epoch A (thumb-a), epoch B (thumb-b) or the change raster (thumb-change), outline drawn',
    tags: ['Map'],
    auth: 'read',
    schema: {
      params: {
        type: 'object',
        required: ['jobId', 'patchId', 'kind'],
        additionalProperties: false,
        properties: {
          jobId: { type: 'string', minLength: 1, maxLength: 200 },
          patchId: { type: 'string', minLength: 1, maxLength: 200 },
          kind: { type: 'string', enum: ['a', 'b', 'change'] },
        },
      },
    },
    responses: {
      '200': { description: 'PNG thumbnail', content: { 'image/png': {} } },
      '404': { description: 'no such job or patch', content: problemContent },
    },
    handler: async (ctx, req, reply) => {
      const kind = stringParam(req.params, 'kind');
      if (kind !== 'a' && kind !== 'b' && kind !== 'change') throw new ApiError('E_API_BAD_REQUEST', 'kind must be a, b or change');
      const png = await requireViewer(ctx).patchThumbnail(stringParam(req.params, 'jobId'), stringParam(req.params, 'patchId'), kind);
      return reply.type('image/png').header('Cache-Control', 'public, max-age=300').send(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
    },
  },
  {
    method: 'GET',
    url: '/jobs/:jobId/planning-layers',
    operationId: 'getPlanningLayers',
    summary: 'Names of the planning/management layers of a job (basic farmland, red lines, approvals …)',
    tags: ['Map'],
    auth: 'read',
    schema: { params: jobIdParams },
    responses: {
      '200': { description: 'layer names and links', content: { 'application/json': { type: 'object', properties: { layers: { type: 'array', items: { type: 'object' } } } } } },
      '404': { description: 'no such job', content: problemContent },
    },
    handler: async (ctx, req, reply) => {
      const jobId = stringParam(req.params, 'jobId');
      const base = baseUrl(req, ctx.publicUrl);
      const names = await requireViewer(ctx).planningLayers(jobId);
      return reply.type('application/json').send({
        layers: names.map((name) => ({ name, href: `${base}/jobs/${encodeURIComponent(jobId)}/planning-layers/${encodeURIComponent(name)}` })),
      });
    },
  },
  {
    method: 'GET',
    url: '/jobs/:jobId/planning-layers/:name',
    operationId: 'getPlanningLayer',
    summary: 'One planning layer as GeoJSON (lon/lat)',
    tags: ['Map'],
    auth: 'read',
    schema: {
      params: {
        type: 'object',
        required: ['jobId', 'name'],
        additionalProperties: false,
        properties: { jobId: { type: 'string', minLength: 1, maxLength: 200 }, name: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,100}$' } },
      },
    },
    responses: {
      '200': { description: 'GeoJSON FeatureCollection', content: { 'application/geo+json': {} } },
      '404': { description: 'no such job or layer', content: problemContent },
    },
    handler: async (ctx, req, reply) => {
      const text = await requireViewer(ctx).planningLayer(stringParam(req.params, 'jobId'), stringParam(req.params, 'name'));
      return reply.type('application/geo+json').send(text);
    },
  },
];
