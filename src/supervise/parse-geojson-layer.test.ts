import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inferLayerKind } from './layer-kind.ts';
import { loadLayers } from './load-layers.ts';
import { parseGeoJsonLayer } from './parse-geojson-layer.ts';

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
