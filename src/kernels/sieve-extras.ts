import { CHANGE_NODATA, NO_CHANGE } from './change-legend.ts';
import { TRANSITION_INVALID } from './transition-codes.ts';
import { KernelError } from './kernel-error.ts';

/**
 * The per-pixel attributes the merge-mode MMU must carry from labelling a tile to polygonizing its sieved
 * version, kept only where they can still count:
 * - transition codes of changed pixels (code ∉ {0, 255}): the only pixels whose polygon value uses them;
 * - magnitude weights (quantised to 1/16) of changed pixels, and of no-change pixels whose component has
 *   fewer than `thresholdPx` pixels in the tile: a no-change polygon with ≥ T pixels in one tile is never
 *   small, so it is never merged into a change polygon and its weights never reach a polygon.
 * Positions are not stored: both lists are in raster order over the core, and the positions follow from
 * the codes and the tile's sieve components, which the apply step recomputes identically.
 */
const MAGIC = 0x3258_5753; // 'SWX2' (transitions are uint32 since class codes go up to 2047)
const HEADER_BYTES = 16;

let scratchT = new Uint32Array(0);
let scratchW = new Float32Array(0);

/** Does this pixel keep its weight? (packSieveExtras inlines the same test) `size` is the pixel count of its component in the tile. */
export function sieveKeepsWeight(code: number, size: number, thresholdPx: number): boolean {
  return code !== NO_CHANGE || size < thresholdPx;
}

/**
 * Packs a core's extras. `codes` is the cleaned core (n pixels), `labels`/`sizes` its sieve components
 * (label -1 for nodata); `transitions` and `magnitude` are read through `at(i)`, the index of core pixel i
 * in their (window) layout; either may be null (spectral modes have no transitions, land-use modes no
 * magnitude).
 */
export function packSieveExtras(
  codes: Uint8Array,
  n: number,
  labels: Int32Array,
  sizes: Uint32Array,
  thresholdPx: number,
  transitions: Uint32Array | null,
  magnitude: Float32Array | null,
  coreWidth: number,
  window: { dx: number; dy: number; width: number },
): Uint8Array {
  const wantT = transitions !== null;
  const wantW = magnitude !== null;
  if (wantT && scratchT.length < n) scratchT = new Uint32Array(n);
  if (wantW && scratchW.length < n) scratchW = new Float32Array(n);
  let nT = 0;
  let nW = 0;
  const rows = n / coreWidth;
  for (let r = 0; r < rows; r++) {
    const i0 = r * coreWidth;
    const s0 = (r + window.dy) * window.width + window.dx - i0;
    for (let i = i0; i < i0 + coreWidth; i++) {
      const code = codes[i];
      if (code === CHANGE_NODATA) continue;
      if (code !== NO_CHANGE) {
        if (wantT) scratchT[nT++] = (transitions as Uint32Array)[s0 + i];
        if (wantW) scratchW[nW++] = Math.round((magnitude as Float32Array)[s0 + i] * 16) / 16;
      } else if (wantW && sizes[labels[i]] < thresholdPx) {
        scratchW[nW++] = Math.round((magnitude as Float32Array)[s0 + i] * 16) / 16;
      }
    }
  }
  const buf = new ArrayBuffer(HEADER_BYTES + nW * 4 + nT * 4);
  new Int32Array(buf, 0, 4).set([MAGIC, (wantT ? 1 : 0) | (wantW ? 2 : 0), nT, nW]);
  if (nW > 0) new Float32Array(buf, HEADER_BYTES, nW).set(scratchW.subarray(0, nW));
  if (nT > 0) new Uint32Array(buf, HEADER_BYTES + nW * 4, nT).set(scratchT.subarray(0, nT));
  return new Uint8Array(buf);
}

export interface SieveExtras {
  /** transition codes of the changed pixels in raster order, or null (no transitions in this mode) */
  transitions: Uint32Array | null;
  /** weights of the pixels sieveKeepsWeight picks, in raster order, or null (no magnitude in this mode) */
  weights: Float32Array | null;
}

/** Views over an aligned copy of packed extras. */
export function unpackSieveExtras(bytes: Uint8Array): SieveExtras {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  const buf = copy.buffer;
  if (bytes.byteLength < HEADER_BYTES) throw new KernelError('E_KERNEL_INPUT', 'sieve extras: buffer too short');
  const [magic, flags, nT, nW] = new Int32Array(buf, 0, 4);
  if (magic !== MAGIC) throw new KernelError('E_KERNEL_INPUT', 'sieve extras: not packed sieve extras');
  if (bytes.byteLength !== HEADER_BYTES + nW * 4 + nT * 4) {
    throw new KernelError('E_KERNEL_INPUT', `sieve extras: ${bytes.byteLength} bytes, header says ${HEADER_BYTES + nW * 4 + nT * 4}`);
  }
  return {
    transitions: flags & 1 ? new Uint32Array(buf, HEADER_BYTES + nW * 4, nT) : null,
    weights: flags & 2 ? new Float32Array(buf, HEADER_BYTES, nW) : null,
  };
}

/** Dense core transitions from the sparse list (changed pixels get theirs; others TRANSITION_INVALID, unused). */
export function expandSieveTransitions(codes: Uint8Array, n: number, sparse: Uint32Array, out: Uint32Array): void {
  let j = 0;
  for (let i = 0; i < n; i++) {
    const code = codes[i];
    out[i] = code === CHANGE_NODATA || code === NO_CHANGE ? TRANSITION_INVALID : sparse[j++];
  }
  if (j !== sparse.length) throw new KernelError('E_KERNEL_INPUT', `sieve extras: ${sparse.length} transitions for ${j} changed pixels`);
}
