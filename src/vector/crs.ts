import proj4 from 'proj4';
import { VectorError } from './vector-error.ts';

/**
 * CRS definitions as proj4 strings. CGCS2000 (EPSG:4490) and its Gauss–Krüger zones are generated,
 * not listed: the EPSG ranges follow a fixed pattern. Coordinates are always (east, north) /
 * (lon, lat), the traditional GIS order GeoTIFF uses, even where EPSG declares northing first.
 */
const GRS80_TMERC = '+proj=tmerc +lat_0=0 +k=1 +y_0=0 +ellps=GRS80 +units=m +no_defs';

export function proj4Definition(epsg: number): string | null {
  if (epsg === 4490) return '+proj=longlat +ellps=GRS80 +no_defs';
  if (epsg === 4326) return '+proj=longlat +datum=WGS84 +no_defs';
  if (epsg === 3857) {
    return '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs';
  }
  // CGCS2000 6-degree GK: 4491–4501 zones 13–23 (zone number prefixed to easting), 4502–4512 CM 75E–135E
  if (epsg >= 4491 && epsg <= 4501) return gk(75 + 6 * (epsg - 4491), (13 + epsg - 4491) * 1e6 + 500000);
  if (epsg >= 4502 && epsg <= 4512) return gk(75 + 6 * (epsg - 4502), 500000);
  // CGCS2000 3-degree GK: 4513–4533 zones 25–45 (prefixed), 4534–4554 CM 75E–135E
  if (epsg >= 4513 && epsg <= 4533) return gk(75 + 3 * (epsg - 4513), (25 + epsg - 4513) * 1e6 + 500000);
  if (epsg >= 4534 && epsg <= 4554) return gk(75 + 3 * (epsg - 4534), 500000);
  // Xian 1980 (IAG 1975 ellipsoid) and Beijing 1954 (Krassovsky): older Chinese survey data. Same zone
  // patterns as CGCS2000; no datum shift (EPSG publishes none usable nationwide; GDAL's ballpark is a no-op too)
  if (epsg === 4610) return '+proj=longlat +ellps=IAU76 +no_defs';
  if (epsg === 4214) return '+proj=longlat +ellps=krass +no_defs';
  if (epsg >= 2327 && epsg <= 2337) return tm(75 + 6 * (epsg - 2327), (13 + epsg - 2327) * 1e6 + 500000, 'IAU76');
  if (epsg >= 2338 && epsg <= 2348) return tm(75 + 6 * (epsg - 2338), 500000, 'IAU76');
  if (epsg >= 2349 && epsg <= 2369) return tm(75 + 3 * (epsg - 2349), (25 + epsg - 2349) * 1e6 + 500000, 'IAU76');
  if (epsg >= 2370 && epsg <= 2390) return tm(75 + 3 * (epsg - 2370), 500000, 'IAU76');
  if (epsg >= 2401 && epsg <= 2421) return tm(75 + 3 * (epsg - 2401), (25 + epsg - 2401) * 1e6 + 500000, 'krass');
  if (epsg >= 2422 && epsg <= 2442) return tm(75 + 3 * (epsg - 2422), 500000, 'krass');
  if (epsg >= 21413 && epsg <= 21423) return tm(75 + 6 * (epsg - 21413), (13 + epsg - 21413) * 1e6 + 500000, 'krass');
  if (epsg >= 21453 && epsg <= 21463) return tm(75 + 6 * (epsg - 21453), 500000, 'krass');
  if (epsg === 3395) return '+proj=merc +lon_0=0 +k=1 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs';
  if (epsg >= 32601 && epsg <= 32660) return `+proj=utm +zone=${epsg - 32600} +datum=WGS84 +units=m +no_defs`;
  if (epsg >= 32701 && epsg <= 32760) return `+proj=utm +zone=${epsg - 32700} +south +datum=WGS84 +units=m +no_defs`;
  // NAD83 / UTM (no datum shift to WGS84 at this precision) and NAD27 / UTM (Clarke 1866, no grid shift)
  if (epsg >= 26901 && epsg <= 26923) return `+proj=utm +zone=${epsg - 26900} +ellps=GRS80 +towgs84=0,0,0 +units=m +no_defs`;
  if (epsg >= 26701 && epsg <= 26722) return `+proj=utm +zone=${epsg - 26700} +ellps=clrk66 +units=m +no_defs`;
  return null;
}

function tm(lon0: number, falseEasting: number, ellps: string): string {
  return `+proj=tmerc +lat_0=0 +lon_0=${lon0} +k=1 +x_0=${falseEasting} +y_0=0 +ellps=${ellps} +units=m +no_defs`;
}

function gk(lon0: number, falseEasting: number): string {
  return `+proj=tmerc +lat_0=0 +lon_0=${lon0} +k=1 +x_0=${falseEasting} +y_0=0 +ellps=GRS80 +units=m +no_defs`;
}

export function isGeographicEpsg(epsg: number): boolean {
  const def = proj4Definition(epsg);
  return def !== null && def.startsWith('+proj=longlat');
}

export type PointTransform = (x: number, y: number) => [number, number];

/**
 * Transformer from a CRS (EPSG code or proj4 string) to lon/lat on CGCS2000/WGS84 (treated as the same
 * datum: they differ by centimetres). Throws E_VECTOR_CRS for an unknown CRS.
 */
export function toLonLat(crs: number | string): PointTransform {
  const def = typeof crs === 'number' ? proj4Definition(crs) : crs;
  if (def === null) throw new VectorError('E_VECTOR_CRS', `EPSG:${crs} is not a supported CRS`, { crs });
  if (def.startsWith('+proj=longlat')) return (x, y) => [x, y];
  const conv = proj4(def, 'EPSG:4326');
  return (x, y) => conv.forward([x, y]) as [number, number];
}

/** Transformer from lon/lat to a CRS; inverse of toLonLat. */
export function fromLonLat(crs: number | string): PointTransform {
  const def = typeof crs === 'number' ? proj4Definition(crs) : crs;
  if (def === null) throw new VectorError('E_VECTOR_CRS', `EPSG:${crs} is not a supported CRS`, { crs });
  if (def.startsWith('+proj=longlat')) return (x, y) => [x, y];
  const conv = proj4('EPSG:4326', def);
  return (x, y) => conv.forward([x, y]) as [number, number];
}

/**
 * A CRS as the vector room carries it: the EPSG code when there is one, and always a proj4 string (for
 * user-defined CRSs, e.g. built from GeoKeys by crsFromGeoKeys). One object is shared by every patch of a
 * job, so carrying it costs nothing per patch.
 */
export interface CrsRef {
  epsg: number | null;
  proj4: string;
}

/** CrsRef for an EPSG code (throws E_VECTOR_CRS when unsupported) or a proj4 string (epsg null). */
export function crsRef(crs: number | string): CrsRef {
  if (typeof crs === 'string') return { epsg: null, proj4: crs };
  const def = proj4Definition(crs);
  if (def === null) throw new VectorError('E_VECTOR_CRS', `EPSG:${crs} is not a supported CRS`, { crs });
  return { epsg: crs, proj4: def };
}

/** True for a longlat proj4 string (degrees), false for a projected one. */
export function isGeographicProj4(def: string): boolean {
  return /(^|\s)\+proj=longlat(\s|$)/.test(def) || /(^|\s)\+proj=latlong(\s|$)/.test(def);
}

/**
 * True when planar areas in this CRS are areas on the ground, so `area_m2` can be the projected area:
 * projected CRSs other than Mercator. Mercator (incl. Web Mercator EPSG:3857) inflates areas by 1/cos²φ
 * (×1.41 at 32.5°N), so there, as in a geographic CRS, every area is the ellipsoidal one.
 */
export function isAreaPlanarProj4(def: string): boolean {
  return !isGeographicProj4(def) && !/(^|\s)\+proj=(merc|webmerc)(\s|$)/.test(def);
}

/** The EPSG name of a supported CRS ("CGCS2000 / 3-degree Gauss-Kruger CM 120E"), null when unknown. */
export function crsName(epsg: number): string | null {
  if (epsg === 4490) return 'China Geodetic Coordinate System 2000';
  if (epsg === 4326) return 'WGS 84';
  if (epsg === 3857) return 'WGS 84 / Pseudo-Mercator';
  if (epsg >= 4491 && epsg <= 4501) return `CGCS2000 / Gauss-Kruger zone ${13 + epsg - 4491}`;
  if (epsg >= 4502 && epsg <= 4512) return `CGCS2000 / Gauss-Kruger CM ${75 + 6 * (epsg - 4502)}E`;
  if (epsg >= 4513 && epsg <= 4533) return `CGCS2000 / 3-degree Gauss-Kruger zone ${25 + epsg - 4513}`;
  if (epsg >= 4534 && epsg <= 4554) return `CGCS2000 / 3-degree Gauss-Kruger CM ${75 + 3 * (epsg - 4534)}E`;
  if (epsg === 4610) return 'Xian 1980';
  if (epsg === 4214) return 'Beijing 1954';
  if (epsg >= 2327 && epsg <= 2337) return `Xian 1980 / Gauss-Kruger zone ${13 + epsg - 2327}`;
  if (epsg >= 2338 && epsg <= 2348) return `Xian 1980 / Gauss-Kruger CM ${75 + 6 * (epsg - 2338)}E`;
  if (epsg >= 2349 && epsg <= 2369) return `Xian 1980 / 3-degree Gauss-Kruger zone ${25 + epsg - 2349}`;
  if (epsg >= 2370 && epsg <= 2390) return `Xian 1980 / 3-degree Gauss-Kruger CM ${75 + 3 * (epsg - 2370)}E`;
  if (epsg >= 2401 && epsg <= 2421) return `Beijing 1954 / 3-degree Gauss-Kruger zone ${25 + epsg - 2401}`;
  if (epsg >= 2422 && epsg <= 2442) return `Beijing 1954 / 3-degree Gauss-Kruger CM ${75 + 3 * (epsg - 2422)}E`;
  if (epsg >= 21413 && epsg <= 21423) return `Beijing 1954 / Gauss-Kruger zone ${13 + epsg - 21413}`;
  if (epsg >= 21453 && epsg <= 21463) return `Beijing 1954 / Gauss-Kruger CM ${75 + 6 * (epsg - 21453)}E`;
  if (epsg === 3395) return 'WGS 84 / World Mercator';
  if (epsg >= 32601 && epsg <= 32660) return `WGS 84 / UTM zone ${epsg - 32600}N`;
  if (epsg >= 32701 && epsg <= 32760) return `WGS 84 / UTM zone ${epsg - 32700}S`;
  if (epsg >= 26901 && epsg <= 26923) return `NAD83 / UTM zone ${epsg - 26900}N`;
  if (epsg >= 26701 && epsg <= 26722) return `NAD27 / UTM zone ${epsg - 26700}N`;
  return null;
}
