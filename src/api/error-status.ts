/**
 * The one table mapping LandwatchError codes to an HTTP status and an RFC 7807 `type` URI. OGC API –
 * Processes defines exception URIs for a few cases; every other code gets `urn:landwatch:error:<CODE>`,
 * which is stable and names the code a client can switch on.
 */
const OGC_PROCESSES = 'http://www.opengis.net/def/exceptions/ogcapi-processes-1/1.0/';

export const OGC_EXCEPTION = {
  noSuchProcess: `${OGC_PROCESSES}no-such-process`,
  noSuchJob: `${OGC_PROCESSES}no-such-job`,
  resultNotReady: `${OGC_PROCESSES}result-not-ready`,
} as const;

export interface ErrorStatus {
  status: number;
  /** problem `type`; undefined means `urn:landwatch:error:<code>` */
  type?: string;
}

/** Exact codes first; a code not listed falls back on its room prefix, then on 500. */
export const ERROR_STATUS: Readonly<Record<string, ErrorStatus>> = {
  // api
  E_API_BAD_REQUEST: { status: 400 },
  E_API_UNAUTHORIZED: { status: 401 },
  E_API_FORBIDDEN: { status: 403 },
  E_API_NOT_FOUND: { status: 404 },
  E_API_NO_SUCH_PROCESS: { status: 404, type: OGC_EXCEPTION.noSuchProcess },
  E_API_RESULT_NOT_READY: { status: 404, type: OGC_EXCEPTION.resultNotReady },
  E_API_BODY_TOO_LARGE: { status: 413 },
  E_API_UNSUPPORTED_MEDIA_TYPE: { status: 415 },
  E_API_CONFIG: { status: 500 },
  E_API_INTERNAL: { status: 500 },
  // jobs
  E_JOB_INPUT: { status: 400 },
  E_JOB_NOT_FOUND: { status: 404, type: OGC_EXCEPTION.noSuchJob },
  E_JOB_STATE: { status: 409 },
  E_JOB_CANCELLED: { status: 409 },
  E_JOB_FAILED: { status: 500 },
  E_JOB_BUSY: { status: 429 },
  E_JOB_BACKEND: { status: 503 },
  E_JOB_NO_VALID_PIXELS: { status: 422 },
  // raster: the client sent a file we cannot open (400) or one we opened but cannot use (422)
  E_RASTER_OPEN: { status: 400 },
  E_RASTER_NOT_TIFF: { status: 400 },
  E_RASTER_WRITE: { status: 500 },
  // vector
  E_VECTOR_INPUT: { status: 400 },
  E_VECTOR_CRS: { status: 422 },
  E_VECTOR_GEOMETRY: { status: 422 },
  E_VECTOR_STITCH: { status: 500 },
  E_VECTOR_EXPORT: { status: 500 },
  // store
  E_STORE_NOT_FOUND: { status: 404 },
  E_STORE_OPEN: { status: 503 },
  // supervise: layers and rules come from the client
  E_SUPERVISE_LAYER: { status: 422 },
  E_SUPERVISE_RULES: { status: 422 },
  // cli
  E_CLI_USAGE: { status: 400 },
  // report: tiles, thumbnails, HTML report
  E_REPORT_DATASET: { status: 404 },
  E_REPORT_TILE: { status: 400 },
  E_REPORT_JOB: { status: 404 },
  E_REPORT_PATCH: { status: 404 },
  E_REPORT_CRS: { status: 422 },
};

const PREFIX_STATUS: ReadonlyArray<readonly [string, number]> = [
  ['E_RASTER_', 422],
  ['E_SUPERVISE_', 422],
  ['E_STORE_', 500],
  ['E_POOL_', 500],
  ['E_VECTOR_', 500],
];

export function errorStatus(code: string): Required<ErrorStatus> {
  const hit = ERROR_STATUS[code];
  let status = hit?.status;
  if (status === undefined) {
    for (const [prefix, s] of PREFIX_STATUS) {
      if (code.startsWith(prefix)) {
        status = s;
        break;
      }
    }
  }
  return { status: status ?? 500, type: hit?.type ?? `urn:landwatch:error:${code}` };
}
