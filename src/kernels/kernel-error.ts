import { LandwatchError, type ErrorDetails } from '../util/landwatch-error.ts';

/** Stable codes of the kernels room, each with its one-line meaning. */
export const KERNEL_CODES = {
  E_KERNEL_INPUT: 'a kernel input has the wrong size or shape (arrays vs width/height, band counts, options)',
  E_KERNEL_BAND_ROLE: 'a spectral index needs a band role (red, nir, swir1, ...) that is not assigned',
  E_KERNEL_REMAP: 'a land-use remap table is malformed (bad code, unknown GB/T 21010 class)',
  E_KERNEL_HISTOGRAM: 'histograms or their specs do not match (bins, range)',
} as const;

export type KernelCode = keyof typeof KERNEL_CODES;

export class KernelError extends LandwatchError {
  constructor(code: KernelCode, message: string, details: ErrorDetails = {}) {
    super(code, message, details);
  }
}
