import type { PixelArray, SampleType } from './raster-types.ts';

const BYTES: Record<SampleType, number> = {
  uint8: 1, int8: 1, uint16: 2, int16: 2, uint32: 4, int32: 4, float32: 4, float64: 8,
};

export function bytesPerSample(type: SampleType): number {
  return BYTES[type];
}

/** SampleType from TIFF SampleFormat (1 uint, 2 int, 3 float; 4 void reads as uint like GDAL) and bits. */
export function sampleTypeOf(sampleFormat: number, bits: number): SampleType | null {
  const fmt = sampleFormat === 4 ? 1 : sampleFormat;
  if (fmt === 1) return bits === 8 ? 'uint8' : bits === 16 ? 'uint16' : bits === 32 ? 'uint32' : null;
  if (fmt === 2) return bits === 8 ? 'int8' : bits === 16 ? 'int16' : bits === 32 ? 'int32' : null;
  if (fmt === 3) return bits === 32 ? 'float32' : bits === 64 ? 'float64' : null;
  return null;
}

/** A new zeroed array of `length` samples. */
export function newPixelArray(type: SampleType, length: number): PixelArray {
  switch (type) {
    case 'uint8': return new Uint8Array(length);
    case 'int8': return new Int8Array(length);
    case 'uint16': return new Uint16Array(length);
    case 'int16': return new Int16Array(length);
    case 'uint32': return new Uint32Array(length);
    case 'int32': return new Int32Array(length);
    case 'float32': return new Float32Array(length);
    case 'float64': return new Float64Array(length);
  }
}

/** A typed view of `length` samples over existing memory (byteOffset aligned to the sample size). */
export function pixelView(type: SampleType, buffer: ArrayBufferLike, byteOffset: number, length: number): PixelArray {
  switch (type) {
    case 'uint8': return new Uint8Array(buffer, byteOffset, length);
    case 'int8': return new Int8Array(buffer, byteOffset, length);
    case 'uint16': return new Uint16Array(buffer, byteOffset, length);
    case 'int16': return new Int16Array(buffer, byteOffset, length);
    case 'uint32': return new Uint32Array(buffer, byteOffset, length);
    case 'int32': return new Int32Array(buffer, byteOffset, length);
    case 'float32': return new Float32Array(buffer, byteOffset, length);
    case 'float64': return new Float64Array(buffer, byteOffset, length);
  }
}
