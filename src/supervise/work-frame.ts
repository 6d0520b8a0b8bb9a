import proj4 from 'proj4';
import { isAreaPlanarProj4, type CrsRef } from '../vector/crs.ts';

/**
 * The planar frame overlaps are measured in. For a projected patch CRS whose planar areas are ground areas
 * (GK, UTM) that is the CRS itself, so overlap areas and shares agree with the patches' own `areaM2`. For
 * lon/lat data and Mercator grids (areas inflated by 1/cos²φ; patch areas there are ellipsoidal) it is a Lambert
 * azimuthal equal-area projection on GRS80 centred on the data: equal-area, so planar areas there are
 * ellipsoidal areas (to the straight-edge approximation, far below 0.01 % for parcels).
 */
export interface WorkFrame {
  /** proj4 definition of the frame */
  proj4: string;
  /** the frame is the patches' own CRS (no transform for them) */
  native: boolean;
}

export function workFrame(patchCrs: CrsRef | null, centreLonLat: readonly [number, number]): WorkFrame {
  if (patchCrs !== null && isAreaPlanarProj4(patchCrs.proj4)) return { proj4: patchCrs.proj4, native: true };
  return { proj4: equalAreaAt(centreLonLat[0], centreLonLat[1]), native: false };
}

/** LAEA on GRS80 centred at (lon, lat), rounded to 0.01° so nearby calls share one frame. */
export function equalAreaAt(lon: number, lat: number): string {
  const r = (v: number) => Math.round(v * 100) / 100;
  return `+proj=laea +lat_0=${r(lat)} +lon_0=${r(lon)} +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs`;
}

export type XYTransform = (x: number, y: number, out: [number, number]) => [number, number];

const cache = new Map<string, XYTransform | null>();

/** Point transform from CRS `from` (proj4) into the frame; null when they are the same. Cached. */
export function toFrame(from: string, frame: WorkFrame): XYTransform | null {
  if (from === frame.proj4) return null;
  const key = `${from}\n${frame.proj4}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const conv = proj4(from, frame.proj4);
  const t: XYTransform = (x, y, out) => {
    const p = conv.forward([x, y]);
    out[0] = p[0];
    out[1] = p[1];
    return out;
  };
  cache.set(key, t);
  return t;
}

/** Rings copied into the frame (a new array per ring; the input is not changed). */
export function ringsToFrame(rings: readonly Float64Array[], t: XYTransform | null): Float64Array[] {
  if (t === null) return rings as Float64Array[];
  const p: [number, number] = [0, 0];
  return rings.map((ring) => {
    const out = new Float64Array(ring.length);
    for (let i = 0; i < ring.length; i += 2) {
      t(ring[i], ring[i + 1], p);
      out[i] = p[0];
      out[i + 1] = p[1];
    }
    return out;
  });
}
