import { LandwatchError, type ErrorDetails } from '../util/landwatch-error.ts';

/**
 * Stable codes of the connected-component kernels, each with its one-line meaning. (The kernels room has no
 * shared error class yet; when one appears these codes should move into it.)
 */
export const TILE_COMPONENTS_CODES = {
  E_KERNEL_INPUT: 'a kernel input has the wrong size or shape (arrays vs width/height, options)',
  E_KERNEL_DECODE: 'an encoded TileComponents buffer is truncated, corrupt or of an unknown version',
} as const;

export type TileComponentsCode = keyof typeof TILE_COMPONENTS_CODES;

export class TileComponentsError extends LandwatchError {
  constructor(code: TileComponentsCode, message: string, details: ErrorDetails = {}) {
    super(code, message, details);
  }
}
