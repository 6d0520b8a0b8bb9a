/**
 * Well-known text for polygons. `toWkt(rings)` → POLYGON; `toWkt([rings, rings…])` → MULTIPOLYGON
 * (a single-member list gives POLYGON). Rings are flat Float64Array x0,y0,x1,y1,…; an unclosed ring is
 * closed. Numbers are the shortest round-trip decimal, or rounded to `decimals` places when given; never
 * exponent notation (not every WKT reader takes it).
 */
export function toWkt(geometry: readonly Float64Array[] | readonly (readonly Float64Array[])[], decimals?: number): string {
  if (geometry.length === 0) return 'POLYGON EMPTY';
  if (geometry[0] instanceof Float64Array) return `POLYGON ${polygonText(geometry as readonly Float64Array[], decimals)}`;
  const polygons = geometry as readonly (readonly Float64Array[])[];
  if (polygons.length === 1) return `POLYGON ${polygonText(polygons[0], decimals)}`;
  return `MULTIPOLYGON (${polygons.map((p) => polygonText(p, decimals)).join(', ')})`;
}

function polygonText(rings: readonly Float64Array[], decimals: number | undefined): string {
  const parts: string[] = [];
  for (const ring of rings) {
    const pts: string[] = [];
    for (let i = 0; i < ring.length; i += 2) pts.push(`${formatNumber(ring[i], decimals)} ${formatNumber(ring[i + 1], decimals)}`);
    const n = ring.length;
    if (n >= 2 && (ring[0] !== ring[n - 2] || ring[1] !== ring[n - 1])) pts.push(pts[0]);
    parts.push(`(${pts.join(', ')})`);
  }
  return `(${parts.join(', ')})`;
}

/** Decimal text of a coordinate: rounded to `decimals` places when given, never in exponent form. */
export function formatNumber(v: number, decimals?: number): string {
  let x = v;
  if (decimals !== undefined) {
    const f = 10 ** decimals;
    x = Math.round(v * f) / f;
    if (Object.is(x, -0)) x = 0;
  }
  const s = String(x);
  if (!s.includes('e')) return s;
  return x.toFixed(decimals ?? 20).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}
