import { openRaster, type GeoTransform, type RasterSource } from '../raster/index.ts';
import { crsFromGeoKeys } from '../vector/crs-from-geokeys.ts';
import { fromLonLat, toLonLat, type PointTransform } from '../vector/crs.ts';
import { readDecimated, type Overview } from './decimated-read.ts';
import { percentileStretch, type BandStretch } from './percentile-stretch.ts';
import { ReportError } from './report-error.ts';
import { nativeZoom } from './web-mercator.ts';

/** Longest side of the in-memory overview used for the stretch and for far-out zooms. */
export const OVERVIEW_SIDE_PX = 1024;

/**
 * One opened raster as the renderers see it: georeferencing, lon/lat bounds, and — computed once, on first
 * use — a decimated overview of the bands that are displayed and their 2–98 % percentile stretch.
 */
export interface RasterLayer {
  path: string;
  source: RasterSource;
  geoTransform: GeoTransform;
  proj4: string;
  fromLonLat: PointTransform;
  toLonLat: PointTransform;
  /** [west, south, east, north] degrees */
  boundsLonLat: [number, number, number, number];
  /** ground size of a pixel in metres (mean of both axes) */
  pixelSizeM: number;
  /** the zoom whose pixels are about as fine as the raster's */
  nativeZoom: number;
  /** the bands displayed, 0-based; overview().bands follow this order */
  bands: number[];
  overview(): Promise<Overview>;
  /** 2–98 % stretch of a displayed band (0-based index into the raster) */
  stretch(band: number): Promise<BandStretch>;
}

export async function openRasterLayer(path: string, bands: number[]): Promise<RasterLayer> {
  const source = await openRaster(path);
  const gt = source.geo.geoTransform;
  if (gt === null) throw new ReportError('E_REPORT_CRS', `${path}: no geotransform; cannot place it on a map`, { file: path });
  const crs = crsFromGeoKeys(source.geo.geoKeys, path);
  const toLL = toLonLat(crs.proj4);
  const fromLL = fromLonLat(crs.proj4);
  const bounds = lonLatBounds(source.width, source.height, gt, toLL);
  const midLat = (bounds[1] + bounds[3]) / 2;
  const sx = Math.hypot(gt[1], gt[4]);
  const sy = Math.hypot(gt[2], gt[5]);
  const pixelSizeM = crs.geographic ? ((sx + sy) / 2) * 111_320 * Math.cos((midLat * Math.PI) / 180) : (sx + sy) / 2;
  const used = bands.filter((b) => b < source.bands);
  let overview: Promise<Overview> | null = null;
  const stretches = new Map<number, BandStretch>();
  const layer: RasterLayer = {
    path,
    source,
    geoTransform: gt,
    proj4: crs.proj4,
    fromLonLat: fromLL,
    toLonLat: toLL,
    boundsLonLat: bounds,
    pixelSizeM,
    nativeZoom: nativeZoom(pixelSizeM, midLat),
    bands: used,
    overview() {
      overview ??= readDecimated(source, used, OVERVIEW_SIDE_PX);
      overview.catch(() => {
        overview = null; // a failed read is retried next time
      });
      return overview;
    },
    async stretch(band: number) {
      const hit = stretches.get(band);
      if (hit) return hit;
      const ov = await layer.overview();
      const i = used.indexOf(band);
      if (i < 0) throw new ReportError('E_REPORT_DATASET', `${path}: band ${band + 1} is not displayed`, { file: path, band: band + 1 });
      const s = percentileStretch(ov.bands[i], source.nodata);
      stretches.set(band, s);
      return s;
    },
  };
  return layer;
}

/** Lon/lat bounding box of the raster: its edges sampled at 8 points each. */
export function lonLatBounds(width: number, height: number, gt: GeoTransform, toLL: PointTransform): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const N = 8;
  for (let k = 0; k <= N; k++) {
    const t = k / N;
    for (const [c, r] of [[t * width, 0], [t * width, height], [0, t * height], [width, t * height]] as const) {
      const [lon, lat] = toLL(gt[0] + c * gt[1] + r * gt[2], gt[3] + c * gt[4] + r * gt[5]);
      if (lon < box[0]) box[0] = lon;
      if (lat < box[1]) box[1] = lat;
      if (lon > box[2]) box[2] = lon;
      if (lat > box[3]) box[3] = lat;
    }
  }
  return box;
}
