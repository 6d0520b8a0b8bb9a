import { CHANGE_NODATA, NO_CHANGE } from './change-legend.ts';
import { KernelError } from './kernel-error.ts';

/*
 * Binary morphology on "changed" pixels (code ∉ {0, 255}) with a square (2r+1)² structuring element.
 * The raster (or the tile-plus-halo window handed in) is embedded in an infinite background: whatever lies
 * outside the array is unchanged, and nodata (255) counts as unchanged and is always written back as 255.
 * Window counts come from two running-sum passes (rows, then rows of row sums), so the cost is O(n) per
 * operation whatever r is. Closing pads the domain by r so that a dilation reaching past the edge is kept,
 * which makes closing extensive (a changed pixel is never removed by closing, even on the border).
 */

let binScratch = new Uint8Array(0);
let maskScratch = new Uint8Array(0);
let rowSums = new Int32Array(0);
let boxSums = new Int32Array(0);
let srcCopy = new Uint8Array(0);
const codeVotes = new Uint32Array(256);

/**
 * Halo (px) a tile needs so that cropping `closeChanges(openChanges(tile+halo))` to the tile equals
 * processing the whole raster: an opening of radius r reads 2r around a pixel (erode r, dilate r), a
 * closing likewise; the closing also assigns codes from a window of r, inside that 2r.
 */
export function haloFor(openR: number, closeR: number): number {
  checkRadius(openR);
  checkRadius(closeR);
  return 2 * openR + 2 * closeR;
}

/**
 * Opening: removes changed patches narrower than 2r+1 in either direction (and spurs). Pixels it removes
 * become 0; kept pixels keep their code; 0 and 255 pass through. `out` may be `codes`.
 */
export function openChanges(codes: Uint8Array, width: number, height: number, r: number, out: Uint8Array = new Uint8Array(width * height)): Uint8Array {
  const n = checkArgs(codes, width, height, r, out, 'openChanges');
  if (r === 0) return copyInto(codes, out, n);
  const bin = grow8('bin', n);
  for (let i = 0; i < n; i++) bin[i] = isChanged(codes[i]);
  const full = (2 * r + 1) * (2 * r + 1);
  const sums = boxCounts(bin, width, height, r);
  const eroded = grow8('mask', n);
  for (let i = 0; i < n; i++) eroded[i] = sums[i] === full ? 1 : 0;
  const sums2 = boxCounts(eroded, width, height, r);
  for (let i = 0; i < n; i++) {
    const c = codes[i];
    out[i] = bin[i] === 1 && sums2[i] === 0 ? NO_CHANGE : c;
  }
  return out;
}

/**
 * Closing: fills unchanged gaps narrower than 2r+1 between changed pixels. A pixel it adds takes the most
 * frequent code among changed pixels in its (2r+1)² window (ties → smallest code); nodata is never filled;
 * changed pixels keep their code. `out` may be `codes`.
 */
export function closeChanges(codes: Uint8Array, width: number, height: number, r: number, out: Uint8Array = new Uint8Array(width * height)): Uint8Array {
  const n = checkArgs(codes, width, height, r, out, 'closeChanges');
  if (r === 0) return copyInto(codes, out, n);
  let src = codes;
  if (out === codes) {
    if (srcCopy.length < n) srcCopy = new Uint8Array(n);
    srcCopy.set(codes.subarray(0, n));
    src = srcCopy;
  }
  // padded domain: r on every side
  const pw = width + 2 * r;
  const ph = height + 2 * r;
  const pn = pw * ph;
  const bin = grow8('bin', pn);
  bin.fill(0, 0, pn);
  for (let y = 0; y < height; y++) {
    const row = (y + r) * pw + r;
    const srcRow = y * width;
    for (let x = 0; x < width; x++) bin[row + x] = isChanged(src[srcRow + x]);
  }
  const dilated = grow8('mask', pn);
  const sums = boxCounts(bin, pw, ph, r);
  for (let i = 0; i < pn; i++) dilated[i] = sums[i] > 0 ? 1 : 0;
  const sums2 = boxCounts(dilated, pw, ph, r);
  const full = (2 * r + 1) * (2 * r + 1);
  for (let y = 0; y < height; y++) {
    const prow = (y + r) * pw + r;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const c = src[i];
      if (c !== NO_CHANGE) out[i] = c; // changed or nodata: unchanged by closing
      else out[i] = sums2[prow + x] === full ? modalCode(src, width, height, x, y, r) : NO_CHANGE;
    }
  }
  return out;
}

/** Opening then closing, the usual clean-up of a change map; halo: haloFor(openR, closeR). */
export function cleanChanges(
  codes: Uint8Array,
  width: number,
  height: number,
  opts: { openR: number; closeR: number },
  out: Uint8Array = new Uint8Array(width * height),
): Uint8Array {
  openChanges(codes, width, height, opts.openR, out);
  return closeChanges(out, width, height, opts.closeR, out);
}

function isChanged(code: number): number {
  return code !== NO_CHANGE && code !== CHANGE_NODATA ? 1 : 0;
}

/** Most frequent changed code in the window of (x, y), clipped to the array; ties → smallest code. */
function modalCode(src: Uint8Array, width: number, height: number, x: number, y: number, r: number): number {
  const x0 = x - r < 0 ? 0 : x - r;
  const x1 = x + r >= width ? width - 1 : x + r;
  const y0 = y - r < 0 ? 0 : y - r;
  const y1 = y + r >= height ? height - 1 : y + r;
  let best = NO_CHANGE;
  let bestVotes = 0;
  for (let yy = y0; yy <= y1; yy++) {
    const row = yy * width;
    for (let xx = x0; xx <= x1; xx++) {
      const c = src[row + xx];
      if (c === NO_CHANGE || c === CHANGE_NODATA) continue;
      const votes = ++codeVotes[c];
      if (votes > bestVotes || (votes === bestVotes && c < best)) {
        bestVotes = votes;
        best = c;
      }
    }
  }
  // clear only the counters this window touched
  for (let yy = y0; yy <= y1; yy++) {
    const row = yy * width;
    for (let xx = x0; xx <= x1; xx++) codeVotes[src[row + xx]] = 0;
  }
  return best;
}

/**
 * Count of set pixels (0/1) in the (2r+1)² window of each pixel, the window clipped to the w×h domain
 * (outside counts 0). Returns module scratch valid until the next call.
 */
function boxCounts(src: Uint8Array, w: number, h: number, r: number): Int32Array {
  const n = w * h;
  if (rowSums.length < n) rowSums = new Int32Array(n);
  if (boxSums.length < n) {
    boxSums = new Int32Array(n);
  }
  const tmp = rowSums;
  const out = boxSums;
  for (let y = 0; y < h; y++) {
    const base = y * w;
    let s = 0;
    const first = r < w ? r : w - 1;
    for (let x = 0; x <= first; x++) s += src[base + x];
    for (let x = 0; x < w; x++) {
      tmp[base + x] = s;
      const add = x + r + 1;
      if (add < w) s += src[base + add];
      const rem = x - r;
      if (rem >= 0) s -= src[base + rem];
    }
  }
  // first output row: rows 0..r of tmp
  const firstRow = r < h ? r : h - 1;
  for (let x = 0; x < w; x++) out[x] = 0;
  for (let y = 0; y <= firstRow; y++) {
    const base = y * w;
    for (let x = 0; x < w; x++) out[x] += tmp[base + x];
  }
  for (let y = 1; y < h; y++) {
    const base = y * w;
    const prev = base - w;
    const addRow = y + r < h ? (y + r) * w : -1;
    const remRow = y - r - 1 >= 0 ? (y - r - 1) * w : -1;
    if (addRow >= 0 && remRow >= 0) {
      for (let x = 0; x < w; x++) out[base + x] = out[prev + x] + tmp[addRow + x] - tmp[remRow + x];
    } else if (addRow >= 0) {
      for (let x = 0; x < w; x++) out[base + x] = out[prev + x] + tmp[addRow + x];
    } else if (remRow >= 0) {
      for (let x = 0; x < w; x++) out[base + x] = out[prev + x] - tmp[remRow + x];
    } else {
      for (let x = 0; x < w; x++) out[base + x] = out[prev + x];
    }
  }
  return out;
}

function grow8(which: 'bin' | 'mask', n: number): Uint8Array {
  if (which === 'bin') {
    if (binScratch.length < n) binScratch = new Uint8Array(n);
    return binScratch;
  }
  if (maskScratch.length < n) maskScratch = new Uint8Array(n);
  return maskScratch;
}

function copyInto(codes: Uint8Array, out: Uint8Array, n: number): Uint8Array {
  if (out !== codes) out.set(codes.subarray(0, n));
  return out;
}

function checkRadius(r: number): void {
  if (!Number.isInteger(r) || r < 0 || r > 1000) {
    throw new KernelError('E_KERNEL_INPUT', `morphology radius must be an integer 0..1000 px, got ${r}`);
  }
}

function checkArgs(codes: Uint8Array, width: number, height: number, r: number, out: Uint8Array, what: string): number {
  checkRadius(r);
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
    throw new KernelError('E_KERNEL_INPUT', `${what}: bad size ${width}×${height}`);
  }
  const n = width * height;
  if (codes.length < n || out.length < n) {
    throw new KernelError('E_KERNEL_INPUT', `${what}: arrays hold ${codes.length} and ${out.length} codes, need ${n} (${width}×${height})`);
  }
  return n;
}
