import { STATUS_CODES } from 'node:http';
import { isLandwatchError } from '../util/landwatch-error.ts';
import { errorStatus } from './error-status.ts';

/** RFC 7807 problem details, as served with `application/problem+json`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  /** the stable E_<ROOM>_<WHAT> code */
  code: string;
  requestId: string;
  /** file/band/tile/offset etc.; only on 4xx, never on 5xx (may name server paths) */
  details?: Record<string, unknown>;
}

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

interface FastifyLikeError {
  code?: unknown;
  statusCode?: unknown;
  validation?: unknown;
  message?: unknown;
}

function asFastifyError(err: unknown): FastifyLikeError | null {
  return typeof err === 'object' && err !== null ? (err as FastifyLikeError) : null;
}

interface ValidationItem {
  path: string;
  message: string;
  /** the offending property for additionalProperties/required failures */
  property?: string;
}

function validationList(v: unknown): ValidationItem[] {
  if (!Array.isArray(v)) return [];
  const out: ValidationItem[] = [];
  for (const item of v) {
    if (typeof item !== 'object' || item === null) continue;
    const rec = item as { instancePath?: unknown; message?: unknown; params?: unknown };
    const one: ValidationItem = {
      path: typeof rec.instancePath === 'string' ? rec.instancePath : '',
      message: typeof rec.message === 'string' ? rec.message : 'invalid',
    };
    if (typeof rec.params === 'object' && rec.params !== null) {
      const params = rec.params as { additionalProperty?: unknown; missingProperty?: unknown };
      const prop = params.additionalProperty ?? params.missingProperty;
      if (typeof prop === 'string') one.property = prop;
    }
    out.push(one);
  }
  return out;
}

function make(status: number, type: string, code: string, detail: string, instance: string, requestId: string,
  details?: Record<string, unknown>): Problem {
  const p: Problem = { type, title: STATUS_CODES[status] ?? 'Error', status, detail, instance, code, requestId };
  if (details && status < 500 && Object.keys(details).length > 0) p.details = details;
  return p;
}

/**
 * Map anything thrown in a handler to a problem. `unexpected` is true for errors that are not ours and not
 * fastify's request errors: they become a bare 500 and must be logged with their stack.
 */
export function problemFromError(err: unknown, instance: string, requestId: string): { problem: Problem; unexpected: boolean } {
  if (isLandwatchError(err)) {
    const { status, type } = errorStatus(err.code);
    return { problem: make(status, type, err.code, err.message, instance, requestId, err.details), unexpected: false };
  }
  const fe = asFastifyError(err);
  if (fe && fe.validation !== undefined) {
    const { type } = errorStatus('E_API_BAD_REQUEST');
    const message = typeof fe.message === 'string' ? fe.message : 'request validation failed';
    return {
      problem: make(400, type, 'E_API_BAD_REQUEST', message, instance, requestId, { errors: validationList(fe.validation) }),
      unexpected: false,
    };
  }
  if (fe && typeof fe.code === 'string' && fe.code.startsWith('FST_') && typeof fe.statusCode === 'number'
    && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code = fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'E_API_BODY_TOO_LARGE'
      : fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'E_API_UNSUPPORTED_MEDIA_TYPE'
        : fe.statusCode === 404 ? 'E_API_NOT_FOUND' : 'E_API_BAD_REQUEST';
    const message = typeof fe.message === 'string' ? fe.message : 'bad request';
    return { problem: make(fe.statusCode, errorStatus(code).type, code, message, instance, requestId), unexpected: false };
  }
  const { type } = errorStatus('E_API_INTERNAL');
  return { problem: make(500, type, 'E_API_INTERNAL', 'internal error', instance, requestId), unexpected: true };
}
