/**
 * Scene polygons → RFC 7946 GeoJSON in lon/lat (CGCS2000 ≈ WGS84, no "crs" member): pixel → projected
 * (geotransform) → lon/lat (proj4), exterior rings counter-clockwise, holes clockwise, rings closed,
 * coordinates rounded to 1e-9° so the files are byte-stable.
 */
import type { GeoTransform } from '../raster/index.ts';
import { toLonLat, type PointTransform } from '../vector/crs.ts';
import { ringSignedArea } from './polygon-geometry.ts';
import type { PlantedChange, PolygonPx, RingPx, Scene } from './sample-types.ts';

type Position = [number, number];

export interface GeoJsonPolygonFeature {
  type: 'Feature';
  properties: Record<string, unknown>;
  geometry: { type: 'Polygon'; coordinates: Position[][] };
}

export interface GeoJsonFeatureCollection {
  type: 'FeatureCollection';
  name: string;
  features: GeoJsonPolygonFeature[];
}

const round9 = (v: number): number => Math.round(v * 1e9) / 1e9;

export class SceneProjector {
  private readonly toLL: PointTransform;
  constructor(
    private readonly geoTransform: GeoTransform,
    epsg: number,
  ) {
    this.toLL = toLonLat(epsg);
  }

  /** Pixel-space point → projected (x, y). */
  projected(px: number, py: number): Position {
    const gt = this.geoTransform;
    return [gt[0] + px * gt[1] + py * gt[2], gt[3] + px * gt[4] + py * gt[5]];
  }

  lonLat(px: number, py: number): Position {
    const [x, y] = this.projected(px, py);
    const [lon, lat] = this.toLL(x, y);
    return [round9(lon), round9(lat)];
  }

  polygon(polygon: PolygonPx): Position[][] {
    return polygon.rings.map((ring, k) => this.ring(ring, k === 0));
  }

  private ring(ring: RingPx, exterior: boolean): Position[] {
    const projected: RingPx = [];
    for (let i = 0; i < ring.length; i += 2) projected.push(...this.projected(ring[i], ring[i + 1]));
    const ccw = ringSignedArea(projected) > 0;
    const out: Position[] = [];
    for (let i = 0; i < ring.length; i += 2) out.push(this.lonLat(ring[i], ring[i + 1]));
    if (ccw !== exterior) out.reverse();
    out.push(out[0]);
    return out;
  }
}

export interface PolygonWithProperties {
  polygon: PolygonPx;
  properties: Record<string, unknown>;
}

export function featureCollection(name: string, projector: SceneProjector, features: readonly PolygonWithProperties[]): GeoJsonFeatureCollection {
  return {
    type: 'FeatureCollection',
    name,
    features: features.map((f) => ({ type: 'Feature', properties: { ...f.properties }, geometry: { type: 'Polygon', coordinates: projector.polygon(f.polygon) } })),
  };
}

/** The planted changes with their labels (truth.geojson). */
export function truthCollection(scene: Scene, projector: SceneProjector): GeoJsonFeatureCollection {
  return featureCollection('truth', projector, scene.changes.map(changeFeature));
}

function changeFeature(c: PlantedChange): PolygonWithProperties {
  return {
    polygon: c.polygon,
    properties: {
      id: c.id,
      from: c.from,
      to: c.to,
      code: c.code,
      kind: c.kind,
      area_m2: c.areaM2,
      pixels: c.pixels,
      legal: c.legal,
      expected_rules: c.expectedRules,
      approval_id: c.approvalId,
    },
  };
}
