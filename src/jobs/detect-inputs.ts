import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { alignEpochs, openRaster, type EpochInput, type GeoTransform, type RasterSource } from '../raster/index.ts';
import { defaultBandRoles, parseBandRoles, parseRemapTable, presetRemapJson, remapPreset, REMAP_PRESETS, type BandRoles, type LanduseRemap } from '../kernels/index.ts';
import { parseJsonc } from '../util/parse-jsonc.ts';
import { crsFromGeoKeys } from '../vector/crs-from-geokeys.ts';
import { crsRef, type CrsRef } from '../vector/crs.ts';
import { LandwatchError } from '../util/landwatch-error.ts';
import { guessModeOf } from './default-mode.ts';
import { JobError } from './jobs-error.ts';
import type { DetectParams } from './job-types.ts';

export type DetectMode = DetectParams['mode'];

/** Everything a detect job needs to know about its inputs, checked up front. */
export interface DetectInputs {
  mode: DetectMode;
  imageryA: RasterSource | null;
  imageryB: RasterSource | null;
  landuseA: RasterSource | null;
  landuseB: RasterSource | null;
  width: number;
  height: number;
  geoTransform: GeoTransform;
  crs: CrsRef;
  /** 0-based bands used by CVA */
  cvaBands: number[];
  roles: BandRoles;
  /** what the user should know about the inputs (summary.json warnings, stderr) */
  warnings: string[];
  remap: LanduseRemap | null;
  /** the source block size, for aligning tiles */
  blockWidth: number;
  blockHeight: number;
}

/**
 * Opens the epochs in the mode decided (guessMode when the user did not say), checks they share one grid, and resolves the CRS, bands and remap table.
 */
export async function openDetectInputs(p: DetectParams): Promise<DetectInputs> {
  const [a, b] = await Promise.all([openRaster(p.epochA), openRaster(p.epochB)]);
  const mode = p.mode;
  let imageryA: RasterSource | null = null;
  let imageryB: RasterSource | null = null;
  let landuseA: RasterSource | null = null;
  let landuseB: RasterSource | null = null;
  if (mode === 'landuse') {
    [landuseA, landuseB] = [a, b];
  } else {
    [imageryA, imageryB] = [a, b];
    if (mode === 'combined') {
      if (!p.landuseA || !p.landuseB) {
        throw new JobError('E_JOB_INPUT', 'combined mode needs --landuse-a and --landuse-b (land-use rasters of both epochs)');
      }
      [landuseA, landuseB] = await Promise.all([openRaster(p.landuseA), openRaster(p.landuseB)]);
    }
  }
  const epochs: EpochInput[] = [];
  if (imageryA && imageryB) epochs.push({ role: 'epoch A', kind: 'imagery', src: imageryA }, { role: 'epoch B', kind: 'imagery', src: imageryB });
  if (landuseA && landuseB) epochs.push({ role: 'land use A', kind: 'landuse', src: landuseA }, { role: 'land use B', kind: 'landuse', src: landuseB });
  alignEpochs(epochs);
  for (const lu of [landuseA, landuseB]) {
    if (lu && lu.bands !== 1) throw new JobError('E_JOB_INPUT', `${lu.path}: a land-use raster must have 1 band of class codes, it has ${lu.bands}`, { file: lu.path });
    if (lu && (lu.sampleType === 'float32' || lu.sampleType === 'float64')) {
      throw new JobError('E_JOB_INPUT', `${lu.path}: land-use classes must be integers, the raster holds ${lu.sampleType}`, { file: lu.path });
    }
  }

  const ref = a;
  if (!ref.geo.geoTransform) throw new JobError('E_JOB_INPUT', `${ref.path}: no georeferencing (geotransform); areas cannot be computed`, { file: ref.path });
  const crs = resolveCrs(ref);
  const bandCount = imageryA?.bands ?? 0;
  // an alpha band (gdalwarp -dstalpha, RGBA) is a mask, not a spectral band: out of CVA and of the band roles
  const alpha = imageryA?.alphaBand ?? null;
  const spectralCount = alpha === null ? bandCount : bandCount - 1;
  const cvaBands = p.bands ?? Array.from({ length: bandCount }, (_, i) => i).filter((b) => b !== alpha);
  for (const band of cvaBands) {
    if (band < 0 || band >= bandCount) throw new JobError('E_JOB_INPUT', `band ${band + 1} does not exist: ${imageryA?.path} has ${bandCount} bands`, { file: imageryA?.path });
  }
  if (imageryA && imageryA.bands === 1) {
    // spectral on one band is fine for imagery (panchromatic); on a class map it would difference class codes
    const guess = await guessModeOf(imageryA);
    if (guess.mode === 'landuse') {
      throw new JobError(
        'E_JOB_INPUT',
        `${imageryA.path} has 1 band that looks like class codes (${guess.reason}): use --mode landuse for class rasters; single-band imagery stored as float32 is always taken as imagery`,
        { file: imageryA.path },
      );
    }
  }
  const roles = imageryA ? bandRolesOf(imageryA, p.bandRoles, alpha, spectralCount) : {};
  const warnings: string[] = [];
  if (imageryA && roles.nir === undefined) {
    warnings.push(
      `${imageryA.path}: no NIR band among its ${spectralCount} band(s), so NDVI/NDWI/NDBI cannot be computed and every change is "other" (9); ` +
        'if the imagery has NIR, say which bands are which with --band-roles (e.g. red=3,nir=4; API input band_roles)',
    );
  }
  const remap = p.remapFile ? await loadRemap(p.remapFile) : null;
  return {
    mode,
    imageryA,
    imageryB,
    landuseA,
    landuseB,
    width: ref.width,
    height: ref.height,
    geoTransform: ref.geo.geoTransform,
    crs,
    cvaBands,
    roles,
    warnings,
    remap,
    blockWidth: ref.blockWidth,
    blockHeight: ref.blockHeight,
  };
}

/**
 * Spectral roles: the user's (checked against the band count, the alpha band excluded), else the default for
 * the band count when the alpha band, if any, is the last one.
 */
function bandRolesOf(src: RasterSource, given: DetectParams['bandRoles'], alpha: number | null, spectralCount: number): BandRoles {
  if (given === undefined) return alpha === null || alpha === src.bands - 1 ? defaultBandRoles(spectralCount) : {};
  for (const [role, band] of Object.entries(given)) {
    if (band === undefined) continue;
    if (!Number.isInteger(band) || band < 0 || band >= src.bands || band === alpha) {
      const why = band === alpha ? 'is the alpha (mask) band' : `does not exist: the file has ${src.bands} bands`;
      throw new JobError('E_JOB_INPUT', `${src.path}: band role ${role} → band ${band + 1} (1-based) ${why}`, { file: src.path });
    }
  }
  return parseBandRoles(given, src.bands);
}

/** The remap table's own errors do not know the file; name it. */
function parseRemap(file: string, json: unknown): LanduseRemap {
  try {
    return parseRemapTable(json);
  } catch (err) {
    if (err instanceof LandwatchError) throw new LandwatchError(err.code, `${file}: ${err.message}`, { ...err.details, file });
    throw err;
  }
}

/**
 * `--remap`: a JSON file, or the name of a built-in table (REMAP_PRESETS) when no file of that name exists
 * (`builtin:NAME` for the table whatever files exist).
 * Every error names the file (or the preset) and says what to fix.
 */
export async function loadRemap(fileOrPreset: string): Promise<LanduseRemap> {
  // `builtin:NAME` always means the preset (the API passes that: never a file relative to the server's cwd)
  const builtin = /^builtin:(.+)$/.exec(fileOrPreset);
  if (builtin) {
    const p = remapPreset(builtin[1]);
    if (!p) throw new JobError('E_JOB_INPUT', `--remap ${fileOrPreset}: no built-in table of that name (built-in: ${REMAP_PRESETS.map((x) => x.name).join(', ')})`, { file: fileOrPreset });
    return parseRemap(`--remap ${p.name}`, presetRemapJson(p));
  }
  const preset = remapPreset(fileOrPreset);
  if (preset && !existsSync(fileOrPreset)) return parseRemap(`--remap ${preset.name}`, presetRemapJson(preset));
  if (!existsSync(fileOrPreset) && !/[\\/.]/.test(fileOrPreset)) {
    throw new JobError(
      'E_JOB_INPUT',
      `--remap ${fileOrPreset}: no such file and no built-in table of that name (built-in: ${REMAP_PRESETS.map((x) => x.name).join(', ')})`,
      { file: fileOrPreset },
    );
  }
  return parseRemap(fileOrPreset, await readJson(fileOrPreset, 'remap table'));
}

/** A small JSON input file (remap table); unreadable or malformed → E_JOB_INPUT naming the file. */
async function readJson(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new JobError('E_JOB_INPUT', `${file}: cannot read the ${what}: ${(err as Error).message}`, { file });
  }
  try {
    // a byte-order mark (Windows editors), comments and trailing commas are accepted
    return parseJsonc(text);
  } catch (err) {
    throw new JobError('E_JOB_INPUT', `${file}: the ${what} is not valid JSON: ${(err as Error).message}`, { file });
  }
}

function resolveCrs(src: RasterSource): CrsRef {
  if (src.geo.epsg !== null) {
    try {
      return crsRef(src.geo.epsg);
    } catch {
      // an EPSG code we have no definition for: fall back to the GeoKeys themselves
    }
  }
  const fromKeys = crsFromGeoKeys(src.geo.geoKeys, src.path);
  return { epsg: fromKeys.epsg, proj4: fromKeys.proj4 };
}
