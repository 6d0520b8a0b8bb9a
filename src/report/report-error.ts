import { LandwatchError, type ErrorDetails } from '../util/landwatch-error.ts';

/** Stable codes of the report room (tiles, thumbnails, HTML report), each with its one-line meaning. */
export const REPORT_CODES = {
  E_REPORT_DATASET: 'the tile dataset id is malformed or names no raster of the job',
  E_REPORT_TILE: 'the z/x/y tile address is outside the Web Mercator grid',
  E_REPORT_JOB: 'the job does not exist or has no outputs to render',
  E_REPORT_PATCH: 'the patch does not exist in the job',
  E_REPORT_CRS: 'the raster has no georeferencing that can be reprojected to Web Mercator',
} as const;

export type ReportCode = keyof typeof REPORT_CODES;

export class ReportError extends LandwatchError {
  constructor(code: ReportCode, message: string, details: ErrorDetails = {}) {
    super(code, message, details);
  }
}
