import { describe, expect, it } from 'vitest';
import { geodesicPolygonArea } from '../vector/geodesic-area.ts';
import { parseGeoJsonLayer } from './parse-geojson-layer.ts';
import { loadRules } from './parse-rules.ts';
import { SiteChecker, parseSiteGeometry } from './site-checker.ts';
import type { LayerKind } from './layer-kind.ts';

const GK = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4549' } };
const X = 480000;
const Y = 3469000;
/** closed rectangle ring in GK metres relative to (X, Y) */
const rect = (x0: number, y0: number, x1: number, y1: number) => [[X + x0, Y + y0], [X + x1, Y + y0], [X + x1, Y + y1], [X + x0, Y + y1], [X + x0, Y + y0]];

function layer(name: string, kind: LayerKind, features: Array<{ rings: number[][][]; props?: Record<string, unknown> }>, crs: unknown = GK) {
  return parseGeoJsonLayer(
    { type: 'FeatureCollection', crs, features: features.map((f, i) => ({ type: 'Feature', properties: { id: `${name}-${i}`, ...f.props }, geometry: { type: 'Polygon', coordinates: f.rings } })) },
    { file: `${name}.geojson`, name, kind },
  );
}

const layers = [
  layer('ecological_redline', 'ecological_redline', [{ rings: [rect(0, 0, 100, 100)] }]),
  layer('permanent_basic_farmland', 'permanent_basic_farmland', [{ rings: [rect(200, 0, 300, 100), rect(240, 40, 260, 60)] }]),
  layer('urban_growth_boundary', 'urban_growth_boundary', [{ rings: [rect(1000, 0, 2000, 1000)] }]),
  layer('land_approvals', 'land_approvals', [{ rings: [rect(1100, 100, 1200, 200)], props: { approval_id: 'PZ-1', approved_area_m2: 10000 } }]),
];
const checker = new SiteChecker(layers, await loadRules());

const site = (coordinates: unknown, type = 'Polygon') => ({ type: 'Feature', properties: {}, geometry: { type, coordinates }, crs: GK });
const withCrs = (g: Record<string, unknown>) => ({ ...g, crs: GK });

describe('SiteChecker', () => {
  it('measures the overlap with a red line exactly and names the rules a construction would break', () => {
    const r = checker.check(withCrs({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [rect(50, 0, 150, 100)] } }));
    expect(r.areaM2).toBe(10000);
    expect(r.layers.map((l) => [l.layer, l.overlapM2, l.share])).toEqual([['ecological_redline', 5000, 0.5]]);
    expect(r.layers[0].features[0]).toMatchObject({ id: 'ecological_redline-0', overlapM2: 5000 });
    expect(r.violations.map((v) => v.ruleId).sort()).toEqual(['construction_without_approval', 'outside_growth_boundary', 'redline_violated']);
    expect(r.violations.find((v) => v.ruleId === 'redline_violated')).toMatchObject({ severity: 'high', message: expect.stringContaining('5000.0 m²') });
  });

  it('handles holes on both sides: a site with a hole over farmland with a hole', () => {
    // site 180..320 × 0..100 minus 230..270 × 30..70; farmland 200..300 × 0..100 minus 240..260 × 40..60
    const r = checker.check(site([rect(180, 0, 320, 100), rect(230, 30, 270, 70)]));
    expect(r.areaM2).toBe(140 * 100 - 40 * 40);
    // farmland 10000 − 400, minus the site's hole 1600 (the farmland hole lies inside the site hole)
    expect(r.layers.find((l) => l.kind === 'permanent_basic_farmland')?.overlapM2).toBe(10000 - 1600);
    expect(r.violations.map((v) => v.ruleId)).toContain('basic_farmland_occupied');
  });

  it('sums a MultiPolygon\'s parts and passes a site inside the growth boundary on an approval', () => {
    const multi = site([[rect(1100, 100, 1150, 200)], [rect(1150, 100, 1200, 150)]], 'MultiPolygon');
    const r = checker.check(multi);
    expect(r.areaM2).toBe(5000 + 2500);
    expect(r.layers.map((l) => [l.kind, l.overlapM2])).toEqual([['land_approvals', 7500], ['urban_growth_boundary', 7500]]);
    expect(r.violations).toEqual([]);
  });

  it('flags an approved site that is larger than its approval by more than 20 %', () => {
    const r = checker.check(site([rect(1100, 100, 1230, 200)]));
    expect(r.violations.map((v) => v.ruleId)).toEqual(['exceeds_approval']);
  });

  it('measures lon/lat sites on the ellipsoid (equal-area frame) within 0.01 %', () => {
    const ll = layer('ecological_redline', 'ecological_redline', [{ rings: [[[119.7, 31.3], [119.9, 31.3], [119.9, 31.4], [119.7, 31.4], [119.7, 31.3]]] }], null);
    const c = new SiteChecker([ll], { version: 1, rules: [], source: 'none' });
    const ring = [[119.75, 31.32], [119.8, 31.32], [119.81, 31.36], [119.76, 31.37], [119.75, 31.32]];
    const r = c.check({ type: 'Polygon', coordinates: [ring] });
    const geod = geodesicPolygonArea([Float64Array.from(ring.flat())]).areaM2;
    expect(Math.abs(r.areaM2 - geod) / geod).toBeLessThan(1e-4);
    expect(r.layers[0].share).toBeCloseTo(1, 9);
  });

  it('reports an empty result where nothing overlaps', () => {
    const r = checker.check(site([rect(500, 500, 510, 510)]));
    expect(r.layers).toEqual([]);
    expect(r.violations.map((v) => v.ruleId).sort()).toEqual(['construction_without_approval', 'outside_growth_boundary']);
  });
});

describe('parseSiteGeometry', () => {
  const fail = (v: unknown) => {
    try {
      parseSiteGeometry(v);
    } catch (err) {
      return err as { code: string; message: string };
    }
    throw new Error('accepted');
  };

  it('refuses anything but (multi)polygons, with one line saying where', () => {
    expect(fail({ type: 'Point', coordinates: [1, 2] })).toMatchObject({ code: 'E_SUPERVISE_INPUT', message: 'geometry: geometry type "Point" is not Polygon or MultiPolygon' });
    expect(fail('x').code).toBe('E_SUPERVISE_INPUT');
    expect(fail({ type: 'FeatureCollection', features: [] }).message).toMatch(/no features/);
    const bow = [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]];
    expect(fail({ type: 'Polygon', coordinates: bow }).message).toMatch(/^geometry: exterior edge \d+ crosses exterior edge \d+/);
    expect(fail({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] }).message).toMatch(/not closed/);
    expect(fail({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] } }] }).message).toMatch(/^feature 0: .*fewer than 3/);
    expect(fail({ type: 'Polygon', coordinates: [[[500000, 3e6], [500100, 3e6], [500100, 3.1e6], [500000, 3e6]]] }).message).toMatch(/not lon\/lat/);
  });

  it('accepts a FeatureCollection of polygons with holes', () => {
    const g = parseSiteGeometry({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[1, 1], [1, 2], [2, 2], [2, 1], [1, 1]]] } }] });
    expect(g.polygons[0].length).toBe(2);
    expect(g.crs.epsg).toBe(4326);
  });
});
