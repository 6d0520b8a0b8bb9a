import { LandwatchError, type ErrorDetails } from '../util/landwatch-error.ts';

/** Stable codes of the raster room, each with its one-line meaning. */
export const RASTER_CODES = {
  E_RASTER_OPEN: 'the file cannot be opened or read',
  E_RASTER_NOT_TIFF: 'the file is not a TIFF or BigTIFF',
  E_RASTER_HEADER: 'the TIFF header or an IFD is malformed (bad offsets, counts, types)',
  E_RASTER_DIMENSIONS: 'width, height or block size is zero, negative or implausibly large',
  E_RASTER_SAMPLE_FORMAT: 'BitsPerSample/SampleFormat combination is unsupported or inconsistent',
  E_RASTER_COMPRESSION: 'the compression scheme is not supported (e.g. JPEG, WebP)',
  E_RASTER_PREDICTOR: 'the predictor value is invalid for the sample type',
  E_RASTER_LAYOUT: 'unsupported pixel layout (palette-only, subsampled, odd bit depth)',
  E_RASTER_GEOREF: 'georeferencing is missing or unsupported (rotated or sheared geotransform)',
  E_RASTER_BLOCK_RANGE: 'a tile or strip lies outside the file (offset past end of file)',
  E_RASTER_DECODE: 'a tile or strip failed to decode (corrupt stream, wrong size, inflate bomb)',
  E_RASTER_WINDOW: 'the requested window or band lies outside the raster',
  E_RASTER_ALIGN: 'epochs do not share CRS, grid, size, or band count',
  E_RASTER_WRITE: 'writing a GeoTIFF failed',
} as const;

export type RasterCode = keyof typeof RASTER_CODES;

export class RasterError extends LandwatchError {
  constructor(code: RasterCode, message: string, details: ErrorDetails = {}) {
    super(code, message, details);
  }
}
