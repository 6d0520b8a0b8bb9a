import { ringSignedArea } from '../vector/area-planar.ts';
import type { CrsRef } from '../vector/crs.ts';
import { lonLatTransform } from '../vector/geodesic-area.ts';
import type { LayerFeature } from './layer-types.ts';

/** RFC 7946 geometry text (lon/lat, 1e-9°) of a layer feature, whatever the layer's CRS. */
export function layerFeatureGeoJson(feature: LayerFeature, crs: CrsRef): string {
  return polygonsGeoJson(feature.polygons, crs);
}

/** RFC 7946 Polygon/MultiPolygon text of native polygons; exteriors counter-clockwise in lon/lat. */
export function polygonsGeoJson(polygons: readonly (readonly Float64Array[])[], crs: CrsRef): string {
  const t = lonLatTransform(crs);
  const r9 = (v: number) => Math.round(v * 1e9) / 1e9;
  const polys = polygons.map((rings) =>
    rings.map((ring, r) => {
      const ll = new Float64Array(ring.length);
      for (let i = 0; i < ring.length; i += 2) {
        const [x, y] = t === null ? [ring[i], ring[i + 1]] : t(ring[i], ring[i + 1]);
        ll[i] = r9(x);
        ll[i + 1] = r9(y);
      }
      // right-hand rule: exterior counter-clockwise, holes clockwise
      const reverse = r === 0 ? ringSignedArea(ll) < 0 : ringSignedArea(ll) > 0;
      const pts: string[] = [];
      const n = ll.length >> 1;
      for (let k = 0; k < n; k++) {
        const i = reverse ? n - 1 - k : k;
        pts.push(`[${ll[2 * i]},${ll[2 * i + 1]}]`);
      }
      return `[${pts.join(',')}]`;
    }),
  );
  if (polys.length === 1) return `{"type":"Polygon","coordinates":[${polys[0].join(',')}]}`;
  return `{"type":"MultiPolygon","coordinates":[${polys.map((p) => `[${p.join(',')}]`).join(',')}]}`;
}
