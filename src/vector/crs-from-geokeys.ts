import { proj4Definition, type CrsRef } from './crs.ts';
import { VectorError } from './vector-error.ts';

/**
 * CRS from GeoTIFF GeoKeys. An EPSG code we know (ProjectedCSTypeGeoKey / GeographicTypeGeoKey) wins;
 * otherwise ("user-defined", 32767, or a code we have no definition for) a proj4 string is built from the
 * projection keys, the way libgeotiff/GDAL read them: ProjCoordTransGeoKey picks the method, the ellipsoid
 * comes from the semi-axis/inverse-flattening keys or the ellipsoid/datum/GCS code, linear units from
 * ProjLinearUnitsGeoKey. Parameters are read in GeogAngularUnits and written to proj4 in degrees; false
 * eastings/northings are converted from the linear unit to metres (proj4's +x_0/+y_0 are always metres).
 * Datum shifts are not modelled: every datum is taken as WGS84/CGCS2000 (centimetres for those two).
 */

/** GeoKey ids (GeoTIFF 1.1 §7) by the names geotiff.js uses in getGeoKeys(). */
export const GEOKEY_IDS = {
  GTModelTypeGeoKey: 1024,
  GTRasterTypeGeoKey: 1025,
  GTCitationGeoKey: 1026,
  GeographicTypeGeoKey: 2048,
  GeogCitationGeoKey: 2049,
  GeogGeodeticDatumGeoKey: 2050,
  GeogPrimeMeridianGeoKey: 2051,
  GeogLinearUnitsGeoKey: 2052,
  GeogLinearUnitSizeGeoKey: 2053,
  GeogAngularUnitsGeoKey: 2054,
  GeogAngularUnitSizeGeoKey: 2055,
  GeogEllipsoidGeoKey: 2056,
  GeogSemiMajorAxisGeoKey: 2057,
  GeogSemiMinorAxisGeoKey: 2058,
  GeogInvFlatteningGeoKey: 2059,
  GeogAzimuthUnitsGeoKey: 2060,
  GeogPrimeMeridianLongGeoKey: 2061,
  ProjectedCSTypeGeoKey: 3072,
  PCSCitationGeoKey: 3073,
  ProjectionGeoKey: 3074,
  ProjCoordTransGeoKey: 3075,
  ProjLinearUnitsGeoKey: 3076,
  ProjLinearUnitSizeGeoKey: 3077,
  ProjStdParallel1GeoKey: 3078,
  ProjStdParallel2GeoKey: 3079,
  ProjNatOriginLongGeoKey: 3080,
  ProjNatOriginLatGeoKey: 3081,
  ProjFalseEastingGeoKey: 3082,
  ProjFalseNorthingGeoKey: 3083,
  ProjFalseOriginLongGeoKey: 3084,
  ProjFalseOriginLatGeoKey: 3085,
  ProjFalseOriginEastingGeoKey: 3086,
  ProjFalseOriginNorthingGeoKey: 3087,
  ProjCenterLongGeoKey: 3088,
  ProjCenterLatGeoKey: 3089,
  ProjCenterEastingGeoKey: 3090,
  ProjCenterNorthingGeoKey: 3091,
  ProjScaleAtNatOriginGeoKey: 3092,
  ProjScaleAtCenterGeoKey: 3093,
  ProjAzimuthAngleGeoKey: 3094,
  ProjStraightVertPoleLongGeoKey: 3095,
} as const;

type GeoKeyName = keyof typeof GEOKEY_IDS;
type GeoKeyValue = number | string | readonly number[] | null | undefined;

/** GeoKeys keyed by id (RasterGeo.geoKeys) or by name (geotiff.js getGeoKeys()). */
export type GeoKeys = Readonly<Record<string | number, GeoKeyValue>>;

export interface CrsFromGeoKeys extends CrsRef {
  geographic: boolean;
}

const USER_DEFINED = 32767;

/** ProjCoordTransGeoKey values we build (GeoTIFF CT_* codes). */
const CT = {
  TransverseMercator: 1,
  Mercator: 7,
  LambertConfConic_2SP: 8,
  LambertConfConic_1SP: 9,
  LambertAzimEqualArea: 10,
  AlbersEqualArea: 11,
  CylindricalEqualArea: 28,
} as const;

interface Ellipsoid {
  a: number;
  rf: number;
}

/** Ellipsoids by EPSG ellipsoid code, with their proj4 names. */
const ELLIPSOIDS: Record<number, Ellipsoid & { proj4: string }> = {
  7030: { a: 6378137, rf: 298.257223563, proj4: 'WGS84' },
  7019: { a: 6378137, rf: 298.257222101, proj4: 'GRS80' },
  1024: { a: 6378137, rf: 298.257222101, proj4: 'GRS80' }, // CGCS2000 ellipsoid (equal to GRS80 to 1e-4 m)
  7024: { a: 6378245, rf: 298.3, proj4: 'krass' },
  7008: { a: 6378206.4, rf: 294.978698213898, proj4: 'clrk66' },
  7022: { a: 6378388, rf: 297, proj4: 'intl' },
  7043: { a: 6378135, rf: 298.26, proj4: 'WGS72' },
  7049: { a: 6378140, rf: 298.257, proj4: 'IAU76' }, // IAG 1975, used by Xian 1980
};

/** Ellipsoid code by geodetic datum code, and by geographic CRS code. */
const DATUM_ELLIPSOID: Record<number, number> = { 6326: 7030, 6490: 1024, 6269: 7019, 6267: 7008, 6214: 7024, 6610: 7049, 6322: 7043 };
const GCS_ELLIPSOID: Record<number, number> = { 4326: 7030, 4490: 1024, 4269: 7019, 4267: 7008, 4214: 7024, 4610: 7049, 4322: 7043 };

/** Linear units: EPSG unit code → proj4 +units (or metres per unit). */
const LINEAR_UNITS: Record<number, { proj4: string | null; toMetre: number }> = {
  9001: { proj4: 'm', toMetre: 1 },
  9002: { proj4: 'ft', toMetre: 0.3048 },
  9003: { proj4: 'us-ft', toMetre: 1200 / 3937 },
  9036: { proj4: 'km', toMetre: 1000 },
};

export function crsFromGeoKeys(keys: GeoKeys, file?: string): CrsFromGeoKeys {
  const k = new KeyReader(keys, file);
  const model = k.num('GTModelTypeGeoKey');
  const pcs = k.num('ProjectedCSTypeGeoKey');
  const gcs = k.num('GeographicTypeGeoKey');

  if (pcs !== null && pcs !== USER_DEFINED) {
    const def = proj4Definition(pcs);
    if (def !== null) return { epsg: pcs, proj4: def, geographic: false };
    if (k.num('ProjCoordTransGeoKey') === null) {
      throw k.error(
        `EPSG:${pcs} is not a supported projected CRS and the GeoKeys carry no projection parameters; ` +
          `reproject (gdalwarp -t_srs EPSG:4490, or a CGCS2000 Gauss-Kruger zone such as EPSG:4549) or write the ` +
          `parameters into the file: gdal_translate -a_srs "$(gdalsrsinfo -o proj4 EPSG:${pcs})" in.tif out.tif`,
        { epsg: pcs },
      );
    }
  }
  const geographic = model === 2 || (model === null && pcs === null && gcs !== null);
  if (geographic) {
    if (gcs !== null && gcs !== USER_DEFINED) {
      const def = proj4Definition(gcs);
      if (def !== null) return { epsg: gcs, proj4: def, geographic: true };
    }
    return { epsg: null, proj4: `+proj=longlat ${k.ellipsoid()}${k.primeMeridian()} +no_defs`, geographic: true };
  }
  if (model !== null && model !== 1) throw k.error(`GTModelTypeGeoKey ${model} is not supported (only projected and geographic)`, { model });
  return { epsg: null, proj4: proj4FromProjectionKeys(k), geographic: false };
}

/** proj4 string of a (user-defined) projected CRS. */
export function proj4FromGeoKeys(keys: GeoKeys, file?: string): string {
  return crsFromGeoKeys(keys, file).proj4;
}

function proj4FromProjectionKeys(k: KeyReader): string {
  const ct = k.num('ProjCoordTransGeoKey');
  if (ct === null) throw k.error('projected GeoKeys without ProjCoordTransGeoKey (and no known EPSG code)');
  const unit = k.linearUnit();
  const tail = `${k.ellipsoid()}${k.primeMeridian()} ${unit.proj4} +no_defs`;
  const fe = (k.num('ProjFalseEastingGeoKey') ?? k.num('ProjFalseOriginEastingGeoKey') ?? k.num('ProjCenterEastingGeoKey') ?? 0) * unit.toMetre;
  const fn = (k.num('ProjFalseNorthingGeoKey') ?? k.num('ProjFalseOriginNorthingGeoKey') ?? k.num('ProjCenterNorthingGeoKey') ?? 0) * unit.toMetre;
  const xy = `+x_0=${fmt(fe)} +y_0=${fmt(fn)}`;
  const lon0 = () => k.angle('ProjNatOriginLongGeoKey') ?? k.angle('ProjFalseOriginLongGeoKey') ?? k.angle('ProjCenterLongGeoKey') ?? 0;
  const lat0 = () => k.angle('ProjNatOriginLatGeoKey') ?? k.angle('ProjFalseOriginLatGeoKey') ?? k.angle('ProjCenterLatGeoKey') ?? 0;
  const scale = () => k.num('ProjScaleAtNatOriginGeoKey') ?? k.num('ProjScaleAtCenterGeoKey') ?? 1;
  switch (ct) {
    case CT.TransverseMercator:
      return `+proj=tmerc +lat_0=${fmt(lat0())} +lon_0=${fmt(lon0())} +k=${fmt(scale())} ${xy} ${tail}`;
    case CT.Mercator: {
      const latTs = k.angle('ProjStdParallel1GeoKey');
      if (latTs !== null) return `+proj=merc +lat_ts=${fmt(latTs)} +lon_0=${fmt(lon0())} ${xy} ${tail}`;
      return `+proj=merc +lon_0=${fmt(lon0())} +k=${fmt(scale())} ${xy} ${tail}`;
    }
    case CT.LambertConfConic_2SP:
    case CT.AlbersEqualArea: {
      const lat1 = k.angle('ProjStdParallel1GeoKey');
      const lat2 = k.angle('ProjStdParallel2GeoKey');
      if (lat1 === null || lat2 === null) throw k.error('conic projection without ProjStdParallel1/2GeoKey', { ct });
      // GDAL writes the false origin keys for LCC 2SP and the natural origin keys for Albers; read both
      const lat = ct === CT.AlbersEqualArea ? lat0() : k.angle('ProjFalseOriginLatGeoKey') ?? lat0();
      const lon = ct === CT.AlbersEqualArea ? lon0() : k.angle('ProjFalseOriginLongGeoKey') ?? lon0();
      const proj = ct === CT.AlbersEqualArea ? 'aea' : 'lcc';
      return `+proj=${proj} +lat_0=${fmt(lat)} +lon_0=${fmt(lon)} +lat_1=${fmt(lat1)} +lat_2=${fmt(lat2)} ${xy} ${tail}`;
    }
    case CT.LambertConfConic_1SP: {
      const lat = lat0();
      return `+proj=lcc +lat_1=${fmt(lat)} +lat_0=${fmt(lat)} +lon_0=${fmt(lon0())} +k_0=${fmt(scale())} ${xy} ${tail}`;
    }
    case CT.LambertAzimEqualArea:
      return `+proj=laea +lat_0=${fmt(lat0())} +lon_0=${fmt(lon0())} ${xy} ${tail}`;
    case CT.CylindricalEqualArea: {
      const latTs = k.angle('ProjStdParallel1GeoKey') ?? 0;
      return `+proj=cea +lat_ts=${fmt(latTs)} +lon_0=${fmt(lon0())} ${xy} ${tail}`;
    }
    default:
      throw k.error(`ProjCoordTransGeoKey ${ct} is not supported (TM 1, Mercator 7, LCC 8/9, LAEA 10, Albers 11, CEA 28)`, { ct });
  }
}

/** Reads keys by name whether the record is keyed by id or by name. */
class KeyReader {
  private readonly keys: GeoKeys;
  private readonly file: string | undefined;

  constructor(keys: GeoKeys, file: string | undefined) {
    this.keys = keys;
    this.file = file;
  }

  raw(name: GeoKeyName): GeoKeyValue {
    const byName = this.keys[name];
    return byName !== undefined ? byName : this.keys[GEOKEY_IDS[name]];
  }

  num(name: GeoKeyName): number | null {
    const v = this.raw(name);
    if (typeof v === 'number') return Number.isFinite(v) ? v : null;
    if (Array.isArray(v) && typeof v[0] === 'number') return v[0] as number;
    return null;
  }

  /** An angle parameter converted to degrees from GeogAngularUnitsGeoKey. */
  angle(name: GeoKeyName): number | null {
    const v = this.num(name);
    return v === null ? null : v * this.degreesPerAngularUnit();
  }

  private degreesPerAngularUnit(): number {
    const unit = this.num('GeogAngularUnitsGeoKey') ?? 9102;
    if (unit === 9102 || unit === 9122) return 1;
    if (unit === 9101) return 180 / Math.PI;
    if (unit === 9105) return 0.9;
    const radiansPerUnit = this.num('GeogAngularUnitSizeGeoKey');
    if (radiansPerUnit !== null) return (radiansPerUnit * 180) / Math.PI;
    throw this.error(`GeogAngularUnitsGeoKey ${unit} is not supported`, { unit });
  }

  linearUnit(): { proj4: string; toMetre: number } {
    const code = this.num('ProjLinearUnitsGeoKey') ?? 9001;
    const known = LINEAR_UNITS[code];
    if (known !== undefined && known.proj4 !== null) return { proj4: `+units=${known.proj4}`, toMetre: known.toMetre };
    const size = this.num('ProjLinearUnitSizeGeoKey');
    if (size !== null && size > 0) return { proj4: `+to_meter=${fmt(size)}`, toMetre: size };
    throw this.error(`ProjLinearUnitsGeoKey ${code} is not supported`, { unit: code });
  }

  /** proj4 ellipsoid terms: a named ellipsoid when the axes match one, else +a/+rf (or +a/+b). */
  ellipsoid(): string {
    const code = this.num('GeogEllipsoidGeoKey');
    const a = this.num('GeogSemiMajorAxisGeoKey');
    const rf = this.num('GeogInvFlatteningGeoKey');
    const b = this.num('GeogSemiMinorAxisGeoKey');
    if (code !== null && code !== USER_DEFINED && ELLIPSOIDS[code] !== undefined) return `+ellps=${ELLIPSOIDS[code].proj4}`;
    if (a !== null && (rf !== null || b !== null)) {
      const invF = rf !== null ? rf : b === a ? 0 : a / (a - (b as number));
      for (const e of Object.values(ELLIPSOIDS)) {
        if (Math.abs(e.a - a) < 1e-6 && Math.abs(e.rf - invF) < 1e-9) return `+ellps=${e.proj4}`;
      }
      if (invF === 0) return `+a=${fmt(a)} +b=${fmt(a)}`;
      return rf !== null ? `+a=${fmt(a)} +rf=${fmt(rf)}` : `+a=${fmt(a)} +b=${fmt(b as number)}`;
    }
    const datum = this.num('GeogGeodeticDatumGeoKey');
    const fromDatum = datum !== null ? DATUM_ELLIPSOID[datum] : undefined;
    const gcs = this.num('GeographicTypeGeoKey');
    const fromGcs = gcs !== null ? GCS_ELLIPSOID[gcs] : undefined;
    const ellipsoidCode = fromDatum ?? fromGcs;
    if (ellipsoidCode !== undefined) return `+ellps=${ELLIPSOIDS[ellipsoidCode].proj4}`;
    throw this.error('the GeoKeys do not define an ellipsoid we know', { ellipsoid: code, datum, gcs });
  }

  primeMeridian(): string {
    const pm = this.angle('GeogPrimeMeridianLongGeoKey');
    return pm !== null && pm !== 0 ? ` +pm=${fmt(pm)}` : '';
  }

  error(message: string, details: Record<string, unknown> = {}): VectorError {
    const where = this.file !== undefined ? `${this.file}: ` : '';
    return new VectorError('E_VECTOR_CRS', `${where}${message}`, { ...(this.file !== undefined ? { file: this.file } : {}), ...details });
  }
}

/** Shortest round-trip decimal, never exponent notation (proj4 parses plain decimals only). */
function fmt(v: number): string {
  const s = String(v);
  if (!s.includes('e')) return s;
  return v.toFixed(20).replace(/\.?0+$/, '');
}
