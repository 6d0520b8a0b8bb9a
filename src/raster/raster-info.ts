import type { BandStats } from './band-stats.ts';
import type { GeoTransform, RasterSource, SampleType } from './raster-types.ts';

/** JSON has no NaN/Infinity: nodata travels as a number or one of these strings. */
export type JsonNumber = number | 'nan' | 'inf' | '-inf';

export interface BandInfo {
  /** 1-based, as gdalinfo prints */
  index: number;
  dtype: SampleType;
  nodata: JsonNumber | null;
  min?: number | null;
  max?: number | null;
  mean?: number | null;
  std?: number | null;
  validCount?: number;
}

export interface RasterInfo {
  file: string;
  fileBytes: number;
  width: number;
  height: number;
  bandCount: number;
  bands: BandInfo[];
  dtype: SampleType;
  compression: string;
  compressionCode: number;
  predictor: 1 | 2 | 3;
  tiling: { tiled: boolean; blockWidth: number; blockHeight: number };
  /** 'pixel' = chunky (PlanarConfiguration 1), 'band' = planar (2) */
  planar: 'pixel' | 'band';
  nodata: JsonNumber | null;
  epsg: number | null;
  geographic: boolean | null;
  rasterType: 'area' | 'point';
  geotransform: GeoTransform | null;
  pixelSize: { x: number; y: number } | null;
  bounds: { minX: number; minY: number; maxX: number; maxY: number } | null;
  overviews: Array<{ width: number; height: number }>;
  bigTiff: boolean;
  byteOrder: 'little' | 'big';
  photometric: number;
  colorTable: boolean;
  /** 1-based alpha band (its 0 pixels are nodata), null when none */
  alphaBand: number | null;
  /** true when the file has a GDAL internal transparency mask (masked-out pixels are nodata) */
  internalMask: boolean;
}

/** A plain JSON description, like gdalinfo's. Pass `stats` (computeBandStats) to include band statistics. */
export function rasterInfo(src: RasterSource, stats?: BandStats[]): RasterInfo {
  const gt = src.geo.geoTransform;
  const nodata = src.nodata === null ? null : jsonNumber(src.nodata);
  const bands: BandInfo[] = [];
  for (let b = 0; b < src.bands; b++) {
    const band: BandInfo = { index: b + 1, dtype: src.sampleType, nodata };
    const s = stats?.find((x) => x.band === b);
    if (s) Object.assign(band, { min: s.min, max: s.max, mean: s.mean, std: s.std, validCount: s.validCount });
    bands.push(band);
  }
  return {
    file: src.path,
    fileBytes: src.byteLength,
    width: src.width,
    height: src.height,
    bandCount: src.bands,
    bands,
    dtype: src.sampleType,
    compression: src.compressionName,
    compressionCode: src.compression,
    predictor: src.predictor,
    tiling: { tiled: src.tiled, blockWidth: src.blockWidth, blockHeight: src.blockHeight },
    planar: src.planarConfig === 1 ? 'pixel' : 'band',
    nodata,
    epsg: src.geo.epsg,
    geographic: src.geo.geographic,
    rasterType: src.geo.rasterType,
    geotransform: gt ? [...gt] : null,
    pixelSize: gt ? { x: Math.abs(gt[1]), y: Math.abs(gt[5]) } : null,
    bounds: gt ? boundsOf(gt, src.width, src.height) : null,
    overviews: src.overviews.map((o) => ({ ...o })),
    bigTiff: src.bigTiff,
    byteOrder: src.littleEndian ? 'little' : 'big',
    alphaBand: src.alphaBand == null ? null : src.alphaBand + 1,
    internalMask: !!src.mask,
    photometric: src.photometric,
    colorTable: src.hasColorMap ?? false,
  };
}

function boundsOf(gt: GeoTransform, width: number, height: number) {
  const xs = [gt[0], gt[0] + width * gt[1] + height * gt[2]];
  const ys = [gt[3], gt[3] + width * gt[4] + height * gt[5]];
  return { minX: Math.min(...xs), minY: Math.min(...ys), maxX: Math.max(...xs), maxY: Math.max(...ys) };
}

function jsonNumber(v: number): JsonNumber {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return v;
}

/** Human-readable text in gdalinfo's spirit. */
export function formatRasterInfo(info: RasterInfo): string {
  const lines: string[] = [];
  lines.push(`File: ${info.file} (${info.fileBytes} bytes)`);
  lines.push(`Size: ${info.width} × ${info.height}, ${info.bandCount} band${info.bandCount === 1 ? '' : 's'} of ${info.dtype}`);
  lines.push(
    `Structure: ${info.bigTiff ? 'BigTIFF' : 'TIFF'}, ${info.byteOrder}-endian, ` +
      `${info.tiling.tiled ? 'tiles' : 'strips'} ${info.tiling.blockWidth}×${info.tiling.blockHeight}, ` +
      `interleave ${info.planar}, compression ${info.compression}` +
      (info.predictor !== 1 ? `, predictor ${info.predictor}` : ''),
  );
  lines.push(`CRS: ${info.epsg !== null ? `EPSG:${info.epsg}` : 'none or user-defined'}` +
    (info.geographic === null ? '' : info.geographic ? ' (geographic)' : ' (projected)'));
  if (info.geotransform) {
    const gt = info.geotransform;
    lines.push(`Origin: (${gt[0]}, ${gt[3]}), pixel size (${gt[1]}, ${gt[5]})${info.rasterType === 'point' ? ', PixelIsPoint' : ''}`);
  } else {
    lines.push('Georeferencing: none');
  }
  if (info.bounds) {
    const b = info.bounds;
    lines.push(`Bounds: x ${b.minX} .. ${b.maxX}, y ${b.minY} .. ${b.maxY}`);
  }
  if (info.overviews.length > 0) lines.push(`Overviews: ${info.overviews.map((o) => `${o.width}×${o.height}`).join(', ')}`);
  if (info.colorTable) lines.push('Color table: yes (values are palette indices)');
  if (info.alphaBand !== null) lines.push(`Alpha: band ${info.alphaBand} (a mask, not a spectral band: alpha 0 = nodata)`);
  if (info.internalMask) lines.push('Mask: internal transparency mask (masked-out pixels = nodata)');
  for (const b of info.bands) {
    let line = `Band ${b.index}: ${b.dtype}${b.nodata !== null ? `, nodata ${b.nodata}` : ''}`;
    if (b.mean !== undefined && b.mean !== null) {
      line += `, min ${b.min} max ${b.max} mean ${round(b.mean)} std ${round(b.std ?? 0)} (${b.validCount} valid px)`;
    }
    lines.push(line);
  }
  return lines.join('\n');
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
