import type { RouteDef } from '../route-def.ts';

export const CONFORMS_TO: readonly string[] = [
  'http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/ogc-process-description',
  'http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/json',
  'http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/job-list',
  'http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/dismiss',
  'http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
];

export const conformanceRoutes: RouteDef[] = [
  {
    method: 'GET',
    url: '/conformance',
    operationId: 'getConformance',
    summary: 'Conformance classes implemented by this server',
    tags: ['Capabilities'],
    auth: 'none',
    responses: {
      '200': {
        description: 'conformance declaration',
        content: { 'application/json': { type: 'object', required: ['conformsTo'], properties: { conformsTo: { type: 'array', items: { type: 'string' } } } } },
      },
    },
    handler: async () => ({ conformsTo: CONFORMS_TO }),
  },
];
