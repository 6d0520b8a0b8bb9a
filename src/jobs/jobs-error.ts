import { LandwatchError, type ErrorDetails } from '../util/landwatch-error.ts';

/** Stable codes of the jobs room, each with its one-line meaning. */
export const JOB_CODES = {
  E_JOB_INPUT: 'a job input is missing or invalid',
  E_JOB_NOT_FOUND: 'no job with that id',
  E_JOB_STATE: 'the job is not in a state that allows this action',
  E_JOB_CANCELLED: 'the job was cancelled',
  E_JOB_FAILED: 'the job failed',
  E_JOB_BUSY: 'too many jobs are waiting; the submission was refused (back-pressure)',
  E_JOB_NO_VALID_PIXELS: 'the epochs share no valid pixel (nodata, NaN or ±Inf everywhere in one of them)',
  E_JOB_BACKEND: 'the queue backend (Redis/BullMQ) is unreachable, misconfigured, or returned an unreadable payload',
} as const;

export type JobCode = keyof typeof JOB_CODES;

export class JobError extends LandwatchError {
  constructor(code: JobCode, message: string, details: ErrorDetails = {}) {
    super(code, message, details);
  }
}
