/**
 * Web Mercator (EPSG:3857) tile grid as XYZ clients use it: tile (0,0) is the north-west corner, 256 px
 * tiles, zoom z has 2^z × 2^z tiles. Pure arithmetic, no proj4: the spherical formulas are exact for 3857.
 */
export const EARTH_RADIUS_M = 6378137;
export const HALF_WORLD_M = Math.PI * EARTH_RADIUS_M;
export const TILE_SIZE_PX = 256;
export const MAX_ZOOM = 24;
const DEG = 180 / Math.PI;

/** Metres per pixel of zoom z at the equator (in projected metres, which is what the grid uses). */
export function resolutionM(z: number, tileSizePx: number = TILE_SIZE_PX): number {
  return (2 * HALF_WORLD_M) / (tileSizePx * 2 ** z);
}

/** [minX, minY, maxX, maxY] in EPSG:3857 metres of tile (z, x, y). */
export function tileBounds3857(z: number, x: number, y: number): [number, number, number, number] {
  const size = (2 * HALF_WORLD_M) / 2 ** z;
  const minX = -HALF_WORLD_M + x * size;
  const maxY = HALF_WORLD_M - y * size;
  return [minX, maxY - size, minX + size, maxY];
}

export function mercatorToLon(mx: number): number {
  return (mx / EARTH_RADIUS_M) * DEG;
}

export function mercatorToLat(my: number): number {
  return (2 * Math.atan(Math.exp(my / EARTH_RADIUS_M)) - Math.PI / 2) * DEG;
}

export function lonToMercator(lon: number): number {
  return (lon / DEG) * EARTH_RADIUS_M;
}

export function latToMercator(lat: number): number {
  const clamped = Math.max(-85.0511287798, Math.min(85.0511287798, lat));
  return EARTH_RADIUS_M * Math.log(Math.tan(Math.PI / 4 + clamped / DEG / 2));
}

/** Tile column/row holding a lon/lat at zoom z. */
export function lonLatToTile(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const fx = (lonToMercator(lon) + HALF_WORLD_M) / (2 * HALF_WORLD_M);
  const fy = (HALF_WORLD_M - latToMercator(lat)) / (2 * HALF_WORLD_M);
  return [Math.min(n - 1, Math.max(0, Math.floor(fx * n))), Math.min(n - 1, Math.max(0, Math.floor(fy * n)))];
}

/** True when (z, x, y) is a tile of the grid. */
export function isValidTile(z: number, x: number, y: number): boolean {
  if (!Number.isInteger(z) || !Number.isInteger(x) || !Number.isInteger(y)) return false;
  if (z < 0 || z > MAX_ZOOM) return false;
  const n = 2 ** z;
  return x >= 0 && y >= 0 && x < n && y < n;
}

/** Smallest zoom whose pixel is at most 5 % larger than `groundResM` metres at latitude `lat` (the native zoom). */
export function nativeZoom(groundResM: number, lat: number): number {
  const scale = Math.cos(lat / DEG);
  for (let z = 0; z <= MAX_ZOOM; z++) if (resolutionM(z) * scale <= groundResM * 1.05) return z;
  return MAX_ZOOM;
}
