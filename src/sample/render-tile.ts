/**
 * Pixels of one window of the sample, both epochs at once: land use A/B, truth change codes and the
 * 4-band imagery. A pure function of (scene, window): any window equals the same cut of a bigger one.
 *
 * Imagery = class spectrum (primary/alternate mix) × parcel brightness × texture × (1 ± 2 % noise);
 * epoch B adds a per-band seasonal gain/offset and a slight per-parcel drift.
 */
import { hash2 } from '../util/prng.ts';
import type { PixelWindow } from '../raster/index.ts';
import { SPECTRA, TEXTURE_AMP } from './class-spectra.ts';
import { fillPolygon, rowSpans, spanBuffer, touchesWindow } from './polygon-raster.ts';
import { allocBaseTile, renderBase, type BaseTile } from './render-base.ts';
import type { Scene } from './sample-types.ts';
import { subSeed } from './sub-seed.ts';
import { LANDUSE_NODATA, TRANSITION_LUT } from './transition-code.ts';
import { valueNoise } from './value-noise.ts';

export type Bands4 = [Uint16Array, Uint16Array, Uint16Array, Uint16Array];

export interface SampleTile {
  window: PixelWindow;
  landuseA: Uint8Array;
  landuseB: Uint8Array;
  truth: Uint8Array;
  imageA: Bands4;
  imageB: Bands4;
}

export function allocSampleTile(win: PixelWindow): SampleTile {
  const n = win.width * win.height;
  const bands = (): Bands4 => [new Uint16Array(n), new Uint16Array(n), new Uint16Array(n), new Uint16Array(n)];
  return { window: win, landuseA: new Uint8Array(n), landuseB: new Uint8Array(n), truth: new Uint8Array(n), imageA: bands(), imageB: bands() };
}

let base: BaseTile = allocBaseTile(0, 0);
let modB = new Float32Array(0);
let altB = new Float32Array(0);
let texture = new Float32Array(0);

const NO_SHIFT_GAIN = [1, 1, 1, 1] as const;
const NO_SHIFT_OFFSET = [0, 0, 0, 0] as const;

export function renderTile(scene: Scene, win: PixelWindow, out: SampleTile = allocSampleTile(win)): SampleTile {
  const n = win.width * win.height;
  if (out.landuseA.length !== n) throw new RangeError('SampleTile does not match the window size');
  out.window = win;
  if (base.cls.length < n) {
    base = allocBaseTile(win.width, win.height);
    modB = new Float32Array(n);
    altB = new Float32Array(n);
    texture = new Float32Array(n);
  }
  renderBase(scene, win, base);
  const { landuseA, landuseB, truth } = out;
  for (let o = 0; o < n; o++) {
    const c = base.cls[o];
    landuseA[o] = c;
    landuseB[o] = c;
    // slight between-date drift of each parcel's brightness and mix
    const v = base.vary[o] - 0.5;
    modB[o] = base.mod[o] * (1 + 0.06 * v);
    const a = base.alt[o] + 0.12 * v;
    altB[o] = a < 0 ? 0 : a > 1 ? 1 : a;
  }
  paintChanges(scene, win, landuseA, landuseB);
  for (const z of scene.nodataA) fillPolygon(z, win, landuseA, LANDUSE_NODATA);
  for (const z of scene.nodataB) fillPolygon(z, win, landuseB, LANDUSE_NODATA);
  for (let o = 0; o < n; o++) truth[o] = TRANSITION_LUT[(landuseA[o] << 8) | landuseB[o]];

  valueNoise(win, 16, subSeed(scene.seed, 301), 0.5, texture, false);
  valueNoise(win, 4, subSeed(scene.seed, 302), 0.5, texture, true);
  paintImage(win, landuseA, base.mod, base.alt, subSeed(scene.seed, 401), NO_SHIFT_GAIN, NO_SHIFT_OFFSET, out.imageA);
  paintImage(win, landuseB, modB, altB, subSeed(scene.seed, 402), scene.shift.gain, scene.shift.offset, out.imageB);
  return out;
}

/** Planted changes: from-class in A, to-class in B, and the new cover's spectral parameters in B. */
function paintChanges(scene: Scene, win: PixelWindow, luA: Uint8Array, luB: Uint8Array): void {
  const { x: x0, y: y0, width: w, height: h } = win;
  for (const change of scene.changes) {
    const poly = change.polygon;
    if (!touchesWindow(poly, win)) continue;
    const spans = spanBuffer(poly);
    const m = 0.9 + 0.2 * hash2(change.seed, 1, 9);
    const a = hash2(change.seed, 2, 9);
    const r0 = Math.max(y0, Math.floor(poly.bbox.minY));
    const r1 = Math.min(y0 + h, Math.ceil(poly.bbox.maxY) + 1);
    for (let r = r0; r < r1; r++) {
      const count = rowSpans(poly.rings, r, x0, x0 + w, spans);
      const o0 = (r - y0) * w - x0;
      for (let s = 0; s < count; s++) {
        for (let c = spans[2 * s]; c < spans[2 * s + 1]; c++) {
          const o = o0 + c;
          luA[o] = change.from;
          luB[o] = change.to;
          modB[o] = m;
          altB[o] = a;
        }
      }
    }
  }
}

function paintImage(
  win: PixelWindow,
  landuse: Uint8Array,
  mod: Float32Array,
  alt: Float32Array,
  seed: number,
  gain: readonly number[],
  offset: readonly number[],
  bands: Bands4,
): void {
  const { x: x0, y: y0, width: w, height: h } = win;
  const [b0, b1, b2, b3] = bands;
  const g0 = gain[0], g1 = gain[1], g2 = gain[2], g3 = gain[3];
  const f0 = offset[0], f1 = offset[1], f2 = offset[2], f3 = offset[3];
  for (let r = 0; r < h; r++) {
    const y = y0 + r;
    let o = r * w;
    for (let c = 0; c < w; c++, o++) {
      const cls = landuse[o];
      if (cls === LANDUSE_NODATA) {
        b0[o] = 0;
        b1[o] = 0;
        b2[o] = 0;
        b3[o] = 0;
        continue;
      }
      // one 32-bit hash → four uniform noises in [-1, 1] (one byte per band)
      const hn = pixelHash(x0 + c, y, seed);
      const m = mod[o] * (1 + 2 * TEXTURE_AMP[cls] * (texture[o] - 0.5));
      const a = alt[o];
      const k = cls * 8;
      let v = (SPECTRA[k] + (SPECTRA[k + 4] - SPECTRA[k]) * a) * m * (1 + NOISE * ((hn & 255) - 127.5));
      b0[o] = clampDn(v * g0 + f0);
      v = (SPECTRA[k + 1] + (SPECTRA[k + 5] - SPECTRA[k + 1]) * a) * m * (1 + NOISE * (((hn >>> 8) & 255) - 127.5));
      b1[o] = clampDn(v * g1 + f1);
      v = (SPECTRA[k + 2] + (SPECTRA[k + 6] - SPECTRA[k + 2]) * a) * m * (1 + NOISE * (((hn >>> 16) & 255) - 127.5));
      b2[o] = clampDn(v * g2 + f2);
      v = (SPECTRA[k + 3] + (SPECTRA[k + 7] - SPECTRA[k + 3]) * a) * m * (1 + NOISE * ((hn >>> 24) - 127.5));
      b3[o] = clampDn(v * g3 + f3);
    }
  }
}

/** ±2 % multiplicative pixel noise per byte step of the hash */
const NOISE = 0.02 / 127.5;

/** hash2's integer mix without the float division: the pixel-noise hot path. */
function pixelHash(x: number, y: number, seed: number): number {
  let h = Math.imul(x, 0x27d4eb2d) ^ Math.imul(y, 0x165667b1) ^ Math.imul(seed, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15), 0x85ebca77);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae3d);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Rounds half up and clamps to [1, 65535]: valid pixels are never 0 (the imagery nodata value). The
 * typed-array store truncates v + 0.5 (Math.round is 4× slower here).
 */
function clampDn(v: number): number {
  return v < 1 ? 1 : v > 65534 ? 65535 : v + 0.5;
}
