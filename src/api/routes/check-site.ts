import { SuperviseError, type SiteChecker } from '../../supervise/index.ts';
import { ApiError } from '../api-error.ts';
import type { RouteDef } from '../route-def.ts';
import { problemContent } from './common-schemas.ts';

/**
 * POST /check-site: siting compliance of a planned project against the server's layers — overlapped
 * layers with m² and share, and the rules a construction there would break. Synchronous.
 */
export function checkSiteRoutes(checker: Pick<SiteChecker, 'check'>): RouteDef[] {
  return [
    {
      method: 'POST',
      url: '/check-site',
      operationId: 'checkSite',
      summary: 'Siting check: layers a project footprint overlaps and the rules it would break',
      tags: ['Supervision'],
      auth: 'read',
      schema: {
        body: {
          type: 'object',
          required: ['type'],
          description: 'GeoJSON Polygon, MultiPolygon, Feature or FeatureCollection (lon/lat, or a legacy "crs" member naming EPSG); holes allowed',
          properties: { type: { type: 'string', enum: ['Polygon', 'MultiPolygon', 'Feature', 'FeatureCollection'] } },
        },
      },
      responses: {
        '200': {
          description: 'site area (m²), overlapped layers with overlap m², share and features, and rule hits',
          content: {
            'application/json': {
              type: 'object',
              required: ['areaM2', 'layers', 'violations'],
              properties: { areaM2: { type: 'number' }, frame: { type: 'string' }, layers: { type: 'array', items: { type: 'object' } }, violations: { type: 'array', items: { type: 'object' } }, skippedRules: { type: 'array', items: { type: 'object' } }, checkedKinds: { type: 'array', items: { type: 'string' } } },
            },
          },
        },
        '400': { description: 'not a valid (multi)polygon: the detail says what and where', content: problemContent },
      },
      handler: async (_ctx, req, reply) => {
        try {
          return reply.send(checker.check(req.body));
        } catch (err) {
          if (err instanceof SuperviseError && err.code === 'E_SUPERVISE_INPUT') throw new ApiError('E_API_BAD_REQUEST', err.message);
          throw err;
        }
      },
    },
  ];
}
