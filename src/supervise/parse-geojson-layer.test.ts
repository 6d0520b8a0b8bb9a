import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inferLayerKind } from './layer-kind.ts';
import { loadLayers } from './load-layers.ts';
import { parseGeoJsonLayer } from './parse-geojson-layer.ts';
import { layersOutside } from './supervise-job.ts';

const sq = (x: number, y: number, d: number) => [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];
const feature = (geometry: unknown, properties: Record<string, unknown> = {}) => ({ type: 'Feature', properties, geometry });
const fc = (features: unknown[], extra: Record<string, unknown> = {}) => ({ type: 'FeatureCollection', ...extra, features });
const opts = { file: 'redline.geojson', name: 'redline', kind: 'ecological_redline' as const };

const BAD = fc([
  feature({ type: 'Polygon', coordinates: [sq(119, 31, 0.01)] }, { id: 'ok' }),
  feature({ type: 'Polygon', coordinates: [[[119, 31], [119.02, 31.02], [119.02, 31], [119, 31.02], [119, 31]]] }, { zone_id: 'bowtie' }),
  feature({ type: 'Polygon', coordinates: [[[119, 31], [119.01, 31], [119.01, 31.01], [119, 31.01]]] }, { id: 'open' }),
  feature(null, { id: 'nothing' }),
  feature({ type: 'LineString', coordinates: [[119, 31], [119.1, 31.1]] }),
  feature({ type: 'Polygon', coordinates: [[[119, 31], [119.01, 31], [119, 31]]] }, { id: 'sliver' }),
  feature({ type: 'Polygon', coordinates: [sq(119, 31, 0.01), sq(119.5, 31.5, 0.001)] }, { id: 'stray-hole' }),
]);

describe('parseGeoJsonLayer', () => {
  it('reports every invalid geometry with its index and id, and keeps only the valid ones', () => {
    const layer = parseGeoJsonLayer(BAD, opts);
    expect(layer.featureCount).toBe(7);
    expect(layer.features.map((f) => f.id)).toEqual(['ok']);
    expect(layer.problems.map((p) => [p.index, p.id, p.kind, p.action])).toEqual([
      [1, 'bowtie', 'self_intersection', 'excluded'],
      [2, 'open', 'unclosed_ring', 'excluded'],
      [3, 'nothing', 'empty', 'excluded'],
      [4, 'redline#4', 'wrong_type', 'excluded'],
      [5, 'sliver', 'too_few_points', 'excluded'],
      [6, 'stray-hole', 'hole_outside', 'excluded'],
    ]);
    expect(layer.problems[0].message).toMatch(/^redline\.geojson: feature 1 \(bowtie\): exterior edge \d+ crosses exterior edge \d+ near \[119\.01, 31\.01\]/);
  });

  it('repairs on request: closes rings and untangles a bow-tie into two parts', () => {
    const layer = parseGeoJsonLayer(BAD, { ...opts, repair: true });
    expect(layer.features.map((f) => [f.id, f.repaired, f.polygons.length])).toEqual([
      ['ok', false, 1],
      ['bowtie', true, 2],
      ['open', true, 1],
      // exterior minus a hole lying outside it is the exterior: the stray ring is dropped
      ['stray-hole', true, 1],
    ]);
    expect(layer.problems.filter((p) => p.action === 'repaired').map((p) => p.id)).toEqual(['bowtie', 'open', 'stray-hole']);
    expect(layer.problems.filter((p) => p.action === 'excluded').map((p) => p.id)).toEqual(['nothing', 'redline#4', 'sliver']);
    const open = layer.features.find((f) => f.id === 'open');
    const ring = open?.polygons[0][0];
    expect(ring && [ring[0], ring[1]]).toEqual(ring && [ring[ring.length - 2], ring[ring.length - 1]]);
  });

  it('reads a legacy crs member (GK zone) and keeps native coordinates, with a lon/lat bbox', () => {
    const layer = parseGeoJsonLayer(fc([feature({ type: 'MultiPolygon', coordinates: [[sq(480000, 3469000, 100)], [sq(480500, 3469000, 100)]] }, { approval_id: 'PZ-7' })], {
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4549' } },
    }), { ...opts, kind: 'land_approvals' });
    expect(layer.crs.epsg).toBe(4549);
    expect(layer.features[0].id).toBe('PZ-7');
    expect(layer.features[0].polygons.length).toBe(2);
    expect(layer.features[0].polygons[0][0][0]).toBe(480000);
    const [w, s, e, n] = layer.features[0].bboxLonLat;
    expect(w).toBeGreaterThan(119.7);
    expect(e).toBeLessThan(119.9);
    expect(s).toBeGreaterThan(31.3);
    expect(n).toBeLessThan(31.4);
  });

  it('refuses a file that is not a FeatureCollection, and an unsupported CRS, naming the file', () => {
    expect(() => parseGeoJsonLayer({ type: 'Polygon', coordinates: [] }, opts)).toThrow(/^redline\.geojson: expected a GeoJSON FeatureCollection/);
    expect(() => parseGeoJsonLayer(fc([], { crs: { type: 'name', properties: { name: 'EPSG:2000' } } }), opts)).toThrow(/redline\.geojson: EPSG:2000 is not a supported CRS/);
  });

  it('flags projected coordinates without a crs member instead of treating them as degrees', () => {
    // one stray feature among lon/lat ones: reported and excluded, the others kept
    const mixed = parseGeoJsonLayer(
      fc([feature({ type: 'Polygon', coordinates: [sq(119.5, 31.3, 0.01)] }), feature({ type: 'Polygon', coordinates: [sq(480000, 3469000, 100)] })]),
      opts,
    );
    expect(mixed.features.map((f) => f.index)).toEqual([0]);
    expect(mixed.problems[0]).toMatchObject({ kind: 'out_of_range', index: 1, action: 'excluded' });
    // no feature in lon/lat at all: the file lost its crs member, a layer error that says so
    expect(() => parseGeoJsonLayer(fc([feature({ type: 'Polygon', coordinates: [sq(480000, 3469000, 100)] })]), opts)).toThrow(
      /no feature has longitude\/latitude coordinates.*has no crs member.*EPSG::4549/,
    );
  });
});

describe('inferLayerKind / loadLayers', () => {
  it('infers the kind from English or Chinese file names', () => {
    expect(inferLayerKind('layers/permanent_basic_farmland.geojson')).toBe('permanent_basic_farmland');
    expect(inferLayerKind('Ecological-Redline 2023.geojson')).toBe('ecological_redline');
    expect(inferLayerKind('城镇开发边界.geojson')).toBe('urban_growth_boundary');
    expect(inferLayerKind('land_approvals.json')).toBe('land_approvals');
    expect(inferLayerKind('mining_rights.geojson')).toBe('mining_rights');
    expect(inferLayerKind('roads.geojson')).toBeNull();
  });

  it('loads a folder in name order, skipping files that name no kind, and errors on a given file without one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lw-layers-'));
    writeFileSync(join(dir, 'land_supply.geojson'), JSON.stringify(fc([feature({ type: 'Polygon', coordinates: [sq(119, 31, 0.01)] })])));
    writeFileSync(join(dir, 'ecological_redline.geojson'), JSON.stringify(BAD));
    writeFileSync(join(dir, 'roads.geojson'), '{}');
    writeFileSync(join(dir, 'notes.txt'), 'x');
    const { layers, skipped } = await loadLayers(dir);
    expect(layers.map((l) => [l.name, l.kind, l.features.length, l.problems.length])).toEqual([
      ['ecological_redline', 'ecological_redline', 1, 6],
      ['land_supply', 'land_supply', 1, 0],
    ]);
    expect(skipped.map((s) => s.file.split('/').pop())).toEqual(['notes.txt', 'roads.geojson']);
    await expect(loadLayers([join(dir, 'roads.geojson')])).rejects.toThrow(/cannot tell the layer kind/);
    writeFileSync(join(dir, 'land_approvals.geojson'), '{"type":');
    await expect(loadLayers(dir)).rejects.toMatchObject({ code: 'E_SUPERVISE_LAYER', message: expect.stringMatching(/land_approvals\.geojson: not valid JSON/) });
  });
});

describe('parseGeoJsonLayer: layers never seen before (brief h19)', () => {
  const gk = (name: unknown) => fc([feature({ type: 'Polygon', coordinates: [sq(480000, 3469000, 100)] })], { crs: name });
  it('reads every legacy crs form: EPSG:4549, OGC URN with and without version, opengis URL, the 2008 draft {type: EPSG}', () => {
    const forms = [
      { type: 'name', properties: { name: 'EPSG:4549' } },
      { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4549' } },
      { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG:6.6:4549' } },
      { type: 'name', properties: { name: 'http://www.opengis.net/def/crs/EPSG/0/4549' } },
      { type: 'EPSG', properties: { code: 4549 } },
    ];
    for (const crs of forms) expect([crs, parseGeoJsonLayer(gk(crs), opts).crs.epsg]).toEqual([crs, 4549]);
    const ll = (name: string) => parseGeoJsonLayer(fc([feature({ type: 'Polygon', coordinates: [sq(120, 31, 0.01)] })], { crs: { type: 'name', properties: { name } } }), opts).crs.epsg;
    expect([ll('urn:ogc:def:crs:OGC:1.3:CRS84'), ll('urn:ogc:def:crs:EPSG::4490'), ll('EPSG:4326')]).toEqual([4326, 4490, 4326]);
  });

  it('MultiPolygon with holes and z, Chinese property names, null geometry, GeometryCollection: kept or reported, never a crash', () => {
    const z = (ring: number[][], h: number) => ring.map((p) => [...p, h]);
    const layer = parseGeoJsonLayer(fc([
      feature({ type: 'MultiPolygon', coordinates: [[z(sq(120, 31, 0.01), 5), z(sq(120.002, 31.002, 0.002), 5).reverse()], [z(sq(120.02, 31, 0.01), 7)]] }, { 名称: '生态保护红线', 面积_亩: 12.5 }),
      feature(null, { 名称: '空' }),
      feature({ type: 'GeometryCollection', geometries: [{ type: 'Polygon', coordinates: [sq(120.05, 31, 0.01)] }, { type: 'Point', coordinates: [120, 31] }] }),
      feature({ type: 'GeometryCollection', geometries: [{ type: 'LineString', coordinates: [[120, 31], [121, 31]] }] }),
    ]), opts);
    expect(layer.features.map((f) => f.index)).toEqual([0, 2]);
    expect(layer.features[0].properties).toEqual({ 名称: '生态保护红线', 面积_亩: 12.5 });
    expect(layer.features[0].polygons.map((p) => p.length)).toEqual([2, 1]);
    expect(Array.from(layer.features[0].polygons[0][0].slice(0, 4))).toEqual([120, 31, 120.01, 31]); // z dropped
    expect(layer.features[1].polygons.length).toBe(1);
    expect(layer.problems.map((p) => [p.index, p.action, p.message])).toEqual([
      [1, 'excluded', 'redline.geojson: feature 1 (redline#1): geometry is null'],
      [2, 'repaired', 'redline.geojson: feature 2 (redline#2): GeometryCollection member 1 (Point) is not a polygon: left out, the polygon members are used'],
      [3, 'excluded', 'redline.geojson: feature 3 (redline#3): geometry type GeometryCollection is not Polygon or MultiPolygon'],
    ]);
  });
});

describe('layersOutside', () => {
  it('names a layer none of whose features meets the scene, with both extents', () => {
    const inside = parseGeoJsonLayer(fc([feature({ type: 'Polygon', coordinates: [sq(120, 31, 0.01)] })]), { ...opts, file: 'in.geojson' });
    const outside = parseGeoJsonLayer(fc([feature({ type: 'Polygon', coordinates: [sq(100, 20, 0.01)] })]), { ...opts, file: 'far.geojson' });
    const w = layersOutside([inside, outside], [119.9, 30.9, 120.1, 31.1]);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/^far\.geojson: none of its 1 features lies in the scene \(layer lon 100\.000000\.\.100\.010000, lat 20\.000000\.\.20\.010000; scene lon 119\.900000/);
    expect(w[0]).toContain('EPSG:4326, the default when a file has no crs member');
  });
});
