/**
 * Contracts of the raster room. The main thread opens a file (parses the TIFF header and IFD only) into a
 * RasterSource; planWindowRead turns a pixel window into a WindowRead that carries everything a worker
 * needs (path, byte ranges, codec parameters) and no pixels. Workers execute WindowReads.
 */

import type { KernelSampleType, NumericArray } from '../kernels/kernel-types.ts';

/** The sample types and typed arrays are the kernels' own (the lower room), so pixels pass without casts. */
export type SampleType = KernelSampleType;

export type PixelArray = NumericArray;

/** GDAL order: [originX, pixelWidth, rotX, originY, rotY, pixelHeight] (pixelHeight < 0 for north-up). */
export type GeoTransform = [number, number, number, number, number, number];

export interface PixelWindow {
  /** column of the top-left pixel */
  x: number;
  /** row of the top-left pixel */
  y: number;
  width: number;
  height: number;
}

export interface RasterGeo {
  /** EPSG code from the GeoKeys (ProjectedCSTypeGeoKey or GeographicTypeGeoKey), null when absent or user-defined */
  epsg: number | null;
  /** true when the CRS is geographic (degrees), false for projected, null when unknown */
  geographic: boolean | null;
  geoTransform: GeoTransform | null;
  /** RasterPixelIsArea (1) or RasterPixelIsPoint (2); GDAL shifts point by half a pixel */
  rasterType: 'area' | 'point';
  /** raw GeoKey directory entries (key id -> value), for CRSs without an EPSG code */
  geoKeys: Record<number, number | string | number[]>;
}

export interface RasterSource {
  path: string;
  byteLength: number;
  width: number;
  height: number;
  bands: number;
  sampleType: SampleType;
  bitsPerSample: number;
  /** TIFF Compression tag value (1 none, 5 LZW, 8/32946 deflate, 32773 packbits, ...) */
  compression: number;
  compressionName: string;
  /** 1 none, 2 horizontal differencing, 3 floating point */
  predictor: 1 | 2 | 3;
  /** 1 chunky (pixel interleaved), 2 planar (band sequential blocks) */
  planarConfig: 1 | 2;
  littleEndian: boolean;
  bigTiff: boolean;
  tiled: boolean;
  /** block size: tile size, or (width, rowsPerStrip) for strips */
  blockWidth: number;
  blockHeight: number;
  blocksAcross: number;
  blocksDown: number;
  /** per block (planar 2: band-major, i.e. band * blocksPerBand + blockIndex) */
  blockOffsets: number[];
  blockByteCounts: number[];
  /** GDAL_NODATA (tag 42113) parsed as a number (NaN allowed), null when absent */
  nodata: number | null;
  photometric: number;
  /** true when the file has a ColorMap (palette); bands then read as palette indices, as in GDAL */
  hasColorMap?: boolean;
  /**
   * 0-based band that is an alpha channel (ExtraSamples 1 or 2, e.g. `gdalwarp -dstalpha`, RGBA): not a
   * spectral band; pixels where it is 0 are transparent, i.e. nodata, as GDAL's mask treats them. Null/absent: none.
   */
  alphaBand?: number | null;
  geo: RasterGeo;
  /**
   * the image's transparency mask (GDAL internal mask IFD: 1 bit, 0 = masked out), described as a 1-band
   * source with bitsPerSample 1; plan it with planWindowRead and read it with executeMaskRead. Null/absent: none.
   */
  mask?: RasterSource | null;
  /** overview IFDs (reduced-resolution images) that were found, for information */
  overviews: Array<{ width: number; height: number }>;
  /** GDAL_METADATA (tag 42112) XML if present */
  gdalMetadata: string | null;
}

/** One block a window touches: where its bytes are and how it maps into the window. */
export interface BlockRef {
  offset: number;
  byteCount: number;
  /** block column/row in the block grid */
  blockCol: number;
  blockRow: number;
  /** for planarConfig 2: the band this block holds; for chunky: -1 */
  band: number;
}

/** Everything a worker needs to read a window: serialisable, no pixels. */
export interface WindowRead {
  path: string;
  /** file size at planning time; a block past it is a typed error */
  byteLength: number;
  window: PixelWindow;
  /** 0-based band indices to return, in this order */
  bands: number[];
  sampleType: SampleType;
  bitsPerSample: number;
  samplesPerPixel: number;
  compression: number;
  predictor: 1 | 2 | 3;
  planarConfig: 1 | 2;
  littleEndian: boolean;
  blockWidth: number;
  blockHeight: number;
  /** tiles are stored full size at the edges; strips end short. Absent: strips iff blockWidth === imageWidth */
  tiled?: boolean;
  /** image size, so partial edge blocks (strips) are sized right */
  imageWidth: number;
  imageHeight: number;
  /** value for sparse blocks (offset or byte count 0), as GDAL fills them; 0 when absent */
  nodata?: number | null;
  blocks: BlockRef[];
}
