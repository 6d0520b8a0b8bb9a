import { NATIVE_LITTLE_ENDIAN, swapBytesInPlace } from './byte-swap.ts';
import type { Codec } from './codecs/index.ts';
import { undoFloatingPointPredictor, undoHorizontalDifferencing } from './predictor.ts';

export interface BlockShape {
  /** samples in one stored row: block width × samples per pixel in the block */
  rowSamples: number;
  /** rows the block holds in the file (block height; a tile at the bottom edge is stored full) */
  storedRows: number;
  /** rows needed from it (a short last strip has fewer than the block height) */
  rows: number;
  /** samples per pixel inside the block (1 for planar) */
  stride: number;
  bytesPerSample: number;
  predictor: 1 | 2 | 3;
  littleEndian: boolean;
}

/** Decoded-block memory, grown on demand; one per worker (module instance). Valid until the next call. */
let scratch = new Uint8Array(0);

function scratchOf(bytes: number): Uint8Array {
  if (scratch.length < bytes) scratch = new Uint8Array(Math.max(bytes, Math.min(scratch.length * 2, 2 ** 30)));
  return scratch;
}

/**
 * One block's stored bytes → native-order samples: codec, then byte swap, then predictor (once, after any
 * codec). Returns a byte view aligned to 8 holding `rows` × `rowSamples` samples; it may alias the module
 * scratch or `raw`, so use it before the next call. Throws a plain Error on corrupt or short data; the
 * caller adds the file and block.
 */
export function decodeBlock(raw: Uint8Array, codec: Codec, shape: BlockShape): Uint8Array {
  const { bytesPerSample, rowSamples, rows, stride, predictor } = shape;
  const rowBytes = rowSamples * bytesPerSample;
  const storedBytes = rowBytes * shape.storedRows;
  const needed = rowBytes * rows;
  let data = codec.decode(raw, storedBytes, scratchOf(storedBytes));
  if (data.length < needed) {
    throw new Error(`${codec.name} data decodes to ${data.length} bytes, expected ${needed}`);
  }
  if (data.byteOffset % 8 !== 0) {
    // NONE hands back a slice of the read buffer; the typed views below need alignment
    const aligned = scratchOf(needed).subarray(0, needed);
    aligned.set(data.subarray(0, needed));
    data = aligned;
  }
  data = data.subarray(0, needed);
  if (predictor !== 3 && bytesPerSample > 1 && shape.littleEndian !== NATIVE_LITTLE_ENDIAN) {
    swapBytesInPlace(data, bytesPerSample, rowSamples * rows);
  }
  if (predictor === 2) undoHorizontalDifferencing(data, bytesPerSample, rowSamples, rows, stride);
  else if (predictor === 3) undoFloatingPointPredictor(data, bytesPerSample, rowSamples, rows, stride);
  return data;
}
