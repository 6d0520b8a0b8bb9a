/**
 * Array and sample types the kernels work on. They live here, in the lowest room that needs them, so that
 * `src/raster` can reuse them (its `PixelArray`/`SampleType` are structurally the same).
 */

/** Any flat typed array a decoder can hand a kernel (one band, row-major, width × height). */
export type NumericArray =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

/** One epoch: one flat array per band, all the same length. */
export type BandArrays = readonly NumericArray[];

export type KernelSampleType = 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32' | 'float32' | 'float64';

/** Inclusive value range of an integer sample type; null for float types (no range without a data pass). */
export function sampleTypeRange(sampleType: KernelSampleType): { min: number; max: number } | null {
  switch (sampleType) {
    case 'uint8':
      return { min: 0, max: 255 };
    case 'int8':
      return { min: -128, max: 127 };
    case 'uint16':
      return { min: 0, max: 65535 };
    case 'int16':
      return { min: -32768, max: 32767 };
    case 'uint32':
      return { min: 0, max: 4294967295 };
    case 'int32':
      return { min: -2147483648, max: 2147483647 };
    default:
      return null;
  }
}
