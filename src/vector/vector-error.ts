import { LandwatchError, type ErrorDetails } from '../util/landwatch-error.ts';

/** Stable codes of the vector room, each with its one-line meaning. */
export const VECTOR_CODES = {
  E_VECTOR_CRS: 'the CRS is unknown or cannot be transformed',
  E_VECTOR_GEOMETRY: 'a geometry is invalid or empty',
  E_VECTOR_STITCH: 'tile components could not be stitched (inconsistent border data)',
  E_VECTOR_EXPORT: 'writing a vector output failed',
  E_VECTOR_INPUT: 'a vector input file cannot be read or parsed',
} as const;

export type VectorCode = keyof typeof VECTOR_CODES;

export class VectorError extends LandwatchError {
  constructor(code: VectorCode, message: string, details: ErrorDetails = {}) {
    super(code, message, details);
  }
}
