/**
 * Value noise over a pixel window: hash2 on a global lattice, smoothstep-interpolated. Stateless in the
 * coordinates, so a window equals the same cut of a bigger render, bit for bit.
 */
import { hash2 } from '../util/prng.ts';
import type { PixelWindow } from '../raster/index.ts';

let lattice = new Float64Array(1024);
let colIndex = new Int32Array(1024);
let colWeight = new Float64Array(1024);

/**
 * out[i] (+)= weight · noise(x, y) for every pixel of the window, noise in [0, 1) with features of about
 * cellPx. `accumulate` false overwrites.
 */
export function valueNoise(
  win: PixelWindow,
  cellPx: number,
  seed: number,
  weight: number,
  out: Float32Array,
  accumulate: boolean,
): Float32Array {
  const { x: x0, y: y0, width: w, height: h } = win;
  const lx0 = Math.floor(x0 / cellPx);
  const ly0 = Math.floor(y0 / cellPx);
  const nx = Math.floor((x0 + w - 1) / cellPx) - lx0 + 2;
  const ny = Math.floor((y0 + h - 1) / cellPx) - ly0 + 2;
  if (lattice.length < nx * ny) lattice = new Float64Array(nx * ny);
  if (colIndex.length < w) {
    colIndex = new Int32Array(w);
    colWeight = new Float64Array(w);
  }
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) lattice[j * nx + i] = hash2(lx0 + i, ly0 + j, seed);
  }
  for (let c = 0; c < w; c++) {
    const x = x0 + c;
    const lx = Math.floor(x / cellPx);
    const t = (x - lx * cellPx) / cellPx;
    colIndex[c] = lx - lx0;
    colWeight[c] = t * t * (3 - 2 * t);
  }
  for (let r = 0; r < h; r++) {
    const y = y0 + r;
    const ly = Math.floor(y / cellPx);
    const t = (y - ly * cellPx) / cellPx;
    const ty = t * t * (3 - 2 * t);
    const row0 = (ly - ly0) * nx;
    const row1 = row0 + nx;
    const o = r * w;
    for (let c = 0; c < w; c++) {
      const k = colIndex[c];
      const tx = colWeight[c];
      const a = lattice[row0 + k];
      const b = lattice[row0 + k + 1];
      const d = lattice[row1 + k];
      const e = lattice[row1 + k + 1];
      const top = a + (b - a) * tx;
      const bottom = d + (e - d) * tx;
      const v = weight * (top + (bottom - top) * ty);
      out[o + c] = accumulate ? out[o + c] + v : v;
    }
  }
  return out;
}
