import { VectorError } from './vector-error.ts';

/**
 * Well-known binary, little-endian (byte order 1), 2D. `encodeWkb` takes polygons, each a list of rings
 * (flat x0,y0,x1,y1,… Float64Array, exterior first): one polygon → Polygon (type 3), several →
 * MultiPolygon (type 6). WKB rings must be closed, so an unclosed ring gets its first vertex appended.
 */
const WKB_POLYGON = 3;
const WKB_MULTIPOLYGON = 6;

export function encodeWkb(polygons: readonly (readonly Float64Array[])[]): Uint8Array {
  if (polygons.length === 0) throw new VectorError('E_VECTOR_GEOMETRY', 'cannot encode an empty geometry as WKB');
  if (polygons.length === 1) return encodeWkbPolygon(polygons[0]);
  let size = 9;
  for (const rings of polygons) size += polygonSize(rings);
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, 1);
  view.setUint32(1, WKB_MULTIPOLYGON, true);
  view.setUint32(5, polygons.length, true);
  let o = 9;
  for (const rings of polygons) o = writePolygon(view, o, rings);
  return bytes;
}

export function encodeWkbPolygon(rings: readonly Float64Array[]): Uint8Array {
  const bytes = new Uint8Array(polygonSize(rings));
  writePolygon(new DataView(bytes.buffer), 0, rings);
  return bytes;
}

function isClosed(ring: Float64Array): boolean {
  const n = ring.length;
  return n >= 4 && ring[0] === ring[n - 2] && ring[1] === ring[n - 1];
}

function polygonSize(rings: readonly Float64Array[]): number {
  let size = 9;
  for (const ring of rings) size += 4 + 8 * (ring.length + (isClosed(ring) ? 0 : 2));
  return size;
}

function writePolygon(view: DataView, o: number, rings: readonly Float64Array[]): number {
  view.setUint8(o, 1);
  view.setUint32(o + 1, WKB_POLYGON, true);
  view.setUint32(o + 5, rings.length, true);
  o += 9;
  for (const ring of rings) {
    const closed = isClosed(ring);
    view.setUint32(o, (ring.length >> 1) + (closed ? 0 : 1), true);
    o += 4;
    for (let i = 0; i < ring.length; i++, o += 8) view.setFloat64(o, ring[i], true);
    if (!closed) {
      view.setFloat64(o, ring[0], true);
      view.setFloat64(o + 8, ring[1], true);
      o += 16;
    }
  }
  return o;
}

/** Decode a 2D Polygon or MultiPolygon (either byte order) into polygons of rings. */
export function decodeWkb(bytes: Uint8Array): Float64Array[][] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (what: string, offset: number): never => {
    throw new VectorError('E_VECTOR_GEOMETRY', `WKB: ${what} at byte ${offset}`, { offset });
  };
  let o = 0;
  const header = (): [boolean, number] => {
    if (o + 5 > bytes.length) fail('truncated header', o);
    const le = view.getUint8(o) === 1;
    const type = view.getUint32(o + 1, le);
    o += 5;
    return [le, type];
  };
  const u32 = (le: boolean): number => {
    if (o + 4 > bytes.length) fail('truncated count', o);
    const v = view.getUint32(o, le);
    o += 4;
    return v;
  };
  const polygon = (le: boolean): Float64Array[] => {
    const nRings = u32(le);
    const rings: Float64Array[] = [];
    for (let r = 0; r < nRings; r++) {
      const nPts = u32(le);
      if (o + 16 * nPts > bytes.length) fail('truncated ring', o);
      const ring = new Float64Array(2 * nPts);
      for (let i = 0; i < 2 * nPts; i++, o += 8) ring[i] = view.getFloat64(o, le);
      rings.push(ring);
    }
    return rings;
  };
  const [le, type] = header();
  if (type === WKB_POLYGON) return [polygon(le)];
  if (type !== WKB_MULTIPOLYGON) fail(`geometry type ${type} is not Polygon/MultiPolygon`, 1);
  const n = u32(le);
  const out: Float64Array[][] = [];
  for (let p = 0; p < n; p++) {
    const [ple, ptype] = header();
    if (ptype !== WKB_POLYGON) fail(`MultiPolygon member of type ${ptype}`, o - 4);
    out.push(polygon(ple));
  }
  return out;
}
