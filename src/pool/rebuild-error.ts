import { LandwatchError, type SerializedError } from '../util/landwatch-error.ts';
import { RasterError, type RasterCode } from '../raster/raster-error.ts';

/** Turns a worker's plain error back into the typed error of its room (by code prefix). */
export function rebuildError(e: SerializedError): LandwatchError {
  if (e.code.startsWith('E_RASTER_')) return new RasterError(e.code as RasterCode, e.message, e.details);
  return new LandwatchError(e.code, e.message, e.details);
}
