import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LayerFeatureRow, Store } from '../store/index.ts';
import type { SupervisePatch } from './job-patches.ts';
import type { Bbox } from '../vector/area-planar.ts';
import { activeRules, evaluatePatch, type SkippedRule, type ViolationCandidate } from './evaluate-rules.ts';
import { LayerIndex } from './layer-index.ts';
import { layerFeatureGeoJson, polygonsGeoJson } from './layer-feature-geojson.ts';
import type { GeometryProblem, Layer } from './layer-types.ts';
import { loadLayers } from './load-layers.ts';
import { overlayPatches, type PatchOverlay } from './overlay.ts';
import { loadRules } from './parse-rules.ts';
import { summarizeSupervision, type SupervisionSummary } from './supervision-summary.ts';
import { writeViolationsGeoJson } from './violations-geojson.ts';
import { workFrame } from './work-frame.ts';

export interface SuperviseJobOptions {
  store: Store;
  jobId: string;
  /** the job's patches (PatchRecords from the runner, or loadJobPatches for a stored job) */
  patches: readonly SupervisePatch[];
  /** folder of layer GeoJSON files (kinds from the file names) */
  layersDir: string;
  /** rules file; the shipped default set when absent */
  rulesFile?: string;
  /** job output folder: violations.geojson and supervision.json go here */
  outDir: string;
  /** repair invalid layer geometries instead of leaving them out */
  repair?: boolean;
  /** the scene's [west, south, east, north] in lon/lat: a layer with no feature inside it is warned about */
  sceneBboxLonLat?: Bbox;
}

export interface SuperviseResult extends SupervisionSummary {
  jobId: string;
  layers: Array<{ name: string; kind: string; file: string; features: number; invalid: number }>;
  /** every invalid layer geometry, with file, index, id and what was done */
  problems: GeometryProblem[];
  skippedFiles: Array<{ file: string; reason: string }>;
  skippedRules: SkippedRule[];
  /** per-file warnings (a layer entirely outside the scene: a wrong CRS, zone or file?) */
  warnings: string[];
  rulesSource: string;
  files: { violations: string; summary: string };
}

/**
 * Supervision of one job's change patches: import the layers (into the store too), overlay every patch
 * with every layer feature exactly, apply the rules, store the rule hits and overlaps, and write
 * violations.geojson and supervision.json into the job folder. Returns the counts.
 */
export async function superviseJob(opts: SuperviseJobOptions): Promise<SuperviseResult> {
  const { store, jobId, patches } = opts;
  const { layers, skipped } = await loadLayers(opts.layersDir, { repair: opts.repair });
  const rules = await loadRules(opts.rulesFile);
  for (const layer of layers) await storeLayer(store, layer);

  const index = new LayerIndex(layers, workFrame(patches[0]?.crs ?? null, centreOf(patches, layers)));
  const overlays = overlayPatches(patches, index);
  await store.layers.replaceOverlaps(
    jobId,
    overlays.flatMap((o) =>
      o.overlaps.map((x) => ({ patchId: x.patchId, layerId: x.layer, layerKind: x.kind, featureIndex: x.featureIndex, featureId: x.featureId, overlapM2: x.overlapM2, share: x.share })),
    ),
  );

  const { active, skipped: skippedRules } = activeRules(rules, index.kinds());
  const property = featureLookup(layers);
  const violations: ViolationCandidate[] = [];
  for (let i = 0; i < patches.length; i++) violations.push(...evaluatePatch(patches[i], overlays[i], active, property));
  await store.violations.replace(
    jobId,
    violations.map((v) => ({ patchId: v.patchId, ruleId: v.ruleId, severity: v.severity, message: v.message, evidence: { title: v.title, ...v.evidence } })),
  );

  const byId = new Map(patches.map((p) => [p.id, p]));
  const files = { violations: join(opts.outDir, 'violations.geojson'), summary: join(opts.outDir, 'supervision.json') };
  await writeViolationsGeoJson(
    files.violations,
    violations.map((v) => ({ violation: v, geometry: patchGeoJson(byId.get(v.patchId)) })),
  );
  const result: SuperviseResult = {
    jobId,
    ...summarizeSupervision(patches, overlays as PatchOverlay[], violations),
    layers: layers.map((l) => ({ name: l.name, kind: l.kind, file: l.file, features: l.features.length, invalid: l.problems.filter((p) => p.action === 'excluded').length })),
    problems: layers.flatMap((l) => l.problems),
    skippedFiles: skipped,
    skippedRules,
    warnings: opts.sceneBboxLonLat ? layersOutside(layers, opts.sceneBboxLonLat) : [],
    rulesSource: rules.source,
    files,
  };
  const tmp = `${files.summary}.tmp-${process.pid}`;
  await writeFile(tmp, `${JSON.stringify(result, null, 2)}\n`);
  await rename(tmp, files.summary);
  return result;
}

/** One warning per layer that has features but none of them meets the scene (lon/lat bboxes). */
export function layersOutside(layers: readonly Layer[], scene: Bbox): string[] {
  const out: string[] = [];
  const meets = (b: Bbox) => b[0] <= scene[2] && b[2] >= scene[0] && b[1] <= scene[3] && b[3] >= scene[1];
  const f6 = (v: number) => (Number.isFinite(v) ? v.toFixed(6) : String(v));
  for (const l of layers) {
    if (l.features.length === 0 || l.features.some((f) => meets(f.bboxLonLat))) continue;
    const e: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
    for (const f of l.features) {
      e[0] = Math.min(e[0], f.bboxLonLat[0]);
      e[1] = Math.min(e[1], f.bboxLonLat[1]);
      e[2] = Math.max(e[2], f.bboxLonLat[2]);
      e[3] = Math.max(e[3], f.bboxLonLat[3]);
    }
    out.push(
      `${l.file}: none of its ${l.features.length} features lies in the scene (layer lon ${f6(e[0])}..${f6(e[2])}, lat ${f6(e[1])}..${f6(e[3])}; ` +
        `scene lon ${f6(scene[0])}..${f6(scene[2])}, lat ${f6(scene[1])}..${f6(scene[3])}), so it can flag nothing; ` +
        `check its CRS (${l.crs.epsg === null ? 'custom' : `EPSG:${l.crs.epsg}`}${l.crs.epsg === 4326 ? ', the default when a file has no crs member' : ''}) and that it is the right area`,
    );
  }
  return out;
}

/** Imports one layer into the store (replacing an earlier import of the same name). */
export async function storeLayer(store: Store, layer: Layer): Promise<void> {
  const rows: LayerFeatureRow[] = layer.features.map((f) => ({
    featureIndex: f.index,
    featureId: f.id,
    properties: f.properties,
    geojson: layerFeatureGeoJson(f, layer.crs),
    bboxLonLat: f.bboxLonLat,
    repaired: f.repaired,
  }));
  await store.layers.replace(
    {
      id: layer.name,
      kind: layer.kind,
      sourceFile: layer.file,
      epsg: layer.crs.epsg,
      proj4: layer.crs.proj4,
      featureCount: layer.featureCount,
      problems: layer.problems.map((p) => ({ index: p.index, id: p.id, kind: p.kind, message: p.message, action: p.action })),
    },
    rows,
  );
}

/** Feature property look-up by (layer name, feature index). */
export function featureLookup(layers: readonly Layer[]) {
  const map = new Map<string, Layer['features'][number]>();
  for (const l of layers) for (const f of l.features) map.set(`${l.name}\0${f.index}`, f);
  return (layer: string, index: number, property: string) => map.get(`${layer}\0${index}`)?.properties[property];
}

/** Centre (lon/lat) of the patches, else of the layers: where an equal-area frame is centred. */
function centreOf(patches: readonly SupervisePatch[], layers: readonly Layer[]): [number, number] {
  if (patches.length > 0) {
    let lon = 0;
    let lat = 0;
    for (const p of patches) {
      lon += p.centroidLonLat[0];
      lat += p.centroidLonLat[1];
    }
    return [lon / patches.length, lat / patches.length];
  }
  for (const l of layers) {
    const f = l.features[0];
    if (f) return [(f.bboxLonLat[0] + f.bboxLonLat[2]) / 2, (f.bboxLonLat[1] + f.bboxLonLat[3]) / 2];
  }
  return [0, 0];
}


function patchGeoJson(p: SupervisePatch | undefined): string {
  if (p === undefined) return 'null';
  return p.geojson ?? polygonsGeoJson([p.rings], p.crs);
}
