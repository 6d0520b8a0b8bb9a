import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './open-store.ts';
import { testPatches } from './test-patches.ts';

let store: Store;
beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(() => store.close());

const square = (lon: number, lat: number, d: number) =>
  JSON.stringify({ type: 'Polygon', coordinates: [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]] });

describe('layers store', () => {
  it('replaces a layer with its features and problems, and finds features by bbox', async () => {
    const layer = { id: 'ecological_redline', kind: 'ecological_redline', sourceFile: '/x/ecological_redline.geojson', epsg: 4326, proj4: '+proj=longlat', featureCount: 3 };
    await store.layers.replace({ ...layer, problems: [] }, [
      { featureIndex: 0, featureId: 'old', properties: null, geojson: square(0, 0, 1), bboxLonLat: [0, 0, 1, 1], repaired: false },
    ]);
    const rec = await store.layers.replace({ ...layer, problems: [{ index: 2, id: 'R3', kind: 'self_intersection', action: 'excluded' }] }, [
      { featureIndex: 0, featureId: 'R1', properties: { name: 'a' }, geojson: square(119, 31, 0.1), bboxLonLat: [119, 31, 119.1, 31.1], repaired: false },
      { featureIndex: 1, featureId: 'R2', properties: null, geojson: square(120, 31, 0.1), bboxLonLat: [120, 31, 120.1, 31.1], repaired: true },
    ]);
    expect(rec.storedFeatures).toBe(2);
    const [listed] = await store.layers.list();
    expect(listed).toMatchObject({ id: 'ecological_redline', featureCount: 3, storedFeatures: 2, problems: [{ index: 2, id: 'R3' }] });
    const all = await store.layers.features('ecological_redline');
    expect(all.map((f) => f.featureId)).toEqual(['R1', 'R2']);
    expect(all[1].repaired).toBe(true);
    expect(all[0].properties).toEqual({ name: 'a' });
    const east = await store.layers.features('ecological_redline', [119.95, 30, 121, 32]);
    expect(east.map((f) => f.featureId)).toEqual(['R2']);
  });

  it('rejects a layer id with a slash', async () => {
    await expect(store.layers.replace({ id: 'a/b', kind: 'parcels', sourceFile: 'x', epsg: null, proj4: 'p', featureCount: 0, problems: [] }, [])).rejects.toMatchObject({ code: 'E_STORE_INVALID' });
  });

  it('stores overlaps and sums them by zone and transition, and violations by rule and review status', async () => {
    const patches = testPatches(4, 1);
    await store.patches.insertMany('j', patches);
    const landuse = patches.filter((p) => p.fromClass !== null);
    expect(landuse.length).toBeGreaterThan(1);
    const [a, b] = landuse;
    await store.layers.replaceOverlaps('j', [{ patchId: 'x', layerId: 'l', layerKind: 'parcels', featureIndex: 0, featureId: 'f', overlapM2: 1, share: 1 }]);
    await store.layers.replaceOverlaps('j', [
      { patchId: a.id, layerId: 'pbf', layerKind: 'permanent_basic_farmland', featureIndex: 0, featureId: 'F1', overlapM2: 100, share: 0.5 },
      { patchId: a.id, layerId: 'pbf', layerKind: 'permanent_basic_farmland', featureIndex: 1, featureId: 'F2', overlapM2: 50, share: 0.25 },
      { patchId: b.id, layerId: 'pbf', layerKind: 'permanent_basic_farmland', featureIndex: 1, featureId: 'F2', overlapM2: 20, share: 0.1 },
    ]);
    expect((await store.layers.overlaps('j')).length).toBe(3);
    expect((await store.layers.overlaps('j', b.id)).map((o) => o.featureId)).toEqual(['F2']);
    const zones = await store.layers.zoneTransitions('j');
    const total = zones.filter((z) => z.layerKind === 'permanent_basic_farmland').reduce((s, z) => s + z.overlapM2, 0);
    expect(total).toBe(170);
    expect(zones.every((z) => z.fromClass === 1 && z.toClass === 20)).toBe(true);

    await store.violations.replace('j', [
      { patchId: a.id, ruleId: 'basic_farmland_occupied', severity: 'high', message: null, evidence: null },
      { patchId: b.id, ruleId: 'basic_farmland_occupied', severity: 'high', message: null, evidence: null },
    ]);
    await store.reviews.record({ jobId: 'j', patchId: a.id, status: 'confirmed' });
    const summary = await store.layers.violationSummary('j');
    expect(summary.map((r) => [r.ruleId, r.reviewStatus, r.violations])).toEqual([
      ['basic_farmland_occupied', 'confirmed', 1],
      ['basic_farmland_occupied', 'unreviewed', 1],
    ]);
  });
});
