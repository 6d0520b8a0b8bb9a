/** Public surface of the api room. */
export { buildServer, DEFAULT_BODY_LIMIT_BYTES, DEFAULT_SYNC_WAIT_MS } from './server.ts';
export type { ApiDeps } from './route-def.ts';
export type { FeatureSource, CollectionInfo, ItemQuery, ItemPage, ItemFilters, BboxLonLat } from './feature-source.ts';
export { ApiError, API_CODES, type ApiCode } from './api-error.ts';
export { ERROR_STATUS, errorStatus, OGC_EXCEPTION } from './error-status.ts';
export { resolveDataPath } from './resolve-data-path.ts';
