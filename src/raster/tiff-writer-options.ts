import { RasterError } from './raster-error.ts';
import type { GeoTransform, PixelArray, SampleType } from './raster-types.ts';

export interface TiffWriterOptions {
  width: number;
  height: number;
  bands: number;
  sampleType: SampleType;
  /** px, default 512, multiple of 16 */
  tileSize?: number;
  /** default deflate (zlib, level `deflateLevel`, default 6) */
  compression?: 'deflate' | 'none';
  deflateLevel?: number;
  /** default 2 for integer types, 1 for float; 3 (floating point) only for float types; ignored without compression */
  predictor?: 1 | 2 | 3;
  /** GDAL_NODATA (tag 42113); also the fill of tiles never written */
  nodata?: number | null;
  epsg?: number | null;
  /** true: GeographicTypeGeoKey, false: ProjectedCSTypeGeoKey; default from a short list of geographic codes */
  geographic?: boolean;
  /** north-up → ModelPixelScale + ModelTiepoint; rotated → ModelTransformation */
  geoTransform?: GeoTransform | null;
  /**
   * a source's GeoKeys (RasterGeo.geoKeys), written as they are when `epsg` is null: a user-defined CRS
   * (tmerc/cea/lcc parameters, ellipsoid) then survives into the output. RasterType is always PixelIsArea.
   */
  geoKeys?: Record<number, number | string | number[]> | null;
  /** decimation factors (e.g. [2,4,8]; level size floor(size/f)); 'auto' (default) halves until ≤ tileSize; [] none */
  overviews?: number[] | 'auto';
  /** default nearest; mode for categorical codes */
  overviewResampling?: 'nearest' | 'average' | 'mode';
  /** GDAL_METADATA (42112) dataset items */
  metadata?: Record<string, string>;
  /** GDAL_METADATA band items (role="description") */
  bandDescriptions?: string[];
  /** rgb only when bands >= 3 and uint8; bands beyond the colour ones become ExtraSamples */
  photometric?: 'minisblack' | 'rgb';
  /** 'auto' (default): BigTIFF only when the file would pass 4 GiB; true forces it */
  bigTiff?: boolean | 'auto';
}

export type TypedArrayCtor =
  | Uint8ArrayConstructor
  | Int8ArrayConstructor
  | Uint16ArrayConstructor
  | Int16ArrayConstructor
  | Uint32ArrayConstructor
  | Int32ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor;

export interface SampleInfo {
  bytes: 1 | 2 | 4 | 8;
  /** TIFF SampleFormat: 1 unsigned, 2 signed, 3 float */
  format: 1 | 2 | 3;
  ctor: TypedArrayCtor;
  min: number;
  max: number;
}

export const SAMPLE_INFO: Record<SampleType, SampleInfo> = {
  uint8: { bytes: 1, format: 1, ctor: Uint8Array, min: 0, max: 255 },
  int8: { bytes: 1, format: 2, ctor: Int8Array, min: -128, max: 127 },
  uint16: { bytes: 2, format: 1, ctor: Uint16Array, min: 0, max: 65535 },
  int16: { bytes: 2, format: 2, ctor: Int16Array, min: -32768, max: 32767 },
  uint32: { bytes: 4, format: 1, ctor: Uint32Array, min: 0, max: 4294967295 },
  int32: { bytes: 4, format: 2, ctor: Int32Array, min: -2147483648, max: 2147483647 },
  float32: { bytes: 4, format: 3, ctor: Float32Array, min: -Infinity, max: Infinity },
  float64: { bytes: 8, format: 3, ctor: Float64Array, min: -Infinity, max: Infinity },
};

export interface LevelGeometry {
  width: number;
  height: number;
  tilesAcross: number;
  tilesDown: number;
}

/** Options checked and completed: everything the writer needs, no defaults left to apply. */
export interface WriterPlan {
  path: string;
  width: number;
  height: number;
  bands: number;
  sampleType: SampleType;
  sample: SampleInfo;
  tileSize: number;
  /** TIFF Compression: 1 none, 8 deflate */
  compression: 1 | 8;
  deflateLevel: number;
  predictor: 1 | 2 | 3;
  nodata: number | null;
  /** value of never-written tiles: nodata, else 0 */
  fillValue: number;
  epsg: number | null;
  geographic: boolean;
  geoTransform: GeoTransform | null;
  /** user-defined CRS keys (only when epsg is null), else null */
  geoKeys: Record<number, number | string | number[]> | null;
  /** [0] is full resolution, then overviews from largest to smallest */
  levels: LevelGeometry[];
  resampling: 'nearest' | 'average' | 'mode';
  metadata: Record<string, string>;
  bandDescriptions: string[];
  /** TIFF Photometric: 1 minisblack, 2 rgb */
  photometric: 1 | 2;
  extraSamples: number;
  bigTiff: boolean | 'auto';
}

/** Geographic EPSG codes recognised when `geographic` is not given (raster may not import the vector room). */
const GEOGRAPHIC_EPSG = new Set([4326, 4490, 4269, 4258, 4267, 4283, 4214, 4610, 4612, 4674, 4019, 4979]);

export function resolveWriterOptions(path: string, o: TiffWriterOptions): WriterPlan {
  const fail = (what: string): never => {
    throw new RasterError('E_RASTER_WRITE', `${path}: ${what}`, { file: path });
  };
  if (typeof o !== 'object' || o === null) fail('options missing');
  if (!isPositiveInt(o.width) || !isPositiveInt(o.height)) fail(`bad size ${o.width}×${o.height}`);
  if (o.width > 0x7fffffff || o.height > 0x7fffffff) fail(`size ${o.width}×${o.height} too large`);
  if (!isPositiveInt(o.bands) || o.bands > 65535) fail(`bad band count ${o.bands}`);
  const sample = SAMPLE_INFO[o.sampleType];
  if (sample === undefined) fail(`unsupported sample type ${String(o.sampleType)}`);
  const tileSize = o.tileSize ?? 512;
  if (!isPositiveInt(tileSize) || tileSize % 16 !== 0 || tileSize > 16384) {
    fail(`tile size ${tileSize} must be a positive multiple of 16 (≤ 16384)`);
  }
  const compression = o.compression ?? 'deflate';
  if (compression !== 'deflate' && compression !== 'none') fail(`unsupported compression ${String(compression)}`);
  const deflateLevel = o.deflateLevel ?? 6;
  if (!Number.isInteger(deflateLevel) || deflateLevel < 0 || deflateLevel > 9) fail(`deflate level ${deflateLevel} not in 0..9`);
  const isFloat = sample.format === 3;
  let predictor = o.predictor ?? (isFloat ? 1 : 2);
  if (predictor !== 1 && predictor !== 2 && predictor !== 3) fail(`predictor ${String(predictor)} not in 1..3`);
  if (predictor === 2 && (isFloat || sample.bytes === 8)) fail(`predictor 2 needs an integer sample type, not ${o.sampleType}`);
  if (predictor === 3 && !isFloat) fail(`predictor 3 needs a float sample type, not ${o.sampleType}`);
  // libtiff applies predictors only inside codecs: an uncompressed tile must hold plain samples
  if (compression === 'none') predictor = 1;

  const nodata = o.nodata ?? null;
  if (nodata !== null) {
    if (typeof nodata !== 'number') fail(`nodata must be a number`);
    if (!isFloat && (!Number.isInteger(nodata) || nodata < sample.min || nodata > sample.max)) {
      fail(`nodata ${nodata} does not fit ${o.sampleType}`);
    }
  }
  const epsg = o.epsg ?? null;
  if (epsg !== null && (!Number.isInteger(epsg) || epsg < 1 || epsg > 65535)) fail(`bad EPSG code ${epsg}`);
  const geographic = o.geographic ?? (epsg !== null && GEOGRAPHIC_EPSG.has(epsg));
  const geoTransform = o.geoTransform ?? null;
  if (geoTransform !== null) {
    if (!Array.isArray(geoTransform) || geoTransform.length !== 6 || !geoTransform.every(Number.isFinite)) {
      fail('geoTransform must be 6 finite numbers');
    }
    if (geoTransform[1] === 0 || geoTransform[5] === 0) fail('geoTransform has a zero pixel size');
  }

  const photometricName = o.photometric ?? 'minisblack';
  if (photometricName === 'rgb' && (o.bands < 3 || o.sampleType !== 'uint8')) {
    fail(`photometric rgb needs ≥ 3 uint8 bands (got ${o.bands} ${o.sampleType})`);
  }
  if (photometricName !== 'rgb' && photometricName !== 'minisblack') fail(`bad photometric ${String(photometricName)}`);
  const photometric = photometricName === 'rgb' ? 2 : 1;
  const extraSamples = o.bands - (photometric === 2 ? 3 : 1);

  const resampling = o.overviewResampling ?? 'nearest';
  if (resampling !== 'nearest' && resampling !== 'average' && resampling !== 'mode') {
    fail(`bad overview resampling ${String(resampling)}`);
  }
  const levels = [levelOf(o.width, o.height, tileSize)];
  const factors = overviewFactors(o.overviews ?? 'auto', o.width, o.height, tileSize, fail);
  for (const f of factors) {
    levels.push(levelOf(Math.max(1, Math.floor(o.width / f)), Math.max(1, Math.floor(o.height / f)), tileSize));
  }

  const metadata = o.metadata ?? {};
  for (const [k, v] of Object.entries(metadata)) {
    if (k.length === 0 || typeof v !== 'string') fail(`metadata item ${k} must be a non-empty key with a string value`);
  }
  const bandDescriptions = o.bandDescriptions ?? [];
  if (!Array.isArray(bandDescriptions) || bandDescriptions.length > o.bands) {
    fail(`${bandDescriptions.length} band descriptions for ${o.bands} bands`);
  }
  const bigTiff = o.bigTiff ?? 'auto';

  return {
    path, width: o.width, height: o.height, bands: o.bands, sampleType: o.sampleType, sample, tileSize,
    compression: compression === 'deflate' ? 8 : 1, deflateLevel, predictor, nodata,
    fillValue: nodata ?? 0, epsg, geographic, geoTransform,
    geoKeys: epsg === null && o.geoKeys && Object.keys(o.geoKeys).length > 0 ? o.geoKeys : null, levels, resampling, metadata,
    bandDescriptions, photometric, extraSamples, bigTiff,
  };
}

/** 'auto' follows GDAL's COG driver: halve (floor) while either side exceeds the tile size. */
function overviewFactors(
  spec: number[] | 'auto',
  width: number,
  height: number,
  tileSize: number,
  fail: (what: string) => never,
): number[] {
  if (spec === 'auto') {
    const out: number[] = [];
    let f = 1;
    while (Math.floor(width / f) > tileSize || Math.floor(height / f) > tileSize) {
      f *= 2;
      out.push(f);
    }
    return out;
  }
  if (!Array.isArray(spec)) fail('overviews must be an array of factors or "auto"');
  let prev = 1;
  for (const f of spec) {
    if (!Number.isInteger(f) || f <= prev) fail(`overview factors must be increasing integers ≥ 2 (got ${spec.join(',')})`);
    prev = f;
  }
  return spec;
}

export function levelOf(width: number, height: number, tileSize: number): LevelGeometry {
  return { width, height, tilesAcross: Math.ceil(width / tileSize), tilesDown: Math.ceil(height / tileSize) };
}

function isPositiveInt(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n > 0;
}

export function isPixelArrayOf(a: unknown, sample: SampleInfo): a is PixelArray {
  return a instanceof sample.ctor;
}
