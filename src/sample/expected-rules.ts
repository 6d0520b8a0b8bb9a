/**
 * The supervision rules the planted changes are labelled with, and their evaluation on the scene's
 * own (exact) geometry. Placement keeps every change either clearly inside or clearly outside each
 * zone layer (≥ RELATION_MARGIN_PX from its boundary), so a traced change polygon gives the same answer.
 */
import { isConstruction } from '../kernels/index.ts';
import { pointInRings, relation, ringDistance } from './polygon-geometry.ts';
import { SampleError } from './sample-error.ts';
import type { LayerFeature, PlantedChange, PolygonPx, RuleId, SceneLayers } from './sample-types.ts';

export const RELATION_MARGIN_PX = 10;
/** exceeds_approval fires when the change area exceeds the approved area by more than this factor */
export const EXCEEDS_FACTOR = 1.2;

export const RULES: Record<RuleId, string> = {
  basic_farmland_occupied: 'change to construction land (05–10, 20) lying inside permanent basic farmland',
  redline_violated: 'change to construction land lying inside an ecological red line',
  construction_without_approval: 'change to construction land that intersects no land approval parcel',
  exceeds_approval:
    'change to construction land that intersects approval parcels whose approved_area_m2 sum, ×1.2, is below the change area',
  outside_growth_boundary: 'change to construction land lying outside every urban growth boundary',
};

export const RULE_ORDER: readonly RuleId[] = [
  'basic_farmland_occupied',
  'redline_violated',
  'construction_without_approval',
  'exceeds_approval',
  'outside_growth_boundary',
];

export function intersects(a: PolygonPx, b: PolygonPx): boolean {
  const p = a.bbox;
  const q = b.bbox;
  if (p.minX > q.maxX || p.maxX < q.minX || p.minY > q.maxY || p.maxY < q.minY) return false;
  const ea = a.rings[0];
  const eb = b.rings[0];
  return ringDistance(ea, eb) === 0 || pointInRings([eb], ea[0], ea[1]) || pointInRings([ea], eb[0], eb[1]);
}

/** 'inside' any / 'outside' all of the layer's polygons, or 'overlap' when ambiguous. */
export function layerRelation(polygon: PolygonPx, layer: readonly LayerFeature[]): 'inside' | 'outside' | 'overlap' {
  let inside = false;
  for (const f of layer) {
    const rel = relation(polygon, f.polygon, RELATION_MARGIN_PX);
    if (rel === 'overlap') return 'overlap';
    if (rel === 'inside') inside = true;
  }
  return inside ? 'inside' : 'outside';
}

/** Rule ids a change violates, in RULE_ORDER; throws when the geometry is ambiguous (a placement bug). */
export function expectedRules(change: Pick<PlantedChange, 'to' | 'areaM2' | 'polygon' | 'id'>, layers: SceneLayers): RuleId[] {
  if (!isConstruction(change.to)) return [];
  const rules = new Set<RuleId>();
  const pbf = layerRelation(change.polygon, layers.permanentBasicFarmland);
  const red = layerRelation(change.polygon, layers.ecologicalRedline);
  const gb = layerRelation(change.polygon, layers.urbanGrowthBoundary);
  if (pbf === 'overlap' || red === 'overlap' || gb === 'overlap') {
    throw new SampleError('E_SAMPLE_PLACEMENT', `change ${change.id}: ambiguous relation to a zone layer`, { change: change.id });
  }
  if (pbf === 'inside') rules.add('basic_farmland_occupied');
  if (red === 'inside') rules.add('redline_violated');
  let approved = 0;
  let hits = 0;
  for (const a of layers.landApprovals) {
    if (!intersects(change.polygon, a.polygon)) continue;
    hits++;
    approved += Number(a.properties.approved_area_m2);
  }
  if (hits === 0) rules.add('construction_without_approval');
  else if (change.areaM2 > EXCEEDS_FACTOR * approved) rules.add('exceeds_approval');
  if (gb === 'outside') rules.add('outside_growth_boundary');
  return RULE_ORDER.filter((r) => rules.has(r));
}
