/**
 * The unchanged landscape (epoch A without planted changes) over a pixel window: land-use class, which
 * feature produced it, and per-pixel spectral parameters. Painted in priority order: field parcels,
 * forest (noise-thresholded), villages, town blocks, ponds, rivers, roads. Each layer touches only the
 * features overlapping the window, with scanline spans or a cheap per-pixel rule.
 */
import { hash2 } from '../util/prng.ts';
import type { PixelWindow } from '../raster/index.ts';
import { rowSpans, spanBuffer, touchesWindow } from './polygon-raster.ts';
import type { AreaFeature, Scene } from './sample-types.ts';
import { subSeed } from './sub-seed.ts';
import { valueNoise } from './value-noise.ts';

/** Which feature painted a pixel (acceptance tests for planted changes look at this). */
export const SRC = {
  field: 1,
  forest: 2,
  ecotone: 3,
  village: 4,
  town: 5,
  pond: 6,
  river: 7,
  bank: 8,
  road: 9,
} as const;

/** Forest where noise + core bumps exceed this; a thin grassland ecotone just below it. */
export const FOREST_THRESHOLD = 0.72;
const ECOTONE_WIDTH = 0.025;
const FOREST_CELL1_PX = 220;
const FOREST_CELL2_PX = 56;
const CORE_STRENGTH = 0.45;

export interface BaseTile {
  width: number;
  height: number;
  cls: Uint8Array;
  src: Uint8Array;
  /** brightness factor (parcel offset, field margins) */
  mod: Float32Array;
  /** mix between primary (0) and alternate (1) spectrum */
  alt: Float32Array;
  /** per-parcel random in [0, 1): drives the slight between-date variation */
  vary: Float32Array;
}

export function allocBaseTile(width: number, height: number): BaseTile {
  const n = width * height;
  return {
    width,
    height,
    cls: new Uint8Array(n),
    src: new Uint8Array(n),
    mod: new Float32Array(n),
    alt: new Float32Array(n),
    vary: new Float32Array(n),
  };
}

let forest = new Float32Array(0);

export function renderBase(scene: Scene, win: PixelWindow, out: BaseTile = allocBaseTile(win.width, win.height)): BaseTile {
  if (out.cls.length < win.width * win.height) throw new RangeError('BaseTile too small for window');
  out.width = win.width;
  out.height = win.height;
  paintFields(scene, win, out);
  paintForest(scene, win, out);
  for (const v of scene.villages) paintArea(v, win, out, 20, SRC.village);
  paintTowns(scene, win, out);
  for (const p of scene.ponds) paintArea(p, win, out, 11, SRC.pond);
  paintRivers(scene, win, out);
  paintRoads(scene, win, out);
  return out;
}

function paintFields(scene: Scene, win: PixelWindow, out: BaseTile): void {
  const { stripX, stripPitchPx, stripOffsetPx } = scene.fields;
  const seed = subSeed(scene.seed, 101);
  const { x: x0, y: y0, width: w, height: h } = win;
  const { cls, src, mod, alt, vary } = out;
  // first strip whose right edge is right of the window's first pixel centre
  let lo = 0;
  let hi = stripX.length - 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (stripX[mid + 1] <= x0 + 0.5) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < stripX.length - 1; i++) {
    const left = stripX[i];
    const right = stripX[i + 1];
    const c0 = Math.max(x0, Math.ceil(left - 0.5));
    const c1 = Math.min(x0 + w, Math.ceil(right - 0.5));
    if (c0 >= x0 + w) break;
    if (c1 <= c0) continue;
    const pitch = stripPitchPx[i];
    const off = stripOffsetPx[i];
    for (let r = y0; r < y0 + h; r++) {
      const yc = r + 0.5;
      let k = Math.floor((yc - off) / pitch);
      let top = off + k * pitch + (hash2(i, k, seed) - 0.5) * 0.4 * pitch;
      let bottom = off + (k + 1) * pitch + (hash2(i, k + 1, seed) - 0.5) * 0.4 * pitch;
      if (yc < top) {
        bottom = top;
        k--;
        top = off + k * pitch + (hash2(i, k, seed) - 0.5) * 0.4 * pitch;
      } else if (yc >= bottom) {
        top = bottom;
        k++;
        bottom = off + (k + 1) * pitch + (hash2(i, k + 1, seed) - 0.5) * 0.4 * pitch;
      }
      const hc = hash2(i, k, seed + 1);
      const klass = hc < 0.77 ? 1 : hc < 0.87 ? 2 : hc < 0.93 ? 4 : hc < 0.97 ? 12 : 11;
      const ha = hash2(i, k, seed + 2);
      const a = klass === 1 ? (ha < 0.65 ? ha * 0.15 : (ha - 0.65) / 0.35) : ha * 0.6;
      const m = 0.9 + 0.2 * hash2(i, k, seed + 3);
      const v = hash2(i, k, seed + 4);
      const rowMargin = yc - top < 1 || bottom - yc < 1;
      let o = (r - y0) * w + (c0 - x0);
      for (let c = c0; c < c1; c++, o++) {
        const xc = c + 0.5;
        const margin = rowMargin || xc - left < 1 || right - xc < 1;
        cls[o] = klass;
        src[o] = 1;
        mod[o] = margin ? m * 0.9 : m;
        alt[o] = margin && a < 0.8 ? a + 0.2 : a;
        vary[o] = v;
      }
    }
  }
}

function paintForest(scene: Scene, win: PixelWindow, out: BaseTile): void {
  const n = win.width * win.height;
  if (forest.length < n) forest = new Float32Array(n);
  const f = forest;
  valueNoise(win, FOREST_CELL1_PX, subSeed(scene.seed, 201), 0.65, f, false);
  valueNoise(win, FOREST_CELL2_PX, subSeed(scene.seed, 202), 0.35, f, true);
  const { x: x0, y: y0, width: w, height: h } = win;
  for (const core of scene.forestCores) {
    const rad = core.radiusPx;
    const c0 = Math.max(x0, Math.floor(core.cx - rad));
    const c1 = Math.min(x0 + w, Math.ceil(core.cx + rad));
    const r0 = Math.max(y0, Math.floor(core.cy - rad));
    const r1 = Math.min(y0 + h, Math.ceil(core.cy + rad));
    const inv = 1 / (rad * rad);
    for (let r = r0; r < r1; r++) {
      const dy = r + 0.5 - core.cy;
      let o = (r - y0) * w + (c0 - x0);
      for (let c = c0; c < c1; c++, o++) {
        const dx = c + 0.5 - core.cx;
        const t = 1 - (dx * dx + dy * dy) * inv;
        if (t > 0) f[o] += CORE_STRENGTH * t;
      }
    }
  }
  const { cls, src, mod, alt, vary } = out;
  const lowT = FOREST_THRESHOLD - ECOTONE_WIDTH;
  for (let o = 0; o < n; o++) {
    const v = f[o];
    if (v > FOREST_THRESHOLD) {
      cls[o] = 3;
      src[o] = 2;
      const d = v - FOREST_THRESHOLD;
      mod[o] = d > 0.2 ? 0.9 : 1.1 - d;
      alt[o] = 0.3;
      vary[o] = 0.5;
    } else if (v > lowT) {
      cls[o] = 4;
      src[o] = 3;
      mod[o] = 1;
      alt[o] = 0.4;
      vary[o] = 0.5;
    }
  }
}

function paintArea(feature: AreaFeature, win: PixelWindow, out: BaseTile, klass: number, source: number): void {
  const poly = feature.polygon;
  if (!touchesWindow(poly, win)) return;
  const spans = spanBuffer(poly);
  const { x: x0, y: y0, width: w, height: h } = win;
  const m = 0.9 + 0.2 * hash2(feature.seed, 1, 7);
  const a = hash2(feature.seed, 2, 7);
  const r0 = Math.max(y0, Math.floor(poly.bbox.minY));
  const r1 = Math.min(y0 + h, Math.ceil(poly.bbox.maxY) + 1);
  for (let r = r0; r < r1; r++) {
    const n = rowSpans(poly.rings, r, x0, x0 + w, spans);
    for (let s = 0; s < n; s++) {
      const o0 = (r - y0) * w - x0;
      for (let c = spans[2 * s]; c < spans[2 * s + 1]; c++) {
        const o = o0 + c;
        out.cls[o] = klass;
        out.src[o] = source;
        out.mod[o] = m;
        out.alt[o] = a;
        out.vary[o] = a;
      }
    }
  }
}

function paintTowns(scene: Scene, win: PixelWindow, out: BaseTile): void {
  const { x: x0, y: y0, width: w, height: h } = win;
  for (const town of scene.towns) {
    const poly = town.polygon;
    if (!touchesWindow(poly, win)) continue;
    const spans = spanBuffer(poly);
    const pitch = town.blockPitchPx;
    const street = town.streetPx;
    const centreR2 = (0.35 * town.radiusPx) ** 2;
    const r0 = Math.max(y0, Math.floor(poly.bbox.minY));
    const r1 = Math.min(y0 + h, Math.ceil(poly.bbox.maxY) + 1);
    for (let r = r0; r < r1; r++) {
      const n = rowSpans(poly.rings, r, x0, x0 + w, spans);
      const v = r - town.originY;
      const by = Math.floor(v / pitch);
      const vv = v - by * pitch;
      const o0 = (r - y0) * w - x0;
      for (let s = 0; s < n; s++) {
        for (let c = spans[2 * s]; c < spans[2 * s + 1]; c++) {
          const o = o0 + c;
          const u = c - town.originX;
          const bx = Math.floor(u / pitch);
          const uu = u - bx * pitch;
          out.src[o] = 5;
          if (uu < street || vv < street) {
            out.cls[o] = 10;
            out.mod[o] = 1;
            out.alt[o] = 0.2;
            out.vary[o] = 0.5;
            continue;
          }
          const hb = hash2(bx, by, town.seed);
          const dx = town.originX + (bx + 0.5) * pitch - town.cx;
          const dy = town.originY + (by + 0.5) * pitch - town.cy;
          const central = dx * dx + dy * dy < centreR2;
          out.cls[o] =
            hb < 0.5 ? (central ? 5 : 7) : hb < 0.65 ? 5 : hb < 0.85 ? (central ? 8 : 6) : hb < 0.93 ? 8 : hb < 0.97 ? 4 : 20;
          out.mod[o] = 0.85 + 0.3 * hash2(bx, by, town.seed + 1);
          out.alt[o] = hash2(bx, by, town.seed + 2);
          out.vary[o] = hash2(bx, by, town.seed + 3);
        }
      }
    }
  }
}

function paintRivers(scene: Scene, win: PixelWindow, out: BaseTile): void {
  const { x: x0, y: y0, width: w, height: h } = win;
  const twoPi = 2 * Math.PI;
  for (const river of scene.rivers) {
    // t runs along the river, s across it
    const tStart = river.horizontal ? x0 : y0;
    const tCount = river.horizontal ? w : h;
    const sStart = river.horizontal ? y0 : x0;
    const sCount = river.horizontal ? h : w;
    for (let ti = 0; ti < tCount; ti++) {
      const t = tStart + ti + 0.5;
      const centre =
        river.basePx +
        river.amp1Px * Math.sin((twoPi * t) / river.len1Px + river.phase1) +
        river.amp2Px * Math.sin((twoPi * t) / river.len2Px + river.phase2);
      const half = river.halfWidthPx * (1 + river.widthAmp * Math.sin((twoPi * t) / river.widthLenPx + river.widthPhase));
      const outer = half + river.bankPx;
      const sLo = Math.max(sStart, Math.floor(centre - outer - 1));
      const sHi = Math.min(sStart + sCount, Math.ceil(centre + outer + 1));
      for (let s = sLo; s < sHi; s++) {
        const d = Math.abs(s + 0.5 - centre);
        if (d >= outer) continue;
        const o = river.horizontal ? (s - y0) * w + ti : ti * w + (s - x0);
        if (d < half) {
          out.cls[o] = 11;
          out.src[o] = 7;
          out.mod[o] = 1;
          out.alt[o] = 0.55;
          out.vary[o] = 0.5;
        } else {
          out.cls[o] = 4;
          out.src[o] = 8;
          out.mod[o] = 1;
          out.alt[o] = 0.2;
          out.vary[o] = 0.5;
        }
      }
    }
  }
}

function paintRoads(scene: Scene, win: PixelWindow, out: BaseTile): void {
  const { x: x0, y: y0, width: w, height: h } = win;
  const cx = x0 + w / 2;
  const cy = y0 + h / 2;
  const reach = Math.hypot(w, h) / 2 + 2;
  for (const road of scene.roads) {
    const hw = road.halfWidthPx;
    if (Math.abs((cx - road.px) * road.nx + (cy - road.py) * road.ny) > reach + hw) continue;
    for (let r = y0; r < y0 + h; r++) {
      const dyTerm = (r + 0.5 - road.py) * road.ny;
      let c0 = x0;
      let c1 = x0 + w;
      if (Math.abs(road.nx) > 1e-9) {
        // columns where |(c + 0.5 - px)·nx + dyTerm| < hw, widened by one pixel; exact test below
        const a = (-hw - dyTerm) / road.nx + road.px - 0.5;
        const b = (hw - dyTerm) / road.nx + road.px - 0.5;
        c0 = Math.max(x0, Math.floor(Math.min(a, b)) - 1);
        c1 = Math.min(x0 + w, Math.ceil(Math.max(a, b)) + 2);
      }
      const o0 = (r - y0) * w - x0;
      for (let c = c0; c < c1; c++) {
        const d = (c + 0.5 - road.px) * road.nx + dyTerm;
        if (d < hw && d > -hw) {
          const o = o0 + c;
          out.cls[o] = 10;
          out.src[o] = 9;
          out.mod[o] = 1;
          out.alt[o] = 0.1;
          out.vary[o] = 0.5;
        }
      }
    }
  }
}
