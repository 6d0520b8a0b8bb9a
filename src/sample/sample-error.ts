import { LandwatchError, type ErrorDetails } from '../util/landwatch-error.ts';

/** Stable codes of the sample room, each with its one-line meaning. */
export const SAMPLE_CODES = {
  E_SAMPLE_OPTIONS: 'sample options are invalid (size, seed or tile size out of range)',
  E_SAMPLE_PLACEMENT: 'the scene has no room for a required planted change or layer (scene too small)',
  E_SAMPLE_WRITE: 'writing a sample file failed',
} as const;

export type SampleCode = keyof typeof SAMPLE_CODES;

export class SampleError extends LandwatchError {
  constructor(code: SampleCode, message: string, details: ErrorDetails = {}) {
    super(code, message, details);
  }
}
