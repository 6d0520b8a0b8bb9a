import { describe, expect, it } from 'vitest';
import { buildScene } from './build-scene.ts';
import { bboxesApart, polygonArea } from './polygon-geometry.ts';
import { RULE_ORDER } from './expected-rules.ts';
import type { PlantedChange, Scene } from './sample-types.ts';

function perimeterPx(c: PlantedChange): number {
  let p = 0;
  for (const ring of c.polygon.rings) {
    for (let i = 0, j = ring.length - 2; i < ring.length; j = i, i += 2) p += Math.hypot(ring[i] - ring[j], ring[i + 1] - ring[j + 1]);
  }
  return p;
}

describe('buildScene', () => {
  it('is deterministic in (seed, size)', () => {
    expect(JSON.stringify(buildScene(7, 1024))).toBe(JSON.stringify(buildScene(7, 1024)));
    expect(JSON.stringify(buildScene(8, 1024))).not.toBe(JSON.stringify(buildScene(7, 1024)));
  });

  it('rejects sizes it cannot lay out', () => {
    expect(() => buildScene(1, 100)).toThrow(/E_SAMPLE_OPTIONS|size must be/);
  });

  it('plants 20–40 changes at 4096², some straddling 512 and 256 px tile borders', () => {
    const scene = buildScene(1, 4096);
    expect(scene.changes.length).toBeGreaterThanOrEqual(20);
    expect(scene.changes.length).toBeLessThanOrEqual(40);
    const crosses = (c: PlantedChange, grid: number): boolean => {
      const b = c.polygon.bbox;
      return Math.floor(b.minX / grid) !== Math.floor(b.maxX / grid) || Math.floor(b.minY / grid) !== Math.floor(b.maxY / grid);
    };
    expect(scene.changes.filter((c) => crosses(c, 512)).length).toBeGreaterThanOrEqual(3);
    expect(scene.changes.filter((c) => crosses(c, 256) && !crosses(c, 512)).length).toBeGreaterThanOrEqual(1);
    expect(scene.changes.some((c) => c.polygon.rings.length > 1)).toBe(true);
    const kinds = new Set(scene.changes.map((c) => c.kind));
    for (const k of ['cropland_to_residential', 'forest_clearing', 'forest_to_construction', 'water_fill', 'new_road']) expect(kinds).toContain(k);
  });

  it('scales the number of changes with the area', () => {
    expect(buildScene(1, 8192).changes.length).toBeGreaterThan(3 * buildScene(1, 4096).changes.length);
  });

  for (const size of [2048, 4096]) {
    it(`labels legal changes and every rule at ${size}²`, () => {
      for (const seed of [1, 2]) {
        const scene: Scene = buildScene(seed, size);
        expect(scene.changes.some((c) => c.legal)).toBe(true);
        for (const rule of RULE_ORDER) expect(scene.changes.some((c) => c.expectedRules.includes(rule)), `${rule} seed ${seed}`).toBe(true);
        for (const c of scene.changes) {
          expect(c.legal).toBe(c.expectedRules.length === 0);
          if (c.expectedRules.includes('construction_without_approval')) expect(c.approvalId).toBeNull();
          if (c.expectedRules.includes('exceeds_approval')) {
            const a = scene.layers.landApprovals.find((f) => f.properties.approval_id === c.approvalId);
            expect(c.areaM2).toBeGreaterThan(1.3 * Number(a?.properties.approved_area_m2));
          }
        }
      }
    });
  }

  it('keeps changes apart from each other and from nodata, with areas matching their pixel counts', () => {
    const scene = buildScene(4, 4096);
    const { changes } = scene;
    let sumArea = 0;
    let sumPixels = 0;
    for (const c of changes) {
      for (const other of changes) if (other !== c) expect(bboxesApart(c.polygon.bbox, other.polygon.bbox, 2)).toBe(true);
      for (const z of [...scene.nodataA, ...scene.nodataB]) expect(bboxesApart(c.polygon.bbox, z.bbox, 2)).toBe(true);
      expect(c.areaM2).toBeCloseTo(polygonArea(c.polygon.rings) * 4, 1);
      // pixel-centre sampling: error bounded by half a pixel along the boundary
      expect(Math.abs(c.pixels * 4 - c.areaM2)).toBeLessThanOrEqual(perimeterPx(c) * 0.5 * 4);
      sumArea += c.areaM2;
      sumPixels += c.pixels;
    }
    expect(Math.abs(sumPixels * 4 - sumArea) / sumArea).toBeLessThan(0.01);
  });
});
