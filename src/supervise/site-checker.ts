import RBush from 'rbush';
import { isConstruction, LANDUSE_CLASSES } from '../kernels/landuse-codes.ts';
import { isAreaPlanarProj4, isGeographicProj4, toLonLat, type CrsRef } from '../vector/crs.ts';
import { anyClass, classSet } from './class-set.ts';
import { activeRules, evaluatePatch, type SkippedRule } from './evaluate-rules.ts';
import { geoJsonCrs } from './geojson-crs.ts';
import type { LayerKind } from './layer-kind.ts';
import type { Layer, LayerFeature, LayerPropertyValue } from './layer-types.ts';
import { overlapArea, planarPolygon, type PlanarPolygon } from './overlap-area.ts';
import type { Overlap } from './overlay.ts';
import { polygonProblems } from './polygon-problems.ts';
import type { RuleSet, Severity } from './rule-types.ts';
import { SuperviseError } from './supervise-error.ts';
import { featureLookup } from './supervise-job.ts';
import { equalAreaAt, ringsToFrame, toFrame, type WorkFrame } from './work-frame.ts';

/** A site to check: GeoJSON polygons in `crs` (rings closed). */
export interface SiteGeometry {
  polygons: number[][][][];
  crs: CrsRef;
}

export interface SiteLayerHit {
  layer: string;
  kind: LayerKind;
  overlapM2: number;
  /** overlap / site area */
  share: number;
  features: Array<{ id: string; index: number; overlapM2: number; share: number; properties: Record<string, LayerPropertyValue> }>;
}

export interface SiteReport {
  /** site area, m² (its own projected CRS, else equal-area around it) */
  areaM2: number;
  frame: string;
  /** layers the site overlaps (area > 0), by layer name */
  layers: SiteLayerHit[];
  /** rules a construction on this site would break */
  violations: Array<{ ruleId: string; title: string; severity: Severity; message: string }>;
  skippedRules: SkippedRule[];
  /** layer kinds that were checked (a kind not listed was not loaded) */
  checkedKinds: LayerKind[];
}

interface Entry {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  layer: Layer;
  feature: LayerFeature;
}

const CONSTRUCTION = classSet(LANDUSE_CLASSES.map((c) => c.code).filter(isConstruction));

/**
 * Siting compliance check: which layers a planned project's footprint overlaps, by how much, and which
 * rules a construction there would break (rules are read as "unknown land → construction"). Layers are
 * indexed once in lon/lat; per check only the candidate features are projected into the site's frame,
 * so a check costs milliseconds.
 */
export class SiteChecker {
  private readonly tree = new RBush<Entry>();
  private readonly property: ReturnType<typeof featureLookup>;
  private readonly kinds: Set<LayerKind>;

  constructor(
    readonly layers: readonly Layer[],
    readonly rules: RuleSet,
  ) {
    const items: Entry[] = [];
    for (const layer of layers) {
      for (const feature of layer.features) {
        const b = feature.bboxLonLat;
        if (b[0] <= b[2]) items.push({ minX: b[0], minY: b[1], maxX: b[2], maxY: b[3], layer, feature });
      }
    }
    this.tree.load(items);
    this.property = featureLookup(layers);
    this.kinds = new Set(layers.map((l) => l.kind));
  }

  /** Checks one site: a GeoJSON Polygon, MultiPolygon, Feature or FeatureCollection (unknown input is validated). */
  check(input: unknown): SiteReport {
    const site = parseSiteGeometry(input);
    const toLL = isGeographicProj4(site.crs.proj4) ? null : toLonLat(site.crs.proj4);
    // lon/lat bbox and centre of the site
    let w = Infinity;
    let s = Infinity;
    let e = -Infinity;
    let n = -Infinity;
    for (const poly of site.polygons) {
      for (const [x, y] of poly[0]) {
        const [lon, lat] = toLL === null ? [x, y] : toLL(x, y);
        if (lon < w) w = lon;
        if (lon > e) e = lon;
        if (lat < s) s = lat;
        if (lat > n) n = lat;
      }
    }
    const frame: WorkFrame = isAreaPlanarProj4(site.crs.proj4) ? { proj4: site.crs.proj4, native: true } : { proj4: equalAreaAt((w + e) / 2, (s + n) / 2), native: false };
    const siteT = toFrame(site.crs.proj4, frame);
    const parts = site.polygons.map((poly) => planarPolygon(ringsToFrame(poly.map((ring) => Float64Array.from(ring.flat())), siteT)));
    let areaM2 = 0;
    for (const p of parts) areaM2 += p.area;

    const overlaps: Overlap[] = [];
    const hitsByLayer = new Map<string, SiteLayerHit>();
    for (const cand of this.tree.search({ minX: w, minY: s, maxX: e, maxY: n })) {
      const t = toFrame(cand.layer.crs.proj4, frame);
      const qs: PlanarPolygon[] = cand.feature.polygons.map((rings) => planarPolygon(ringsToFrame(rings, t)));
      let m2 = 0;
      for (const p of parts) for (const q of qs) m2 += overlapArea(p, q);
      if (m2 <= 0) continue;
      const share = areaM2 > 0 ? Math.min(1, m2 / areaM2) : 0;
      overlaps.push({ patchId: 'site', layer: cand.layer.name, kind: cand.layer.kind, featureIndex: cand.feature.index, featureId: cand.feature.id, overlapM2: m2, share });
      let hit = hitsByLayer.get(cand.layer.name);
      if (!hit) hitsByLayer.set(cand.layer.name, (hit = { layer: cand.layer.name, kind: cand.layer.kind, overlapM2: 0, share: 0, features: [] }));
      hit.overlapM2 += m2;
      hit.share = Math.min(1, hit.share + share);
      hit.features.push({ id: cand.feature.id, index: cand.feature.index, overlapM2: m2, share, properties: cand.feature.properties });
    }
    for (const h of hitsByLayer.values()) h.features.sort((a, b) => a.index - b.index);

    const { active, skipped } = activeRules(this.rules, this.kinds);
    const hits = evaluatePatch(
      { id: 'site', code: 0, fromClass: null, toClass: null, assumed: { from: anyClass(), to: CONSTRUCTION } },
      { patchId: 'site', areaM2, overlaps },
      active,
      this.property,
    );
    return {
      areaM2,
      frame: frame.proj4,
      layers: [...hitsByLayer.values()].sort((a, b) => (a.layer < b.layer ? -1 : 1)),
      violations: hits.map((v) => ({ ruleId: v.ruleId, title: v.title, severity: v.severity, message: v.message })),
      skippedRules: skipped,
      checkedKinds: [...this.kinds].sort(),
    };
  }
}

/**
 * Narrows a site given as GeoJSON: Polygon or MultiPolygon geometry, a Feature of one, or a
 * FeatureCollection whose features are all polygons (taken together). Holes are fine. Anything else, or
 * an invalid polygon, is E_SUPERVISE_INPUT with one line saying what is wrong and where.
 */
export function parseSiteGeometry(input: unknown): SiteGeometry {
  const bad = (msg: string): never => {
    throw new SuperviseError('E_SUPERVISE_INPUT', msg);
  };
  if (typeof input !== 'object' || input === null || Array.isArray(input)) bad('site must be a GeoJSON object (Polygon, MultiPolygon, Feature or FeatureCollection)');
  const doc = input as Record<string, unknown>;
  let crs: CrsRef;
  try {
    crs = geoJsonCrs(doc, 'site');
  } catch (err) {
    return bad((err as Error).message);
  }
  const geographic = isGeographicProj4(crs.proj4);
  const polygons: number[][][][] = [];
  const addGeometry = (g: unknown, where: string) => {
    const geom = (typeof g === 'object' && g !== null ? g : {}) as { type?: unknown; coordinates?: unknown };
    let polys: unknown[];
    if (geom.type === 'Polygon') polys = [geom.coordinates];
    else if (geom.type === 'MultiPolygon' && Array.isArray(geom.coordinates)) polys = geom.coordinates;
    else return bad(`${where}: geometry type ${JSON.stringify(geom.type ?? null)} is not Polygon or MultiPolygon`);
    if (polys.length === 0) bad(`${where}: MultiPolygon has no polygons`);
    polys.forEach((p, k) => {
      const at = polys.length > 1 ? `${where}, polygon ${k}` : where;
      if (!Array.isArray(p)) return bad(`${at}: coordinates must be an array of rings`);
      const problems = polygonProblems(p, geographic);
      if (problems.length > 0) bad(`${at}: ${problems[0].message}`);
      polygons.push(p as number[][][]);
    });
  };
  if (doc.type === 'FeatureCollection') {
    if (!Array.isArray(doc.features) || doc.features.length === 0) bad('FeatureCollection has no features');
    (doc.features as unknown[]).forEach((f, i) => addGeometry((f as { geometry?: unknown } | null)?.geometry, `feature ${i}`));
  } else if (doc.type === 'Feature') addGeometry(doc.geometry, 'feature');
  else addGeometry(doc, 'geometry');
  return { polygons, crs };
}
