import { crsRef, type CrsRef } from '../vector/crs.ts';
import { SuperviseError } from './supervise-error.ts';

const LON_LAT: CrsRef = crsRef(4326);

/**
 * The CRS of a GeoJSON object: the legacy (2008) `crs` member naming an EPSG code
 * (`EPSG:4549`, `urn:ogc:def:crs:EPSG::4549`, `urn:ogc:def:crs:EPSG:6.6:4549`, `…/EPSG/0/4549`), or the
 * pre-2008 draft form `{"type": "EPSG", "properties": {"code": 4549}}`, else lon/lat (RFC 7946). CRS84 and
 * EPSG:4326/4490 are lon/lat.
 */
export function geoJsonCrs(doc: Record<string, unknown>, file: string): CrsRef {
  const crs = doc.crs;
  if (crs === undefined || crs === null) return LON_LAT;
  const props = typeof crs === 'object' && crs !== null ? (crs as { type?: unknown; properties?: { name?: unknown; code?: unknown } }) : null;
  const draftCode = props?.type === 'EPSG' ? props.properties?.code : undefined;
  const name = typeof draftCode === 'number' || typeof draftCode === 'string' ? `EPSG:${draftCode}` : props?.properties?.name;
  if (typeof name !== 'string') {
    throw new SuperviseError('E_SUPERVISE_LAYER', `${file}: "crs" member has no properties.name`, { file });
  }
  if (/CRS84$/i.test(name)) return LON_LAT;
  const m = /EPSG(?::{1,2}|:[\d.]+:|\/0\/|\/)(\d+)$/i.exec(name.trim());
  if (m === null) throw new SuperviseError('E_SUPERVISE_LAYER', `${file}: cannot read the CRS name ${JSON.stringify(name)} (want EPSG:<code>)`, { file, crs: name });
  const epsg = Number(m[1]);
  try {
    return crsRef(epsg);
  } catch {
    throw new SuperviseError('E_SUPERVISE_LAYER', `${file}: EPSG:${epsg} is not a supported CRS`, { file, crs: name });
  }
}
