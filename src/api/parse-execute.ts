import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { DetectParams, ProcessId } from '../jobs/job-types.ts';
import { JobError } from '../jobs/jobs-error.ts';
import { BAND_ROLE_NAMES } from '../kernels/band-roles.ts';
import { REMAP_PRESETS, remapPreset } from '../kernels/remap-presets.ts';
import { ApiError } from './api-error.ts';
import { INPUT_DEFAULTS, INPUTS, type InputName, type ProcessDef } from './process-catalog.ts';
import { resolveDataPath } from './resolve-data-path.ts';

type Inputs = Record<string, unknown>;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function bad(name: string, what: string): JobError {
  return new JobError('E_JOB_INPUT', `${name}: ${what}`, { input: name });
}

function optString(inputs: Inputs, name: InputName): string | undefined {
  const v = inputs[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw bad(name, 'expected a string');
  return v;
}

function num(inputs: Inputs, name: InputName, fallback: number, integer: boolean): number {
  const v = inputs[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (integer && !Number.isInteger(v))) {
    throw bad(name, integer ? 'expected a non-negative integer' : 'expected a non-negative number');
  }
  return v;
}

function parseThreshold(inputs: Inputs): 'otsu' | number {
  const v = inputs.threshold;
  if (v === undefined || v === 'otsu') return 'otsu';
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  throw bad('threshold', "expected 'otsu' or a number >= 0");
}

function parseBandRolesInput(inputs: Inputs): DetectParams['bandRoles'] {
  const v = inputs.band_roles;
  if (v === undefined) return undefined;
  const roles: readonly string[] = BAND_ROLE_NAMES;
  if (!isRecord(v) || !Object.entries(v).every(([k, b]) => roles.includes(k) && typeof b === 'number' && Number.isInteger(b) && b >= 0)) {
    throw bad('band_roles', `expected an object of roles (${roles.join(', ')}) → 0-based band index`);
  }
  return v as DetectParams['bandRoles'];
}

function parseBands(inputs: Inputs): number[] | undefined {
  const v = inputs.bands;
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length === 0 || !v.every((b) => typeof b === 'number' && Number.isInteger(b) && b >= 0)) {
    throw bad('bands', 'expected a non-empty array of 0-based band indices');
  }
  return v as number[];
}

async function resolveInput(inputs: Inputs, name: InputName, roots: readonly string[]): Promise<string | undefined> {
  const v = optString(inputs, name);
  const kind = INPUTS[name].path;
  if (v === undefined || kind === undefined) return v;
  return resolveDataPath(v, roots, kind, name);
}

/**
 * Narrow an execute request body (already schema-validated by fastify, re-checked here because the
 * runner must never see an unchecked value) into the runner's DetectParams. Every path input is
 * resolved inside the data roots; the output folder is `<outRoot>/<fresh uuid>`, because the job id is
 * only known after submit.
 */
export async function parseExecuteBody(p: ProcessDef, body: unknown, dataRoots: readonly string[], outRoot: string): Promise<DetectParams> {
  if (!isRecord(body) || !isRecord(body.inputs)) {
    throw new ApiError('E_API_BAD_REQUEST', 'body must be an object with an "inputs" object');
  }
  const inputs = body.inputs;
  for (const key of Object.keys(inputs)) {
    if (!p.inputs.includes(key as InputName)) throw bad(key, `not an input of process ${p.id}`);
  }
  for (const key of p.required) {
    if (inputs[key] === undefined) throw bad(key, 'required');
  }
  const modeIn = inputs.mode;
  if (modeIn !== undefined && modeIn !== 'spectral' && modeIn !== 'landuse' && modeIn !== 'combined') {
    throw bad('mode', "expected 'spectral', 'landuse' or 'combined'");
  }
  const connectivity = num(inputs, 'connectivity', INPUT_DEFAULTS.connectivity, true);
  if (connectivity !== 4 && connectivity !== 8) throw bad('connectivity', 'expected 4 or 8');
  const tileSizePx = num(inputs, 'tile_size', INPUT_DEFAULTS.tile_size, true);
  if (tileSizePx < 64 || tileSizePx % 16 !== 0) throw bad('tile_size', 'expected a multiple of 16, at least 64');
  const normalize = inputs.normalize ?? INPUT_DEFAULTS.normalize;
  if (typeof normalize !== 'boolean') throw bad('normalize', 'expected a boolean');
  const nativeCrs = inputs.native_crs ?? INPUT_DEFAULTS.native_crs;
  if (typeof nativeCrs !== 'boolean') throw bad('native_crs', 'expected a boolean');

  // resolve paths one by one so the first refused input is the one reported
  const epochAIn = await resolveInput(inputs, 'epoch_a', dataRoots);
  const epochBIn = await resolveInput(inputs, 'epoch_b', dataRoots);
  const landuseA = await resolveInput(inputs, 'landuse_a', dataRoots);
  const landuseB = await resolveInput(inputs, 'landuse_b', dataRoots);
  const layersDir = await resolveInput(inputs, 'layers', dataRoots);
  const rulesFile = await resolveInput(inputs, 'rules', dataRoots);
  // a built-in table name is not a path (loadRemap takes it as the preset)
  const remapName = optString(inputs, 'remap');
  const remapFile = remapName !== undefined && remapPreset(remapName) !== null
    ? `builtin:${remapName}`
    : await resolveInput(inputs, 'remap', dataRoots).catch((err: unknown) => {
      if (err instanceof JobError && remapName !== undefined && !/[\\/.]/.test(remapName)) {
        throw new JobError('E_JOB_INPUT', `${err.message}, and no built-in table is named "${remapName}" (built-in: ${REMAP_PRESETS.map((t) => t.name).join(', ')})`, err.details);
      }
      throw err;
    });

  let mode: DetectParams['mode'];
  let epochA: string;
  let epochB: string;
  const processId: ProcessId = p.id;
  if (processId === 'landuse-transition') {
    if (landuseA === undefined || landuseB === undefined) throw bad('landuse_a', 'landuse_a and landuse_b are required');
    if ((epochAIn === undefined) !== (epochBIn === undefined)) throw bad('epoch_b', 'give both epoch_a and epoch_b, or neither');
    mode = epochAIn === undefined ? 'landuse' : 'combined';
    epochA = epochAIn ?? landuseA;
    epochB = epochBIn ?? landuseB;
  } else {
    if (epochAIn === undefined || epochBIn === undefined) throw bad('epoch_a', 'epoch_a and epoch_b are required');
    mode = modeIn ?? 'spectral';
    if (mode === 'combined' && (landuseA === undefined || landuseB === undefined)) {
      throw bad('landuse_a', 'combined mode needs landuse_a and landuse_b');
    }
    epochA = epochAIn;
    epochB = epochBIn;
  }

  const params: DetectParams = {
    epochA,
    epochB,
    outDir: path.join(outRoot, randomUUID()),
    mode,
    threshold: parseThreshold(inputs),
    mmuM2: num(inputs, 'mmu', INPUT_DEFAULTS.mmu, false),
    mmuMode: inputs.mmu_mode === 'merge' ? 'merge' : 'drop',
    openRadiusPx: num(inputs, 'open', INPUT_DEFAULTS.open, true),
    closeRadiusPx: num(inputs, 'close', INPUT_DEFAULTS.close, true),
    connectivity,
    tileSizePx,
    normalize,
    stats: inputs.stats === 'sample' ? 'sample' : 'exact',
  };
  if (landuseA !== undefined) params.landuseA = landuseA;
  if (landuseB !== undefined) params.landuseB = landuseB;
  if (layersDir !== undefined) params.layersDir = layersDir;
  if (rulesFile !== undefined) params.rulesFile = rulesFile;
  if (remapFile !== undefined) params.remapFile = remapFile;
  if (nativeCrs) params.nativeCrs = true;
  const bands = parseBands(inputs);
  if (bands !== undefined) params.bands = bands;
  const roles = parseBandRolesInput(inputs);
  if (roles !== undefined) params.bandRoles = roles;
  return params;
}
