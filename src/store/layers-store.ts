import { appendRows } from './append-rows.ts';
import type { SqlRow, StoreDb } from './store-db.ts';
import { StoreError } from './store-error.ts';
import { readInt, readIso, readJson, readJsonObject, readNumber, readOptInt, readString } from './row-read.ts';

/** One imported planning/management layer (src/supervise reads and validates the file). */
export interface LayerInput {
  /** file stem, unique among layers; importing the same id again replaces the layer */
  id: string;
  kind: string;
  sourceFile: string;
  epsg: number | null;
  proj4: string;
  /** features in the file, valid or not */
  featureCount: number;
  /** invalid geometries as reported by the importer */
  problems: readonly Record<string, unknown>[];
  imported?: string;
}

export interface LayerRecord extends Omit<LayerInput, 'imported'> {
  imported: string;
  /** features kept (valid or repaired) */
  storedFeatures: number;
}

export interface LayerFeatureRow {
  featureIndex: number;
  featureId: string;
  properties: Record<string, unknown> | null;
  /** RFC 7946 geometry (lon/lat) as text */
  geojson: string;
  /** [west, south, east, north] */
  bboxLonLat: readonly [number, number, number, number];
  repaired: boolean;
}

export interface LayerFeatureRecord extends LayerFeatureRow {
  layerId: string;
}

export interface OverlapRow {
  patchId: string;
  layerId: string;
  layerKind: string;
  featureIndex: number;
  featureId: string;
  overlapM2: number;
  share: number;
}

export interface OverlapRecord extends OverlapRow {
  jobId: string;
}

export interface ViolationSummaryRow {
  ruleId: string;
  severity: string;
  reviewStatus: string;
  violations: number;
  patches: number;
  areaM2: number;
}

export interface ZoneTransitionRow {
  layerKind: string;
  code: number;
  fromClass: number | null;
  toClass: number | null;
  patches: number;
  overlapM2: number;
}

export interface LayersStore {
  /** Replaces the layer with this id and all its features, in one transaction. */
  replace(layer: LayerInput, features: readonly LayerFeatureRow[]): Promise<LayerRecord>;
  list(): Promise<LayerRecord[]>;
  /** Features of a layer whose bbox meets `bboxLonLat` (all when absent), by index. */
  features(layerId: string, bboxLonLat?: readonly [number, number, number, number]): Promise<LayerFeatureRecord[]>;
  /** Replaces a job's patch × feature overlaps in one transaction. */
  replaceOverlaps(jobId: string, rows: readonly OverlapRow[]): Promise<void>;
  overlaps(jobId: string, patchId?: string): Promise<OverlapRecord[]>;
  /** Rule hits by rule, severity and review status. */
  violationSummary(jobId: string): Promise<ViolationSummaryRow[]>;
  /** Changed area inside each layer kind by transition. */
  zoneTransitions(jobId: string): Promise<ZoneTransitionRow[]>;
}

export function createLayersStore(db: StoreDb): LayersStore {
  return {
    replace: (layer, features) => {
      if (!/^[^\s/\\]{1,200}$/.test(layer.id)) {
        return Promise.reject(new StoreError('E_STORE_INVALID', `layer id ${JSON.stringify(layer.id)} must be 1–200 characters without spaces or slashes`, { layer: layer.id }));
      }
      const imported = layer.imported ?? new Date().toISOString();
      return db.transaction(async (s) => {
        await s.run('delete_layer_features', [layer.id]);
        await s.run('delete_layer', [layer.id]);
        await s.run('insert_layer', [layer.id, layer.kind, layer.sourceFile, layer.epsg, layer.proj4, layer.featureCount, JSON.stringify(layer.problems), imported]);
        // column order of layer_features in 0003_layers.sql
        await appendRows(
          s,
          'layer_features',
          features,
          (a, f) => {
            a.appendVarchar(layer.id);
            a.appendInteger(f.featureIndex);
            a.appendVarchar(f.featureId);
            if (f.properties === null) a.appendNull();
            else a.appendVarchar(JSON.stringify(f.properties));
            a.appendVarchar(f.geojson);
            a.appendDouble(f.bboxLonLat[0]);
            a.appendDouble(f.bboxLonLat[1]);
            a.appendDouble(f.bboxLonLat[2]);
            a.appendDouble(f.bboxLonLat[3]);
            a.appendBoolean(f.repaired);
            a.endRow();
          },
          (f) => `layer ${layer.id}: feature ${f.featureIndex} (${f.featureId})`,
        );
        const { imported: _i, ...rest } = layer;
        return { ...rest, problems: [...layer.problems], imported: new Date(imported).toISOString(), storedFeatures: features.length };
      });
    },

    list: () => db.exclusive(async (s) => (await s.all('list_layers')).map(toLayer)),

    features: (layerId, bbox) =>
      db.exclusive(async (s) =>
        (await s.all('select_layer_features', [layerId, ...(bbox ?? [-Infinity, -Infinity, Infinity, Infinity])])).map(
          (row: SqlRow): LayerFeatureRecord => ({
            layerId: readString(row, 'layer_id'),
            featureIndex: readInt(row, 'feature_index'),
            featureId: readString(row, 'feature_id'),
            properties: readJsonObject(row, 'properties'),
            geojson: readString(row, 'geojson'),
            bboxLonLat: [readNumber(row, 'lon_min'), readNumber(row, 'lat_min'), readNumber(row, 'lon_max'), readNumber(row, 'lat_max')],
            repaired: row.repaired === true,
          }),
        ),
      ),

    replaceOverlaps: (jobId, rows) =>
      db.transaction(async (s) => {
        await s.run('delete_overlaps', [jobId]);
        await appendRows(
          s,
          'patch_overlaps',
          rows,
          (a, o) => {
            a.appendVarchar(jobId);
            a.appendVarchar(o.patchId);
            a.appendVarchar(o.layerId);
            a.appendVarchar(o.layerKind);
            a.appendInteger(o.featureIndex);
            a.appendVarchar(o.featureId);
            a.appendDouble(o.overlapM2);
            a.appendDouble(o.share);
            a.endRow();
          },
          (o) => `job ${jobId}: patch ${o.patchId} × ${o.layerId}#${o.featureIndex}`,
        );
      }),

    overlaps: (jobId, patchId) =>
      db.exclusive(async (s) =>
        (await s.all('list_overlaps', [jobId, patchId ?? null])).map(
          (row: SqlRow): OverlapRecord => ({
            jobId: readString(row, 'job_id'),
            patchId: readString(row, 'patch_id'),
            layerId: readString(row, 'layer_id'),
            layerKind: readString(row, 'layer_kind'),
            featureIndex: readInt(row, 'feature_index'),
            featureId: readString(row, 'feature_id'),
            overlapM2: readNumber(row, 'overlap_m2'),
            share: readNumber(row, 'share'),
          }),
        ),
      ),

    violationSummary: (jobId) =>
      db.exclusive(async (s) =>
        (await s.all('select_violation_summary', [jobId])).map(
          (row: SqlRow): ViolationSummaryRow => ({
            ruleId: readString(row, 'rule_id'),
            severity: readString(row, 'severity'),
            reviewStatus: readString(row, 'review_status'),
            violations: readInt(row, 'violations'),
            patches: readInt(row, 'patches'),
            areaM2: readNumber(row, 'area_m2'),
          }),
        ),
      ),

    zoneTransitions: (jobId) =>
      db.exclusive(async (s) =>
        (await s.all('select_zone_transitions', [jobId])).map(
          (row: SqlRow): ZoneTransitionRow => ({
            layerKind: readString(row, 'layer_kind'),
            code: readInt(row, 'code'),
            fromClass: readOptInt(row, 'from_class'),
            toClass: readOptInt(row, 'to_class'),
            patches: readInt(row, 'patches'),
            overlapM2: readNumber(row, 'overlap_m2'),
          }),
        ),
      ),
  };
}

function toLayer(row: SqlRow): LayerRecord {
  const problems = readJson(row, 'problems');
  return {
    id: readString(row, 'id'),
    kind: readString(row, 'kind'),
    sourceFile: readString(row, 'source_file'),
    epsg: readOptInt(row, 'epsg'),
    proj4: readString(row, 'proj4'),
    featureCount: readInt(row, 'feature_count'),
    problems: Array.isArray(problems) ? (problems as Record<string, unknown>[]) : [],
    imported: readIso(row, 'imported_at'),
    storedFeatures: readInt(row, 'stored_features'),
  };
}
