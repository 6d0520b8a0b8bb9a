import type { ProcessId } from '../jobs/job-types.ts';
import { BAND_ROLE_NAMES } from '../kernels/band-roles.ts';
import type { JsonSchema } from './route-def.ts';
import { DETECT_DEFAULTS } from '../jobs/job-types.ts';

/**
 * The two processes, their inputs and outputs, in one table. The process descriptions (GET /processes/{id})
 * and the execution body schemas fastify validates with are both generated from it, so they cannot drift.
 * Input names mirror the CLI flags in snake_case.
 */
export const INPUT_DEFAULTS = {
  threshold: DETECT_DEFAULTS.threshold,
  mmu: DETECT_DEFAULTS.mmuM2,
  mmu_mode: DETECT_DEFAULTS.mmuMode,
  native_crs: false,
  open: DETECT_DEFAULTS.openRadiusPx,
  close: DETECT_DEFAULTS.closeRadiusPx,
  connectivity: DETECT_DEFAULTS.connectivity,
  tile_size: DETECT_DEFAULTS.tileSizePx,
  normalize: DETECT_DEFAULTS.normalize,
  stats: DETECT_DEFAULTS.stats,
} as const;

export type InputName =
  | 'epoch_a' | 'epoch_b' | 'mode' | 'landuse_a' | 'landuse_b' | 'threshold' | 'mmu' | 'mmu_mode' | 'native_crs' | 'open' | 'close'
  | 'connectivity' | 'tile_size' | 'layers' | 'rules' | 'remap' | 'normalize' | 'stats' | 'bands' | 'band_roles';

export interface InputDef {
  title: string;
  description: string;
  schema: JsonSchema;
  /** path inputs are resolved inside the data roots */
  path?: 'file' | 'dir';
}

const pathSchema = (what: string): JsonSchema => ({ type: 'string', minLength: 1, maxLength: 4096, description: what });

export const INPUTS: Readonly<Record<InputName, InputDef>> = {
  epoch_a: { title: 'Epoch A', description: 'GeoTIFF of the earlier epoch: a path under a data root (absolute, or relative to the roots in order).', schema: pathSchema('path under a data root'), path: 'file' },
  epoch_b: { title: 'Epoch B', description: 'GeoTIFF of the later epoch, on the same grid as epoch A.', schema: pathSchema('path under a data root'), path: 'file' },
  mode: { title: 'Mode', description: 'spectral: change vector analysis of the imagery; landuse: the epochs are class rasters; combined: imagery plus landuse_a/landuse_b.', schema: { type: 'string', enum: ['spectral', 'landuse', 'combined'], default: 'spectral' } },
  landuse_a: { title: 'Land use A', description: 'Single-band GB/T 21010 class raster for epoch A (same grid).', schema: pathSchema('path under a data root'), path: 'file' },
  landuse_b: { title: 'Land use B', description: 'Single-band GB/T 21010 class raster for epoch B (same grid).', schema: pathSchema('path under a data root'), path: 'file' },
  threshold: {
    title: 'Threshold',
    description: "'otsu' for a global Otsu threshold from the whole scene's histogram, or a fixed change-magnitude value (>= 0).",
    // string branch first: ajv's type coercion mutates data inside oneOf, and this order leaves numbers as numbers
    schema: { oneOf: [{ type: 'string', enum: ['otsu'] }, { type: 'number', minimum: 0 }], default: INPUT_DEFAULTS.threshold },
  },
  mmu: { title: 'Minimum mapping unit (m²)', description: 'Patches smaller than this area in m² are dropped, after stitching across tiles.', schema: { type: 'number', minimum: 0, maximum: 1e12, default: INPUT_DEFAULTS.mmu } },
  mmu_mode: {
    title: 'MMU mode',
    description: "drop: patches under the MMU are removed. merge: every polygon under the MMU (no-change areas included) is merged into its largest neighbour exactly like gdal_sieve.py -st ceil(mmu / pixel area), on the stitched raster; change.tif then holds the sieved codes.",
    schema: { type: 'string', enum: ['drop', 'merge'], default: INPUT_DEFAULTS.mmu_mode },
  },
  native_crs: {
    title: 'Native-CRS GeoJSON',
    description: "Also write patches-native.geojson in the raster's own CRS with a legacy crs member (as gdal_polygonize writes it); patches.geojson stays RFC 7946 lon/lat.",
    schema: { type: 'boolean', default: INPUT_DEFAULTS.native_crs },
  },
  open: { title: 'Opening radius (px)', description: 'Morphological opening radius in pixels; 0 = none.', schema: { type: 'integer', minimum: 0, maximum: 32, default: INPUT_DEFAULTS.open } },
  close: { title: 'Closing radius (px)', description: 'Morphological closing radius in pixels; 0 = none.', schema: { type: 'integer', minimum: 0, maximum: 32, default: INPUT_DEFAULTS.close } },
  connectivity: { title: 'Connectivity', description: 'Pixel connectivity of patches: 4 or 8.', schema: { type: 'integer', enum: [4, 8], default: INPUT_DEFAULTS.connectivity } },
  tile_size: { title: 'Tile size (px)', description: 'Processing tile edge in pixels, a multiple of 16. Output does not depend on it.', schema: { type: 'integer', minimum: 64, maximum: 8192, multipleOf: 16, default: INPUT_DEFAULTS.tile_size } },
  layers: { title: 'Supervision layers', description: 'Folder of planning/approval GeoJSON layers under a data root.', schema: pathSchema('folder under a data root'), path: 'dir' },
  rules: { title: 'Rules', description: 'Rules file under a data root (default rules when absent).', schema: pathSchema('path under a data root'), path: 'file' },
  remap: { title: 'Class remap', description: 'Class remap file under a data root, or the name of a built-in table (esa-worldcover, esa-cci, esri-lulc, dynamic-world, globeland30, nlcd, clcd), for land-use rasters not in GB/T 21010 codes.', schema: pathSchema('path under a data root, or a built-in table name'), path: 'file' },
  normalize: { title: 'Normalize', description: 'Normalise epoch B onto epoch A by global mean/std per band.', schema: { type: 'boolean', default: INPUT_DEFAULTS.normalize } },
  stats: { title: 'Statistics', description: "Statistics for the normalisation: 'exact' (every source block) or 'sample' (a spread quarter of the blocks; small scenes are read whole).", schema: { type: 'string', enum: ['exact', 'sample'], default: INPUT_DEFAULTS.stats } },
  bands: { title: 'Bands', description: '0-based band indices used by change vector analysis; default all bands.', schema: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 255 }, minItems: 1, maxItems: 64, uniqueItems: true } },
  band_roles: {
    title: 'Band roles',
    description: 'Which 0-based band is which spectral role, e.g. {"red": 2, "nir": 3}; default by band count (4 = B,G,R,NIR; 6 = Landsat TM/ETM+; 13 = Sentinel-2). Without a NIR band every change is "other".',
    schema: {
      type: 'object',
      properties: Object.fromEntries(BAND_ROLE_NAMES.map((r) => [r, { type: 'integer', minimum: 0, maximum: 255 }])),
      additionalProperties: false,
    },
  },
};

export type OutputName =
  | 'change.tif' | 'patches.geojson' | 'patches.parquet' | 'patches.csv' | 'patches.fgb' | 'transitions.csv' | 'summary.json' | 'violations.geojson';

export interface OutputDef {
  title: string;
  mediaType: string;
}

export const OUTPUTS: Readonly<Record<OutputName, OutputDef>> = {
  'change.tif': { title: 'uint8 change codes (0 = no change, 255 = nodata), tiled deflate COG', mediaType: 'image/tiff; application=geotiff; profile=cloud-optimized' },
  'patches.geojson': { title: 'RFC 7946 change polygons with attributes', mediaType: 'application/geo+json' },
  'patches.parquet': { title: 'GeoParquet patches in the native CRS', mediaType: 'application/vnd.apache.parquet' },
  'patches.csv': { title: 'patches as WKT + attributes', mediaType: 'text/csv' },
  'patches.fgb': { title: 'patches as FlatGeobuf (native CRS, spatial index)', mediaType: 'application/flatgeobuf' },
  'transitions.csv': { title: 'from,to,pixels,area_m2 (landuse/combined modes)', mediaType: 'text/csv' },
  'summary.json': { title: 'parameters, threshold, counts and areas by type, timings', mediaType: 'application/json' },
  'violations.geojson': { title: 'rule violations (when layers were given)', mediaType: 'application/geo+json' },
};

export interface ProcessDef {
  id: ProcessId;
  title: string;
  description: string;
  inputs: readonly InputName[];
  required: readonly InputName[];
  outputs: readonly OutputName[];
}

const COMMON: readonly InputName[] = ['mmu', 'mmu_mode', 'open', 'close', 'connectivity', 'tile_size', 'layers', 'rules', 'remap'];

export const PROCESSES: readonly ProcessDef[] = [
  {
    id: 'change-detection',
    title: 'Change detection between two epochs',
    description: 'Seam-free change polygons between two co-registered GeoTIFF epochs (spectral CVA, land-use transitions or both).',
    inputs: ['epoch_a', 'epoch_b', 'mode', 'landuse_a', 'landuse_b', 'threshold', 'normalize', 'stats', 'bands', 'band_roles', ...COMMON],
    required: ['epoch_a', 'epoch_b'],
    outputs: ['change.tif', 'patches.geojson', 'patches.parquet', 'patches.csv', 'patches.fgb', 'transitions.csv', 'summary.json', 'violations.geojson'],
  },
  {
    id: 'landuse-transition',
    title: 'Land-use transitions between two classified epochs',
    description: 'Transition polygons between two GB/T 21010 class rasters; with epoch_a and epoch_b imagery also given, transitions are checked against spectral change (combined mode).',
    inputs: ['landuse_a', 'landuse_b', 'epoch_a', 'epoch_b', 'threshold', 'normalize', 'stats', 'bands', 'band_roles', ...COMMON],
    required: ['landuse_a', 'landuse_b'],
    outputs: ['change.tif', 'patches.geojson', 'patches.parquet', 'patches.csv', 'patches.fgb', 'transitions.csv', 'summary.json', 'violations.geojson'],
  },
];

export function findProcess(id: string): ProcessDef | undefined {
  return PROCESSES.find((p) => p.id === id);
}

/** JSON Schema of `POST /processes/{id}/execution` for one process (OGC execute request, JSON). */
export function executeBodySchema(p: ProcessDef): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const name of p.inputs) properties[name] = { title: INPUTS[name].title, ...INPUTS[name].schema };
  return {
    type: 'object',
    required: ['inputs'],
    additionalProperties: false,
    properties: {
      inputs: { type: 'object', required: [...p.required], additionalProperties: false, properties },
      outputs: { type: 'object', description: 'accepted and ignored: every output is always produced' },
      response: { type: 'string', enum: ['document', 'raw'], description: "accepted; results are always a 'document'" },
      subscriber: { type: 'object', description: 'accepted and ignored: no callbacks' },
    },
  };
}

/** OGC process description (processes-1 core, ogc-process-description). */
export function processDescription(p: ProcessDef): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const name of p.inputs) {
    const d = INPUTS[name];
    inputs[name] = { title: d.title, description: d.description, schema: d.schema, minOccurs: p.required.includes(name) ? 1 : 0, maxOccurs: 1 };
  }
  const outputs: Record<string, unknown> = {};
  for (const name of p.outputs) {
    const d = OUTPUTS[name];
    outputs[name] = { title: d.title, schema: { type: 'string', contentMediaType: d.mediaType, contentEncoding: 'binary' } };
  }
  return { ...processSummary(p), inputs, outputs };
}

export function processSummary(p: ProcessDef): Record<string, unknown> {
  return {
    id: p.id,
    title: p.title,
    description: p.description,
    version: '1.0.0',
    jobControlOptions: ['async-execute', 'sync-execute', 'dismiss'],
    outputTransmission: ['reference'],
  };
}
