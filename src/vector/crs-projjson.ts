import { crsName, type CrsRef } from './crs.ts';

/**
 * PROJJSON (https://proj.org/schemas/v0.5/projjson.schema.json) for the CRSs the product writes, built
 * from the proj4 string (and the EPSG code, which adds names, axis order and `id`). Covers longlat and the
 * projections crsFromGeoKeys produces: tmerc/utm, cea, aea, lcc (1SP/2SP), merc (A/B), laea, plus
 * EPSG:3857. Returns null for anything else, so a caller can omit the CRS rather than write a wrong one.
 * Datum shifts (+towgs84, +nadgrids) are not represented.
 */
export type ProjJson = Record<string, unknown>;

const SCHEMA = 'https://proj.org/schemas/v0.5/projjson.schema.json';

interface Datum {
  name: string;
  ellipsoid: Record<string, unknown>;
  baseName: string;
  baseId: number | null;
}

const ELLIPSOIDS: Record<string, Record<string, unknown>> = {
  WGS84: { name: 'WGS 84', semi_major_axis: 6378137, inverse_flattening: 298.257223563 },
  GRS80: { name: 'GRS 1980', semi_major_axis: 6378137, inverse_flattening: 298.257222101 },
  krass: { name: 'Krassowsky 1940', semi_major_axis: 6378245, inverse_flattening: 298.3 },
  clrk66: { name: 'Clarke 1866', semi_major_axis: 6378206.4, semi_minor_axis: 6356583.8 },
  intl: { name: 'International 1924', semi_major_axis: 6378388, inverse_flattening: 297 },
  WGS72: { name: 'WGS 72', semi_major_axis: 6378135, inverse_flattening: 298.26 },
  IAU76: { name: 'IAG 1975', semi_major_axis: 6378140, inverse_flattening: 298.257 },
};

const CGCS2000: Datum = {
  name: 'China 2000',
  ellipsoid: { name: 'CGCS2000', semi_major_axis: 6378137, inverse_flattening: 298.257222101 },
  baseName: 'China Geodetic Coordinate System 2000',
  baseId: 4490,
};
const WGS84: Datum = { name: 'World Geodetic System 1984', ellipsoid: ELLIPSOIDS.WGS84, baseName: 'WGS 84', baseId: 4326 };
const NAD83: Datum = { name: 'North American Datum 1983', ellipsoid: ELLIPSOIDS.GRS80, baseName: 'NAD83', baseId: 4269 };
const NAD27: Datum = { name: 'North American Datum 1927', ellipsoid: ELLIPSOIDS.clrk66, baseName: 'NAD27', baseId: 4267 };

export function parseProj4(def: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const token of def.trim().split(/\s+/)) {
    if (!token.startsWith('+')) continue;
    const eq = token.indexOf('=');
    if (eq < 0) params.set(token.slice(1), '');
    else params.set(token.slice(1, eq), token.slice(eq + 1));
  }
  return params;
}

export function crsToProjJson(crs: CrsRef): ProjJson | null {
  const p = parseProj4(crs.proj4);
  const epsg = crs.epsg;
  const datum = datumFor(epsg, p);
  if (datum === null) return null;
  const proj = p.get('proj');
  const geographicCs = {
    subtype: 'ellipsoidal',
    axis: [
      { name: 'Geodetic latitude', abbreviation: 'Lat', direction: 'north', unit: 'degree' },
      { name: 'Geodetic longitude', abbreviation: 'Lon', direction: 'east', unit: 'degree' },
    ],
  };
  const geodeticDatum = { type: 'GeodeticReferenceFrame', name: datum.name, ellipsoid: datum.ellipsoid };
  if (proj === 'longlat' || proj === 'latlong') {
    return withId({ $schema: SCHEMA, type: 'GeographicCRS', name: epsg !== null ? crsName(epsg) ?? datum.baseName : datum.baseName, datum: geodeticDatum, coordinate_system: geographicCs }, epsg);
  }
  const conversion = conversionFor(p, epsg);
  if (conversion === null) return null;
  const unit = linearUnit(p);
  if (unit === null) return null;
  const gk = epsg !== null && epsg >= 4491 && epsg <= 4554;
  const axis = gk
    ? [
        { name: 'Northing', abbreviation: 'X', direction: 'north', unit },
        { name: 'Easting', abbreviation: 'Y', direction: 'east', unit },
      ]
    : [
        { name: 'Easting', abbreviation: 'E', direction: 'east', unit },
        { name: 'Northing', abbreviation: 'N', direction: 'north', unit },
      ];
  const baseCrs = withId({ name: datum.baseName, datum: geodeticDatum, coordinate_system: geographicCs }, datum.baseId);
  return withId(
    {
      $schema: SCHEMA,
      type: 'ProjectedCRS',
      name: (epsg !== null ? crsName(epsg) : null) ?? 'unnamed',
      base_crs: baseCrs,
      conversion,
      coordinate_system: { subtype: 'Cartesian', axis },
    },
    epsg,
  );
}

function withId(obj: ProjJson, code: number | null): ProjJson {
  return code === null ? obj : { ...obj, id: { authority: 'EPSG', code } };
}

function datumFor(epsg: number | null, p: Map<string, string>): Datum | null {
  if (epsg !== null) {
    if (epsg === 4490 || (epsg >= 4491 && epsg <= 4554)) return CGCS2000;
    if (epsg === 4326 || epsg === 3857 || (epsg >= 32601 && epsg <= 32760)) return WGS84;
    if (epsg >= 26901 && epsg <= 26923) return NAD83;
    if (epsg >= 26701 && epsg <= 26722) return NAD27;
  }
  if (p.get('datum') === 'WGS84') return WGS84;
  const ellps = p.get('ellps');
  let ellipsoid: Record<string, unknown> | undefined;
  if (ellps !== undefined) ellipsoid = ELLIPSOIDS[ellps];
  else if (p.has('a') && (p.has('rf') || p.has('b'))) {
    const a = Number(p.get('a'));
    ellipsoid = p.has('rf')
      ? { name: 'unknown', semi_major_axis: a, inverse_flattening: Number(p.get('rf')) }
      : { name: 'unknown', semi_major_axis: a, semi_minor_axis: Number(p.get('b')) };
  }
  if (ellipsoid === undefined) return null;
  return { name: `Unknown based on ${String(ellipsoid.name)} ellipsoid`, ellipsoid, baseName: 'unknown', baseId: null };
}

function linearUnit(p: Map<string, string>): unknown {
  const units = p.get('units');
  if (p.has('to_meter')) return { type: 'LinearUnit', name: 'unknown', conversion_factor: Number(p.get('to_meter')) };
  if (units === undefined || units === 'm') return 'metre';
  if (units === 'ft') return { type: 'LinearUnit', name: 'foot', conversion_factor: 0.3048 };
  if (units === 'us-ft') return { type: 'LinearUnit', name: 'US survey foot', conversion_factor: 1200 / 3937 };
  if (units === 'km') return { type: 'LinearUnit', name: 'kilometre', conversion_factor: 1000 };
  return null;
}

type ParamSpec = [name: string, code: number, kind: 'degree' | 'unity' | 'metre', value: number];

function param([name, code, unit, value]: ParamSpec): Record<string, unknown> {
  return { name, value, unit, id: { authority: 'EPSG', code } };
}

function conversionFor(p: Map<string, string>, epsg: number | null): Record<string, unknown> | null {
  const num = (k: string, dflt = 0): number => (p.has(k) ? Number(p.get(k)) : dflt);
  const fe: ParamSpec = ['False easting', 8806, 'metre', num('x_0')];
  const fn: ParamSpec = ['False northing', 8807, 'metre', num('y_0')];
  const name = (fallback: string): string => {
    const full = epsg !== null ? crsName(epsg) : null;
    return full !== null && full.includes(' / ') ? full.slice(full.indexOf(' / ') + 3) : fallback;
  };
  const conv = (convName: string, method: string, code: number, params: ParamSpec[]) => ({
    name: convName,
    method: { name: method, id: { authority: 'EPSG', code } },
    parameters: params.map(param),
  });
  switch (p.get('proj')) {
    case 'utm': {
      const zone = num('zone');
      const south = p.has('south');
      return conv(`UTM zone ${zone}${south ? 'S' : 'N'}`, 'Transverse Mercator', 9807, [
        ['Latitude of natural origin', 8801, 'degree', 0],
        ['Longitude of natural origin', 8802, 'degree', zone * 6 - 183],
        ['Scale factor at natural origin', 8805, 'unity', 0.9996],
        ['False easting', 8806, 'metre', 500000],
        ['False northing', 8807, 'metre', south ? 10000000 : 0],
      ]);
    }
    case 'tmerc':
      return conv(name('Transverse Mercator'), 'Transverse Mercator', 9807, [
        ['Latitude of natural origin', 8801, 'degree', num('lat_0')],
        ['Longitude of natural origin', 8802, 'degree', num('lon_0')],
        ['Scale factor at natural origin', 8805, 'unity', num('k', num('k_0', 1))],
        fe,
        fn,
      ]);
    case 'cea':
      return conv('unnamed', 'Lambert Cylindrical Equal Area', 9835, [
        ['Latitude of 1st standard parallel', 8823, 'degree', num('lat_ts')],
        ['Longitude of natural origin', 8802, 'degree', num('lon_0')],
        fe,
        fn,
      ]);
    case 'aea':
    case 'lcc': {
      const aea = p.get('proj') === 'aea';
      if (!aea && !p.has('lat_2')) {
        return conv('unnamed', 'Lambert Conic Conformal (1SP)', 9801, [
          ['Latitude of natural origin', 8801, 'degree', num('lat_0', num('lat_1'))],
          ['Longitude of natural origin', 8802, 'degree', num('lon_0')],
          ['Scale factor at natural origin', 8805, 'unity', num('k_0', num('k', 1))],
          fe,
          fn,
        ]);
      }
      return conv('unnamed', aea ? 'Albers Equal Area' : 'Lambert Conic Conformal (2SP)', aea ? 9822 : 9802, [
        ['Latitude of false origin', 8821, 'degree', num('lat_0')],
        ['Longitude of false origin', 8822, 'degree', num('lon_0')],
        ['Latitude of 1st standard parallel', 8823, 'degree', num('lat_1')],
        ['Latitude of 2nd standard parallel', 8824, 'degree', num('lat_2')],
        ['Easting at false origin', 8826, 'metre', num('x_0')],
        ['Northing at false origin', 8827, 'metre', num('y_0')],
      ]);
    }
    case 'merc':
      if (epsg === 3857) {
        return conv('Popular Visualisation Pseudo-Mercator', 'Popular Visualisation Pseudo Mercator', 1024, [
          ['Latitude of natural origin', 8801, 'degree', 0],
          ['Longitude of natural origin', 8802, 'degree', 0],
          fe,
          fn,
        ]);
      }
      if (p.has('lat_ts')) {
        return conv('unnamed', 'Mercator (variant B)', 9805, [
          ['Latitude of 1st standard parallel', 8823, 'degree', num('lat_ts')],
          ['Longitude of natural origin', 8802, 'degree', num('lon_0')],
          fe,
          fn,
        ]);
      }
      return conv('unnamed', 'Mercator (variant A)', 9804, [
        ['Latitude of natural origin', 8801, 'degree', 0],
        ['Longitude of natural origin', 8802, 'degree', num('lon_0')],
        ['Scale factor at natural origin', 8805, 'unity', num('k', num('k_0', 1))],
        fe,
        fn,
      ]);
    case 'laea':
      return conv('unnamed', 'Lambert Azimuthal Equal Area', 9820, [
        ['Latitude of natural origin', 8801, 'degree', num('lat_0')],
        ['Longitude of natural origin', 8802, 'degree', num('lon_0')],
        fe,
        fn,
      ]);
    default:
      return null;
  }
}
