import type { FileByteSource } from './byte-source.ts';
import { RasterError } from './raster-error.ts';
import type { GeoTransform, RasterGeo } from './raster-types.ts';
import { readAscii, readNumbers, TAG, type Ifd, type TiffHeader } from './tiff-header.ts';

/** GeoKey ids the reader interprets (GeoTIFF 1.1). */
export const GEO_KEY = {
  GTModelType: 1024,
  GTRasterType: 1025,
  GeographicType: 2048,
  ProjectedCSType: 3072,
} as const;

const USER_DEFINED = 32767;

/** Parses GeoKeys (34735/34736/34737) and the pixel→model transform into RasterGeo. */
export async function readGeo(src: FileByteSource, header: TiffHeader, ifd: Ifd): Promise<RasterGeo> {
  const geoKeys = await readGeoKeys(src, header, ifd);
  const model = num(geoKeys[GEO_KEY.GTModelType]);
  const rasterType = num(geoKeys[GEO_KEY.GTRasterType]) === 2 ? 'point' : 'area';
  const projected = num(geoKeys[GEO_KEY.ProjectedCSType]);
  const geographicCs = num(geoKeys[GEO_KEY.GeographicType]);
  let epsg: number | null = null;
  let geographic: boolean | null = null;
  if (model === 1 || (model === null && projected !== null)) {
    geographic = false;
    epsg = projected;
  } else if (model === 2 || (model === null && geographicCs !== null)) {
    geographic = true;
    epsg = geographicCs;
  }
  if (epsg === USER_DEFINED || epsg === 0) epsg = null;
  const geoTransform = await readGeoTransform(src, header, ifd, rasterType);
  return { epsg, geographic, geoTransform, rasterType, geoKeys };
}

async function readGeoKeys(
  src: FileByteSource,
  header: TiffHeader,
  ifd: Ifd,
): Promise<Record<number, number | string | number[]>> {
  const out: Record<number, number | string | number[]> = {};
  const dir = await readNumbers(src, header, ifd, TAG.GeoKeyDirectory);
  if (!dir) return out;
  const doubles = (await readNumbers(src, header, ifd, TAG.GeoDoubleParams)) ?? [];
  const ascii = (await readAscii(src, ifd, TAG.GeoAsciiParams)) ?? '';
  const bad = (why: string): RasterError =>
    new RasterError('E_RASTER_HEADER', `${src.path}: GeoKeyDirectory is malformed (${why})`, { file: src.path });
  if (dir.length < 4) throw bad(`${dir.length} values`);
  const keyCount = dir[3];
  if (dir.length < 4 + 4 * keyCount) throw bad(`${keyCount} keys declared, room for ${(dir.length - 4) >> 2}`);
  for (let k = 0; k < keyCount; k++) {
    const [id, location, count, value] = dir.slice(4 + 4 * k, 8 + 4 * k);
    if (location === 0) out[id] = value;
    else if (location === TAG.GeoDoubleParams) {
      if (value + count > doubles.length) throw bad(`key ${id} points past GeoDoubleParams`);
      out[id] = count === 1 ? doubles[value] : doubles.slice(value, value + count);
    } else if (location === TAG.GeoAsciiParams) {
      if (value + count > ascii.length + 1) throw bad(`key ${id} points past GeoAsciiParams`);
      out[id] = ascii.slice(value, value + count).replace(/[|\0]+$/, '');
    } else if (location === TAG.GeoKeyDirectory) {
      out[id] = dir.slice(value, value + count);
    }
    // other locations are not defined by GeoTIFF 1.1; ignore such keys like GDAL does
  }
  return out;
}

/** GDAL-order geotransform, or null when the file has none (or only GCP tiepoints). */
async function readGeoTransform(
  src: FileByteSource,
  header: TiffHeader,
  ifd: Ifd,
  rasterType: 'area' | 'point',
): Promise<GeoTransform | null> {
  let gt: GeoTransform | null = null;
  const matrix = await readNumbers(src, header, ifd, TAG.ModelTransformation);
  if (matrix && matrix.length >= 16) {
    if (matrix[1] !== 0 || matrix[4] !== 0) {
      throw new RasterError(
        'E_RASTER_GEOREF',
        `${src.path}: rotated or sheared ModelTransformation (terms ${matrix[1]}, ${matrix[4]}) is not supported; ` +
          `resample it north-up first: gdalwarp ${src.path} ${src.path.replace(/(\.tiff?)?$/i, '-northup$1')}`,
        { file: src.path },
      );
    }
    gt = [matrix[3], matrix[0], matrix[1], matrix[7], matrix[4], matrix[5]];
  } else {
    const tie = await readNumbers(src, header, ifd, TAG.ModelTiepoint);
    const scale = await readNumbers(src, header, ifd, TAG.ModelPixelScale);
    if (tie && tie.length >= 6 && scale && scale.length >= 2) {
      const [i, j, , x, y] = tie;
      gt = [x - i * scale[0], scale[0], 0, y + j * scale[1], 0, -scale[1]];
    }
  }
  if (gt && !gt.every(Number.isFinite)) {
    throw new RasterError('E_RASTER_GEOREF', `${src.path}: geotransform has non-finite terms [${gt.join(', ')}]`, {
      file: src.path,
    });
  }
  if (gt && rasterType === 'point') {
    // GDAL default (GTIFF_POINT_GEO_IGNORE=NO): the tiepoint names a pixel centre; move it to the corner
    gt[0] -= gt[1] * 0.5 + gt[2] * 0.5;
    gt[3] -= gt[4] * 0.5 + gt[5] * 0.5;
  }
  return gt;
}

function num(v: number | string | number[] | undefined): number | null {
  return typeof v === 'number' ? v : null;
}
