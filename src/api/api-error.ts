import { LandwatchError, type ErrorDetails } from '../util/landwatch-error.ts';

/** Stable codes of the api room, each with its one-line meaning. */
export const API_CODES = {
  E_API_BAD_REQUEST: 'the request is malformed',
  E_API_UNAUTHORIZED: 'missing or wrong bearer token',
  E_API_FORBIDDEN: 'path outside the data roots or action not allowed',
  E_API_NOT_FOUND: 'no such resource',
  E_API_NO_SUCH_PROCESS: 'no process with that id',
  E_API_RESULT_NOT_READY: 'the job has no results (not finished, failed or dismissed)',
  E_API_BODY_TOO_LARGE: 'the request body exceeds the configured limit',
  E_API_UNSUPPORTED_MEDIA_TYPE: 'the request body has a content type the route does not accept',
  E_API_CONFIG: 'the server was built with inconsistent options (no data root and no outRoot)',
  E_API_INTERNAL: 'an unexpected error; the response carries a request id for the logs',
} as const;

export type ApiCode = keyof typeof API_CODES;

export class ApiError extends LandwatchError {
  constructor(code: ApiCode, message: string, details: ErrorDetails = {}) {
    super(code, message, details);
  }
}
