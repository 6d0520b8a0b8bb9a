import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskMap } from '../../src/pool/messages.ts';
import { TilePool } from '../../src/pool/tile-pool.ts';
import type { SampleManifest } from '../../src/sample/index.ts';
import type { Store } from '../../src/store/index.ts';
import { LayerIndex, loadJobPatches, overlayPatches, parseGeoJsonLayer, superviseJob, workFrame, type SuperviseResult, type SupervisePatch } from '../../src/supervise/index.ts';
import { crsRef } from '../../src/vector/crs.ts';
import { params, runJob, sample, tmp } from '../helpers/run-job.ts';

const pool = new TilePool<TaskMap>({ workers: 2 });
const hasGdal = (() => {
  try {
    execFileSync('ogr2ogr', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let store: Store;
let dir: string;
let outDir: string;
let jobId: string;
let manifest: SampleManifest;
let patches: SupervisePatch[];
let result: SuperviseResult;
/** planted change id → ids of the patches that cover most of it */
const matched = new Map<string, string[]>();

beforeAll(async () => {
  const s = await sample(1024, 1);
  dir = s.dir;
  manifest = s.manifest;
  outDir = tmp('supervise');
  const p = params({
    epochA: join(dir, 'epoch-a.tif'),
    epochB: join(dir, 'epoch-b.tif'),
    landuseA: join(dir, 'landuse-a.tif'),
    landuseB: join(dir, 'landuse-b.tif'),
    outDir,
    mode: 'combined',
  });
  const run = await runJob(p, pool, 'sup-job');
  store = run.store;
  jobId = run.summary.jobId;
  patches = await loadJobPatches(store, jobId, crsRef(run.summary.grid.epsg ?? manifest.epsg));
  result = await superviseJob({ store, jobId, patches, layersDir: join(dir, 'layers'), outDir });

  // match patches to planted changes by overlap with the truth polygons (a patch belongs to the change it
  // overlaps most; the change counts as found when its patches cover half of it)
  const truth = parseGeoJsonLayer(JSON.parse(readFileSync(join(dir, 'truth.geojson'), 'utf8')), { file: 'truth.geojson', name: 'truth', kind: 'parcels' });
  const index = new LayerIndex([truth], workFrame(patches[0].crs, [0, 0]));
  for (const o of overlayPatches(patches, index)) {
    const best = [...o.overlaps].sort((a, b) => b.overlapM2 - a.overlapM2)[0];
    if (!best || best.share < 0.5) continue;
    matched.set(best.featureId, [...(matched.get(best.featureId) ?? []), o.patchId]);
  }
});

afterAll(async () => {
  await store?.close();
  await pool.destroy();
});

describe('superviseJob on the generated sample (combined mode)', () => {
  it('finds every planted violation with exactly its expected rules, and flags no legal change', async () => {
    const hits = await store.violations.list(jobId);
    const rulesOf = (patchIds: readonly string[]) => [...new Set(hits.filter((h) => patchIds.includes(h.patchId)).map((h) => h.ruleId))].sort();
    const got: Record<string, string[]> = {};
    const want: Record<string, string[]> = {};
    for (const c of manifest.changes) {
      want[c.id] = [...c.expected_rules].sort();
      got[c.id] = rulesOf(matched.get(c.id) ?? []);
    }
    expect(got).toEqual(want);
    // every planted violation was detected at all (not just an empty set on both sides)
    for (const c of manifest.changes) if (c.expected_rules.length > 0) expect(matched.get(c.id), c.id).toBeDefined();
    expect(manifest.changes.some((c) => c.legal)).toBe(true);
    expect(manifest.changes.some((c) => c.expected_rules.length >= 2)).toBe(true);
    // no rule hit on a patch that matches no violating change
    const violating = new Set(manifest.changes.filter((c) => !c.legal).flatMap((c) => matched.get(c.id) ?? []));
    expect(hits.filter((h) => !violating.has(h.patchId)).map((h) => `${h.patchId}:${h.ruleId}`)).toEqual([]);
  });

  it('writes violations.geojson with one feature per hit and a summary by rule and severity', async () => {
    const fc = JSON.parse(readFileSync(join(outDir, 'violations.geojson'), 'utf8')) as { features: Array<{ geometry: { type: string }; properties: Record<string, unknown> }> };
    expect(fc.features.length).toBe(result.violations);
    expect(fc.features.length).toBe((await store.violations.list(jobId)).length);
    for (const f of fc.features) {
      expect(f.geometry.type).toBe('Polygon');
      expect(f.properties).toMatchObject({ severity: expect.stringMatching(/^(high|medium|low)$/), message: expect.any(String) });
    }
    const expectedCount = manifest.changes.reduce((s, c) => s + c.expected_rules.length, 0);
    expect(result.violations).toBe(expectedCount);
    expect(result.byRule.reduce((s, r) => s + r.violations, 0)).toBe(expectedCount);
    const summary = JSON.parse(readFileSync(join(outDir, 'supervision.json'), 'utf8')) as SuperviseResult;
    expect(summary.bySeverity.high.violations).toBe(result.bySeverity.high.violations);
    const byStatus = await store.layers.violationSummary(jobId);
    expect(byStatus.reduce((s, r) => s + r.violations, 0)).toBe(expectedCount);
    expect(result.zones.map((z) => z.kind)).toContain('urban_growth_boundary');
    const zoneArea = (await store.layers.zoneTransitions(jobId)).filter((z) => z.layerKind === 'land_approvals').reduce((s, z) => s + z.overlapM2, 0);
    expect(zoneArea).toBeCloseTo(result.zones.find((z) => z.kind === 'land_approvals')?.overlapM2 ?? -1, 1);
  });

  it.skipIf(!hasGdal)('overlap areas agree with ogr2ogr -dialect sqlite ST_Area(ST_Intersection()) in EPSG:4549 within 0.01 %', async () => {
    const work = tmp('sup-gdal');
    const gpkg = join(work, 'o.gpkg');
    execFileSync('ogr2ogr', ['-f', 'GPKG', gpkg, join(outDir, 'patches.csv'), '-a_srs', `EPSG:${manifest.epsg}`, '-nln', 'patches', '-oo', 'GEOM_POSSIBLE_NAMES=WKT', '-oo', 'KEEP_GEOM_COLUMNS=NO']);
    const layers = ['permanent_basic_farmland', 'ecological_redline', 'urban_growth_boundary', 'land_approvals', 'land_supply'];
    for (const l of layers) execFileSync('ogr2ogr', ['-append', '-t_srs', `EPSG:${manifest.epsg}`, '-nln', l, gpkg, join(dir, 'layers', `${l}.geojson`)]);
    const sql = layers
      .map((l) => `SELECT p.id AS patch_id, '${l}' AS layer, l.fid - 1 AS feature_index, ST_Area(ST_Intersection(p.geom, l.geom)) AS m2 FROM patches p, "${l}" l WHERE ST_Intersects(p.geom, l.geom)`)
      .join(' UNION ALL ');
    const csv = execFileSync('ogr2ogr', ['-f', 'CSV', '/vsistdout/', gpkg, '-dialect', 'sqlite', '-sql', sql], { encoding: 'utf8' });
    const oracle = csv.trim().split('\n').slice(1).map((line) => line.split(',').map((c) => c.replace(/^"|"$/g, ''))).filter((r) => Number(r[3]) > 1e-6)
      .map((r) => ({ key: `${r[0]}|${r[1]}|${r[2]}`, m2: Number(r[3]) }));
    const ours = new Map((await store.layers.overlaps(jobId)).map((o) => [`${o.patchId}|${o.layerId}|${o.featureIndex}`, o.overlapM2]));
    expect(oracle.length).toBeGreaterThan(5);
    expect([...ours.keys()].sort()).toEqual(oracle.map((o) => o.key).sort());
    for (const o of oracle) {
      const mine = ours.get(o.key) ?? NaN;
      expect(Math.abs(mine - o.m2) / o.m2, `${o.key}: ours ${mine} gdal ${o.m2}`).toBeLessThan(1e-4);
    }
  });
});
