/**
 * The unchanged landscape as parameters and polygons: field strips, one river per row of districts,
 * straight roads, a town per district (with its growth boundary), forest cores, villages and ponds.
 * A district is a square of about 4096 px; bigger scenes tile districts, so feature density per km²
 * stays the same at every size.
 */
import { mulberry32 } from '../util/prng.ts';
import type { GeoTransform } from '../raster/index.ts';
import { makePolygon, relation } from './polygon-geometry.ts';
import type { AreaFeature, FieldGrid, ForestCore, PolygonPx, River, Road, Scene, Town } from './sample-types.ts';
import { blob, rectangle } from './shapes.ts';
import { subSeed } from './sub-seed.ts';

export const PIXEL_SIZE_M = 2;
export const SCENE_EPSG = 4549;
export const ORIGIN_X = 480000;
export const ORIGIN_Y = 3470000;
/** Nominal district size; counts in the scenario table are per district of this size. */
export const DISTRICT_PX = 4096;

export interface District {
  index: number;
  x0: number;
  y0: number;
  sizePx: number;
  /** (sizePx / 4096)²: scales feature counts */
  areaScale: number;
  /** scales planted-change dimensions for small scenes */
  shapeScale: number;
  town: Town;
  growthBoundary: PolygonPx;
  redCore: ForestCore;
  otherCores: ForestCore[];
}

export interface Landscape {
  scene: Scene;
  districts: District[];
}

export function buildLandscape(seed: number, size: number): Landscape {
  const rng = mulberry32(subSeed(seed, 1));
  const geoTransform: GeoTransform = [ORIGIN_X, PIXEL_SIZE_M, 0, ORIGIN_Y, 0, -PIXEL_SIZE_M];
  const nd = Math.max(1, Math.round(size / DISTRICT_PX));
  const D = size / nd;
  const scene: Scene = {
    seed,
    size,
    pixelSizeM: PIXEL_SIZE_M,
    epsg: SCENE_EPSG,
    geoTransform,
    fields: buildFields(rng, size),
    rivers: [],
    roads: [],
    towns: [],
    forestCores: [],
    villages: [],
    ponds: [],
    changes: [],
    layers: { permanentBasicFarmland: [], ecologicalRedline: [], urbanGrowthBoundary: [], landApprovals: [], landSupply: [] },
    nodataA: [],
    nodataB: [],
    shift: {
      gain: [1.05 + 0.02 * (rng() - 0.5), 1.07 + 0.02 * (rng() - 0.5), 1.04 + 0.02 * (rng() - 0.5), 1.1 + 0.02 * (rng() - 0.5)],
      offset: [120 + Math.round(40 * (rng() - 0.5)), 150 + Math.round(40 * (rng() - 0.5)), 90 + Math.round(40 * (rng() - 0.5)), 180 + Math.round(40 * (rng() - 0.5))],
    },
  };

  for (let j = 0; j < nd; j++) {
    scene.rivers.push(buildRiver(rng, j * D, D));
    scene.roads.push(road(0, j * D + D * (0.08 + 0.08 * rng()), (rng() - 0.5) * 0.07, 3 + 2 * rng()));
  }
  for (let i = 0; i < nd; i++) {
    const x = i * D + D * (rng() < 0.5 ? 0.08 + 0.1 * rng() : 0.82 + 0.1 * rng());
    scene.roads.push(road(x, 0, Math.PI / 2 + (rng() - 0.5) * 0.07, 3 + 2 * rng()));
  }

  const districts: District[] = [];
  for (let j = 0; j < nd; j++) {
    for (let i = 0; i < nd; i++) {
      districts.push(buildDistrict(scene, rng, districts.length, i * D, j * D, D));
    }
  }
  const clip = (v: number): number => Math.min(size, Math.max(0, v));
  // epoch A: a three-row sensor dropout over part of the width; epoch B: a scene-edge wedge (top right)
  const stripY = Math.round(size * 0.62);
  scene.nodataA.push(makePolygon([[clip(Math.round(size * 0.08)), stripY, clip(Math.round(size * 0.45)), stripY, clip(Math.round(size * 0.45)), stripY + 3, clip(Math.round(size * 0.08)), stripY + 3]]));
  const edge = Math.max(8, Math.round(size * 0.035));
  scene.nodataB.push(makePolygon([[size - edge, 0, size, 0, size, edge]]));
  return { scene, districts };
}

function buildFields(rng: () => number, size: number): FieldGrid {
  const xs: number[] = [-rng() * 60];
  while (xs[xs.length - 1] < size + 1) xs.push(xs[xs.length - 1] + 30 + 70 * rng());
  const n = xs.length - 1;
  const pitch = new Float64Array(n);
  const offset = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    pitch[i] = 30 + 70 * rng();
    offset[i] = rng() * pitch[i];
  }
  return { stripX: Float64Array.from(xs), stripPitchPx: pitch, stripOffsetPx: offset };
}

function buildRiver(rng: () => number, y0: number, D: number): River {
  return {
    horizontal: true,
    basePx: y0 + D * (0.76 + 0.06 * rng()),
    amp1Px: D * 0.035,
    len1Px: D * (0.5 + 0.3 * rng()),
    phase1: rng() * 2 * Math.PI,
    amp2Px: D * 0.012,
    len2Px: D * (0.15 + 0.05 * rng()),
    phase2: rng() * 2 * Math.PI,
    halfWidthPx: Math.min(12, Math.max(5, D * 0.0025)) * (0.9 + 0.2 * rng()),
    widthAmp: 0.2,
    widthLenPx: D * 0.23,
    widthPhase: rng() * 2 * Math.PI,
    bankPx: 3,
  };
}

/** Road through (x, y) along direction `angle` (rad, 0 = east). */
function road(x: number, y: number, angle: number, halfWidthPx: number): Road {
  return { px: x, py: y, nx: -Math.sin(angle), ny: Math.cos(angle), halfWidthPx };
}

function buildDistrict(scene: Scene, rng: () => number, index: number, x0: number, y0: number, D: number): District {
  const areaScale = (D / DISTRICT_PX) ** 2;
  const shapeScale = Math.min(1, Math.max(0.35, D / DISTRICT_PX));
  const cx = x0 + D * (0.3 + 0.4 * rng());
  const cy = y0 + D * (0.25 + 0.2 * rng());
  const radiusPx = Math.max(24, 0.085 * D * (0.9 + 0.2 * rng()));
  const pitch = Math.max(16, Math.min(40 + 30 * rng(), radiusPx * 0.8));
  const town: Town = {
    id: `T${index + 1}`,
    cx,
    cy,
    radiusPx,
    polygon: blob(cx, cy, radiusPx * 1.12, 18, 0.24, rng),
    blockPitchPx: pitch,
    streetPx: pitch > 30 ? 5 : 3,
    originX: Math.round(cx - pitch * rng()),
    originY: Math.round(cy - pitch * rng()),
    seed: subSeed(scene.seed, 1000 + index),
  };
  scene.towns.push(town);
  // main road through the town, north–south
  scene.roads.push(road(cx + (rng() - 0.5) * radiusPx * 0.3, cy, Math.PI / 2 + (rng() - 0.5) * 0.05, 4 + 1.5 * rng()));
  const gbRadius = Math.max(radiusPx * 2.4, 0.2 * D * (0.95 + 0.1 * rng()));
  const growthBoundary = blob(cx, cy, gbRadius, 16, 0.12, rng);

  // forest cores: one for the ecological red line, two elsewhere, all outside the growth boundary
  const placeCore = (radius: number): ForestCore => {
    for (let attempt = 0; attempt < 200; attempt++) {
      const core = { cx: x0 + radius + rng() * (D - 2 * radius), cy: y0 + radius + rng() * (D - 2 * radius), radiusPx: radius };
      if (Math.hypot(core.cx - cx, core.cy - cy) < gbRadius + radius + 20) continue;
      if (scene.forestCores.some((c) => Math.hypot(c.cx - core.cx, c.cy - core.cy) < c.radiusPx + radius)) continue;
      return core;
    }
    return { cx: x0 + D * 0.85, cy: y0 + D * 0.9, radiusPx: radius };
  };
  const redCore = placeCore(Math.max(64, 0.09 * D));
  scene.forestCores.push(redCore);
  const otherCores: ForestCore[] = [];
  for (let k = 0; k < 2; k++) {
    const core = placeCore(Math.max(40, 0.06 * D));
    scene.forestCores.push(core);
    otherCores.push(core);
  }

  const villageCount = Math.max(1, Math.round(10 * areaScale));
  for (let k = 0, attempts = 0; k < villageCount && attempts < 200; attempts++) {
    const w = 15 + 20 * rng();
    const h = 15 + 20 * rng();
    const poly = rectangle(x0 + rng() * D, y0 + rng() * D, w, h, (rng() - 0.5) * 0.4);
    if (relation(poly, growthBoundary, 10) !== 'outside') continue;
    scene.villages.push({ polygon: poly, seed: subSeed(scene.seed, 3000 + scene.villages.length) });
    k++;
  }
  const pondCount = Math.max(1, Math.round(14 * areaScale));
  for (let k = 0, attempts = 0; k < pondCount && attempts < 200; attempts++) {
    const poly = blob(x0 + rng() * D, y0 + rng() * D, 8 + 14 * rng(), 14, 0.3, rng, 0.7 + 0.6 * rng(), rng() * Math.PI);
    if (relation(poly, town.polygon, 4) !== 'outside') continue;
    scene.ponds.push(pondFeature(scene, poly));
    k++;
  }
  return { index, x0, y0, sizePx: D, areaScale, shapeScale, town, growthBoundary, redCore, otherCores };
}

export function pondFeature(scene: Scene, polygon: PolygonPx): AreaFeature {
  return { polygon, seed: subSeed(scene.seed, 4000 + scene.ponds.length) };
}
