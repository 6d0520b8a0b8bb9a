import { describe, expect, it } from 'vitest';
import { JOB_CODES } from '../jobs/jobs-error.ts';
import { RASTER_CODES } from '../raster/raster-error.ts';
import { STORE_CODES } from '../store/store-error.ts';
import { VECTOR_CODES } from '../vector/vector-error.ts';
import { LandwatchError } from '../util/landwatch-error.ts';
import { API_CODES, ApiError } from './api-error.ts';
import { errorStatus, OGC_EXCEPTION } from './error-status.ts';
import { problemFromError } from './problem.ts';

describe('errorStatus', () => {
  it('maps the codes the brief names', () => {
    expect(errorStatus('E_JOB_NOT_FOUND')).toEqual({ status: 404, type: OGC_EXCEPTION.noSuchJob });
    expect(errorStatus('E_JOB_INPUT').status).toBe(400);
    expect(errorStatus('E_API_UNAUTHORIZED').status).toBe(401);
    expect(errorStatus('E_API_FORBIDDEN').status).toBe(403);
    expect(errorStatus('E_API_NO_SUCH_PROCESS')).toEqual({ status: 404, type: OGC_EXCEPTION.noSuchProcess });
    expect(errorStatus('E_API_RESULT_NOT_READY')).toEqual({ status: 404, type: OGC_EXCEPTION.resultNotReady });
    expect(errorStatus('E_API_BODY_TOO_LARGE').status).toBe(413);
    expect(errorStatus('E_SOMETHING_NEW')).toEqual({ status: 500, type: 'urn:landwatch:error:E_SOMETHING_NEW' });
  });

  it('gives every client-facing raster code 400 or 422, and every known code a real status', () => {
    for (const code of Object.keys(RASTER_CODES)) {
      if (code === 'E_RASTER_WRITE') continue;
      expect([400, 422], code).toContain(errorStatus(code).status);
    }
    for (const code of [...Object.keys(API_CODES), ...Object.keys(JOB_CODES), ...Object.keys(STORE_CODES), ...Object.keys(VECTOR_CODES)]) {
      const s = errorStatus(code).status;
      expect(s >= 400 && s < 600, code).toBe(true);
    }
  });
});

describe('problemFromError', () => {
  it('keeps details on 4xx and drops them on 5xx', () => {
    const four = problemFromError(new ApiError('E_API_FORBIDDEN', 'epoch_a: outside', { input: 'epoch_a' }), '/x', 'r1');
    expect(four.problem).toMatchObject({ status: 403, code: 'E_API_FORBIDDEN', detail: 'epoch_a: outside', details: { input: 'epoch_a' }, requestId: 'r1', instance: '/x' });
    const five = problemFromError(new LandwatchError('E_STORE_QUERY', 'query failed', { file: '/srv/db' }), '/x', 'r2');
    expect(five.problem.status).toBe(500);
    expect(five.problem.details).toBeUndefined();
    expect(five.unexpected).toBe(false);
  });

  it('hides unknown errors behind E_API_INTERNAL', () => {
    const { problem, unexpected } = problemFromError(new TypeError('x is undefined'), '/x', 'r3');
    expect(unexpected).toBe(true);
    expect(problem).toMatchObject({ status: 500, code: 'E_API_INTERNAL', detail: 'internal error', requestId: 'r3' });
    expect(JSON.stringify(problem)).not.toContain('undefined');
  });
});
