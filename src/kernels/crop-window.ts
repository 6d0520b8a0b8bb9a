import type { NumericArray } from './kernel-types.ts';
import { KernelError } from './kernel-error.ts';

/**
 * Copies the w×h window at (x, y) of a srcWidth-wide row-major array into `out` (w×h): how a tile is cut
 * out of its tile-plus-halo result. `out` must be the same array type as `src`.
 */
export function cropWindow<T extends NumericArray>(
  src: T,
  srcWidth: number,
  srcHeight: number,
  x: number,
  y: number,
  w: number,
  h: number,
  out: T,
): T {
  if (x < 0 || y < 0 || w < 0 || h < 0 || x + w > srcWidth || y + h > srcHeight || out.length < w * h) {
    throw new KernelError('E_KERNEL_INPUT', `cropWindow: window ${w}×${h}+${x}+${y} outside ${srcWidth}×${srcHeight} or out too small`);
  }
  for (let row = 0; row < h; row++) {
    const start = (y + row) * srcWidth + x;
    // subarray of the same typed-array kind; set copies without per-pixel work in JS
    (out as NumericArray).set(src.subarray(start, start + w) as ArrayLike<number>, row * w);
  }
  return out;
}
