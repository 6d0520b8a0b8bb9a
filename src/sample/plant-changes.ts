/**
 * Planning layers (basic farmland, red lines, growth boundaries, approvals, land supply) and the
 * planted changes, placed by rejection sampling: a candidate must sit on the right base land (checked
 * on the rendered base pixels it covers), clearly inside/outside each zone layer as its scenario asks,
 * and away from other changes, approvals and nodata.
 */
import { mulberry32 } from '../util/prng.ts';
import { countPixels, fillPolygon } from './polygon-raster.ts';
import { bboxesApart, makePolygon, polygonArea, relation } from './polygon-geometry.ts';
import { renderBase, SRC } from './render-base.ts';
import { CHANGE_SCENARIOS, type ChangeScenario, type Zone } from './change-scenarios.ts';
import { expectedRules, layerRelation, RELATION_MARGIN_PX } from './expected-rules.ts';
import { pondFeature, type District } from './build-landscape.ts';
import type { PlantedChange, PolygonPx, Scene } from './sample-types.ts';
import { axisRect, blob, courtyard, lShape, rectangle, type Rng } from './shapes.ts';
import { subSeed } from './sub-seed.ts';
import { transitionCode } from './transition-code.ts';

const SEPARATION_PX = 12;
const MAX_ATTEMPTS = 400;
/** kind suffix of a cropland conversion, by the class it became */
const CROPLAND_KIND: Record<number, string> = { 5: 'commercial', 6: 'industrial', 7: 'residential', 9: 'special', 20: 'builtup' };
const PURPOSE: Record<number, string> = { 5: 'commercial', 6: 'industrial', 7: 'residential', 9: 'special', 10: 'transport', 20: 'rural housing' };

interface Planter {
  scene: Scene;
  rng: Rng;
  approvalSeq: number;
  /** per change: the scenario's approval plan, for land supply records */
  covered: Set<string>;
}

export function plantChanges(scene: Scene, districts: readonly District[]): void {
  const p: Planter = { scene, rng: mulberry32(subSeed(scene.seed, 2)), approvalSeq: 0, covered: new Set() };
  const { layers } = scene;
  districts.forEach((d, k) => {
    layers.urbanGrowthBoundary.push({ polygon: d.growthBoundary, properties: { id: `UGB-${pad(k + 1, 3)}`, town: d.town.id, area_m2: areaM2(scene, d.growthBoundary) } });
    const red = blob(d.redCore.cx, d.redCore.cy, d.redCore.radiusPx * 0.72, 14, 0.15, p.rng);
    layers.ecologicalRedline.push({ polygon: red, properties: { id: `STHX-${pad(k + 1, 3)}`, type: 'forest', area_m2: areaM2(scene, red) } });
  });
  for (const d of districts) placeFarmland(p, d);
  for (const d of districts) {
    for (const sc of CHANGE_SCENARIOS) {
      const count = Math.max(sc.min, Math.round(sc.per4096 * d.areaScale));
      for (let k = 0; k < count; k++) placeChange(p, d, sc);
    }
  }
  for (const d of districts) placeDecoyApprovals(p, d);
  for (const c of scene.changes) {
    c.expectedRules = expectedRules(c, layers);
    c.legal = c.expectedRules.length === 0;
    if (c.legal && c.approvalId !== null && p.covered.has(c.id)) {
      const approval = layers.landApprovals.find((a) => a.properties.approval_id === c.approvalId);
      if (approval) {
        layers.landSupply.push({
          polygon: approval.polygon,
          properties: {
            supply_id: `GD-${c.approvalId.slice(2)}`,
            approval_id: c.approvalId,
            area_m2: approval.properties.approved_area_m2,
            year: Number(approval.properties.year) + 1,
            purpose: approval.properties.purpose,
          },
        });
      }
    }
  }
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function areaM2(scene: Scene, polygon: PolygonPx): number {
  return Math.round(polygonArea(polygon.rings) * scene.pixelSizeM * scene.pixelSizeM * 100) / 100;
}

function placeFarmland(p: Planter, d: District): void {
  const { scene, rng } = p;
  const layer = scene.layers.permanentBasicFarmland;
  const count = Math.max(1, Math.round(3 * d.areaScale));
  for (let k = 0, attempts = 0; k < count && attempts < 300; attempts++) {
    const w = Math.max(80, d.sizePx * (0.16 + 0.1 * rng()));
    const h = Math.max(70, d.sizePx * (0.12 + 0.08 * rng()));
    const cx = d.x0 + w / 2 + rng() * Math.max(0, d.sizePx - w);
    const cy = d.y0 + h / 2 + rng() * Math.max(0, d.sizePx - h);
    const poly = jitteredRect(cx, cy, w, h, rng);
    if (layerRelation(poly, scene.layers.urbanGrowthBoundary) !== 'outside') continue;
    if (layerRelation(poly, scene.layers.ecologicalRedline) !== 'outside') continue;
    if (layer.some((f) => relation(poly, f.polygon, RELATION_MARGIN_PX) !== 'outside')) continue;
    if (scene.towns.some((t) => relation(poly, t.polygon, 30) !== 'outside')) continue;
    layer.push({ polygon: poly, properties: { id: `JBNT-${pad(layer.length + 1, 3)}`, area_m2: areaM2(scene, poly) } });
    k++;
  }
}

/** A w × h rectangle whose corners and edge midpoints are jittered by up to 6 %. */
function jitteredRect(cx: number, cy: number, w: number, h: number, rng: Rng): PolygonPx {
  const base = [-1, -1, 0, -1, 1, -1, 1, 0, 1, 1, 0, 1, -1, 1, -1, 0];
  const ring: number[] = [];
  for (let i = 0; i < base.length; i += 2) {
    ring.push(cx + (base[i] * w) / 2 + (rng() - 0.5) * 0.12 * w, cy + (base[i + 1] * h) / 2 + (rng() - 0.5) * 0.12 * h);
  }
  return makePolygon([ring]);
}

function zoneOk(zone: Zone, rel: 'inside' | 'outside' | 'overlap'): boolean {
  if (rel === 'overlap') return false;
  return zone === 'any' || (zone === 'in') === (rel === 'inside');
}

function placeChange(p: Planter, d: District, sc: ChangeScenario): void {
  const { scene, rng } = p;
  const f = d.shapeScale;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const candidate = candidateShape(sc, f, rng);
    const [cx, cy] = candidateCentre(p, d, sc, candidate.half);
    const polygon = candidate.make(snap(cx, candidate.half, rng), snap(cy, candidate.half, rng));
    const b = polygon.bbox;
    if (b.minX < 4 || b.minY < 4 || b.maxX > scene.size - 4 || b.maxY > scene.size - 4) continue;
    if (b.minX < d.x0 || b.maxX > d.x0 + d.sizePx || b.minY < d.y0 || b.maxY > d.y0 + d.sizePx) continue;
    if (![...scene.nodataA, ...scene.nodataB].every((z) => bboxesApart(b, z.bbox, 8))) continue;
    if (!scene.changes.every((c) => bboxesApart(b, c.polygon.bbox, SEPARATION_PX))) continue;
    if (!scene.layers.landApprovals.every((a) => bboxesApart(b, a.polygon.bbox, SEPARATION_PX))) continue;
    if (!zoneOk(sc.growthBoundary, layerRelation(polygon, scene.layers.urbanGrowthBoundary))) continue;
    if (!zoneOk(sc.farmland, layerRelation(polygon, scene.layers.permanentBasicFarmland))) continue;
    if (!zoneOk(sc.redline, layerRelation(polygon, scene.layers.ecologicalRedline))) continue;
    const areaPx = polygonArea(polygon.rings);
    const pixels = countPixels(polygon);
    if (pixels < 40) continue;
    const approval = sc.approval === 'none' ? null : approvalPolygon(sc.approval, polygon, areaPx, rng);
    if (sc.approval !== 'none' && approval === null) continue;
    if (approval && !scene.changes.every((c) => bboxesApart(approval.polygon.bbox, c.polygon.bbox, SEPARATION_PX))) continue;
    // strict first (the footprint is already all from-class, so epoch A shows no trace of it), then relaxed
    if (!baseAccepts(scene, polygon, sc, attempt < MAX_ATTEMPTS / 2)) continue;

    const to = sc.to[Math.floor(rng() * sc.to.length)];
    const id = `C${pad(scene.changes.length + 1, 4)}`;
    let approvalId: string | null = null;
    if (approval) {
      approvalId = addApproval(p, approval.polygon, approval.approvedAreaM2, PURPOSE[to] ?? 'construction');
      if (sc.approval === 'cover') p.covered.add(id);
    }
    if (sc.base === 'pond') scene.ponds.push(pondFeature(scene, polygon));
    const change: PlantedChange = {
      id,
      kind: sc.kind.startsWith('cropland_to_') && CROPLAND_KIND[to] ? `cropland_to_${CROPLAND_KIND[to]}` : sc.kind,
      from: sc.from,
      to,
      code: transitionCode(sc.from, to),
      polygon,
      areaPx,
      areaM2: Math.round(areaPx * scene.pixelSizeM * scene.pixelSizeM * 100) / 100,
      pixels,
      legal: true,
      expectedRules: [],
      approvalId,
      seed: subSeed(scene.seed, 5000 + scene.changes.length),
    };
    scene.changes.push(change);
    return;
  }
}

interface CandidateShape {
  /** rough half extent, px */
  half: number;
  make: (cx: number, cy: number) => PolygonPx;
}

function candidateShape(sc: ChangeScenario, f: number, rng: Rng): CandidateShape {
  const angle = (rng() - 0.5) * 0.42;
  switch (sc.shape) {
    case 'courtyard': {
      const w = Math.max(26, (50 + 50 * rng()) * f);
      const h = Math.max(26, (50 + 50 * rng()) * f);
      const hw = w * (0.35 + 0.15 * rng());
      const hh = h * (0.35 + 0.15 * rng());
      const ox = (rng() - 0.5) * (w - hw) * 0.4;
      const oy = (rng() - 0.5) * (h - hh) * 0.4;
      return { half: Math.max(w, h) / 2, make: (cx, cy) => courtyard(cx, cy, w, h, hw, hh, ox, oy, angle) };
    }
    case 'blob': {
      const r = Math.max(10, (20 + 30 * rng()) * f);
      const seed = Math.floor(rng() * 2 ** 31);
      return { half: r, make: (cx, cy) => blob(cx, cy, r, 12, 0.3, mulberry32(seed), 0.7 + 0.6 * (seed / 2 ** 31)) };
    }
    case 'pond': {
      const r = Math.max(8, (12 + 14 * rng()) * Math.max(f, 0.6));
      const seed = Math.floor(rng() * 2 ** 31);
      return { half: r, make: (cx, cy) => blob(cx, cy, r, 14, 0.25, mulberry32(seed), 0.75 + 0.5 * (seed / 2 ** 31), angle) };
    }
    case 'road': {
      const len = Math.max(60, (150 + 250 * rng()) * f);
      const width = 4 + 3 * rng();
      const dir = rng() < 0.5 ? (rng() < 0.5 ? 0 : Math.PI / 2) + (rng() - 0.5) * 0.2 : rng() * Math.PI;
      return { half: len / 2, make: (cx, cy) => rectangle(cx, cy, len, width, dir) };
    }
    default: {
      const w = Math.max(10, (30 + 70 * rng()) * f);
      const h = Math.max(10, (30 + 70 * rng()) * f);
      // exceeding-approval changes stay plain rectangles so the partial approval cuts them cleanly
      if (sc.approval !== 'partial' && rng() < 0.25) {
        const fw = 0.4 + 0.2 * rng();
        const fh = 0.4 + 0.2 * rng();
        return { half: Math.max(w, h) / 2, make: (cx, cy) => lShape(cx, cy, w, h, fw, fh, angle) };
      }
      return { half: Math.max(w, h) / 2, make: (cx, cy) => rectangle(cx, cy, w, h, angle) };
    }
  }
}

function candidateCentre(p: Planter, d: District, sc: ChangeScenario, half: number): [number, number] {
  const { rng, scene } = p;
  if (sc.growthBoundary === 'in') {
    const gb = d.growthBoundary.bbox;
    const rMax = Math.min(gb.maxX - gb.minX, gb.maxY - gb.minY) * 0.44 - half;
    const rMin = d.town.radiusPx * 1.3 + half;
    const r = rMin + Math.max(0, rMax - rMin) * Math.sqrt(rng());
    const t = rng() * 2 * Math.PI;
    return [d.town.cx + r * Math.cos(t), d.town.cy + r * Math.sin(t)];
  }
  const inBox = (poly: PolygonPx): [number, number] => {
    const b = poly.bbox;
    return [b.minX + rng() * (b.maxX - b.minX), b.minY + rng() * (b.maxY - b.minY)];
  };
  const inDistrict = (poly: PolygonPx): boolean =>
    poly.bbox.minX >= d.x0 && poly.bbox.maxX <= d.x0 + d.sizePx && poly.bbox.minY >= d.y0 && poly.bbox.maxY <= d.y0 + d.sizePx;
  if (sc.redline === 'in') {
    const own = scene.layers.ecologicalRedline.filter((f) => inDistrict(f.polygon));
    if (own.length > 0) return inBox(own[Math.floor(rng() * own.length)].polygon);
  }
  if (sc.farmland === 'in') {
    const own = scene.layers.permanentBasicFarmland.filter((f) => inDistrict(f.polygon));
    if (own.length > 0) return inBox(own[Math.floor(rng() * own.length)].polygon);
  }
  if (sc.base === 'forest' && rng() < 0.7) {
    const core = d.otherCores[Math.floor(rng() * d.otherCores.length)];
    const r = core.radiusPx * 0.6 * Math.sqrt(rng());
    const t = rng() * 2 * Math.PI;
    return [core.cx + r * Math.cos(t), core.cy + r * Math.sin(t)];
  }
  return [d.x0 + rng() * d.sizePx, d.y0 + rng() * d.sizePx];
}

/** Now and then pull a coordinate onto a 256/512 tile border, so changes straddle tiles. */
function snap(v: number, half: number, rng: Rng): number {
  if (rng() >= 0.3) return v;
  const grid = rng() < 0.5 ? 256 : 512;
  return Math.round(v / grid) * grid + (rng() - 0.5) * half;
}

function approvalPolygon(
  plan: 'cover' | 'partial',
  change: PolygonPx,
  areaPx: number,
  rng: Rng,
): { polygon: PolygonPx; approvedAreaM2: number } | null {
  const b = change.bbox;
  if (plan === 'cover') {
    const m = 6 + 6 * rng();
    const polygon = axisRect(b.minX - m, b.minY - m, b.maxX + m, b.maxY + m);
    return { polygon, approvedAreaM2: Math.round(polygonArea(polygon.rings) * 4) };
  }
  // partial: a parcel over the change's west part, approved for 1/1.5 of what was built
  const m = 4;
  const h = b.maxY - b.minY + 2 * m;
  const a = areaPx / 1.5 / h;
  if (a - m < 0.25 * (b.maxX - b.minX)) return null;
  const polygon = axisRect(b.minX - m, b.minY - m, b.minX - m + a, b.maxY + m);
  return { polygon, approvedAreaM2: Math.round(polygonArea(polygon.rings) * 4) };
}

function addApproval(p: Planter, polygon: PolygonPx, approvedAreaM2: number, purpose: string): string {
  p.approvalSeq++;
  const year = 2019 + Math.floor(p.rng() * 5);
  const id = `PZ${year}-${pad(p.approvalSeq, 4)}`;
  p.scene.layers.landApprovals.push({ polygon, properties: { approval_id: id, approved_area_m2: approvedAreaM2, year, purpose } });
  return id;
}

/** Approved but unbuilt parcels sit in the growth-boundary fringe, like the legal changes. */
const DECOY_ZONE: ChangeScenario = { ...CHANGE_SCENARIOS[0], base: 'field', growthBoundary: 'in', farmland: 'out', redline: 'out' };

function placeDecoyApprovals(p: Planter, d: District): void {
  const { scene, rng } = p;
  const count = Math.max(1, Math.round(3 * d.areaScale));
  for (let k = 0, attempts = 0; k < count && attempts < 200; attempts++) {
    const w = Math.max(16, (20 + 40 * rng()) * d.shapeScale);
    const h = Math.max(16, (20 + 40 * rng()) * d.shapeScale);
    const [cx, cy] = candidateCentre(p, d, DECOY_ZONE, Math.max(w, h) / 2);
    const polygon = axisRect(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2);
    if (!scene.changes.every((c) => bboxesApart(polygon.bbox, c.polygon.bbox, SEPARATION_PX))) continue;
    addApproval(p, polygon, Math.round(polygonArea(polygon.rings) * 4), rng() < 0.5 ? 'residential' : 'industrial');
    k++;
  }
}

let mask = new Uint8Array(0);

/**
 * Every pixel the candidate covers must be the base land its scenario converts: forest for forest
 * changes; field parcels (not fish ponds) otherwise, all of the from-class when `strict`.
 */
function baseAccepts(scene: Scene, polygon: PolygonPx, sc: ChangeScenario, strict: boolean): boolean {
  const b = polygon.bbox;
  const win = { x: Math.floor(b.minX), y: Math.floor(b.minY), width: Math.ceil(b.maxX) - Math.floor(b.minX) + 1, height: Math.ceil(b.maxY) - Math.floor(b.minY) + 1 };
  const n = win.width * win.height;
  if (mask.length < n) mask = new Uint8Array(n);
  mask.fill(0, 0, n);
  fillPolygon(polygon, win, mask, 1);
  const base = renderBase(scene, win);
  const want = sc.base === 'forest' ? SRC.forest : SRC.field;
  for (let o = 0; o < n; o++) {
    if (mask[o] === 0) continue;
    if (base.src[o] !== want) return false;
    if (want === SRC.field && base.cls[o] === 11) return false;
    if (strict && sc.base === 'field' && base.cls[o] !== sc.from) return false;
  }
  return true;
}

