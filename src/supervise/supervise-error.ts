import { LandwatchError, type ErrorDetails } from '../util/landwatch-error.ts';

/** Stable codes of the supervise room, each with its one-line meaning. */
export const SUPERVISE_CODES = {
  E_SUPERVISE_RULES: 'the rules file is invalid',
  E_SUPERVISE_LAYER: 'a planning or management layer cannot be read',
  E_SUPERVISE_INPUT: 'a site geometry given to check-site is not a valid Polygon/MultiPolygon (or Feature/FeatureCollection of them)',
} as const;

export type SuperviseCode = keyof typeof SUPERVISE_CODES;

export class SuperviseError extends LandwatchError {
  constructor(code: SuperviseCode, message: string, details: ErrorDetails = {}) {
    super(code, message, details);
  }
}
