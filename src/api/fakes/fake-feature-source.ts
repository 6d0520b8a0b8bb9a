import type { Feature, Position } from 'geojson';
import { mulberry32 } from '../../util/prng.ts';
import type { BboxLonLat, CollectionInfo, FeatureSource, ItemPage, ItemQuery } from '../feature-source.ts';

function visit(coords: unknown, box: [number, number, number, number]): void {
  if (!Array.isArray(coords)) return;
  if (typeof coords[0] === 'number') {
    const [x, y] = coords as Position;
    if (x! < box[0]) box[0] = x!;
    if (y! < box[1]) box[1] = y!;
    if (x! > box[2]) box[2] = x!;
    if (y! > box[3]) box[3] = y!;
    return;
  }
  for (const c of coords) visit(c, box);
}

/** bbox of a Point/LineString/Polygon/Multi* feature (GeometryCollection not handled). */
export function featureBbox(f: Feature): BboxLonLat {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  if (f.geometry !== null && 'coordinates' in f.geometry) visit(f.geometry.coordinates, box);
  return box;
}

/** In-memory FeatureSource over arrays of features, filtering the way the store does. */
export class FakeFeatureSource implements FeatureSource {
  private readonly colls: Map<string, { info: CollectionInfo; features: Feature[]; boxes: BboxLonLat[] }>;

  constructor(collections: Array<{ info: CollectionInfo; features: Feature[] }>) {
    this.colls = new Map(collections.map((c) => [c.info.id, { ...c, boxes: c.features.map(featureBbox) }]));
  }

  async listCollections(): Promise<CollectionInfo[]> {
    return [...this.colls.values()].map((c) => c.info);
  }

  async queryItems(collectionId: string, q: ItemQuery): Promise<ItemPage | null> {
    const c = this.colls.get(collectionId);
    if (c === undefined) return null;
    const hits: Feature[] = [];
    for (let i = 0; i < c.features.length; i++) {
      const f = c.features[i]!;
      const b = c.boxes[i]!;
      if (q.bbox !== undefined && (b[2] < q.bbox[0] || b[0] > q.bbox[2] || b[3] < q.bbox[1] || b[1] > q.bbox[3])) continue;
      const props = f.properties ?? {};
      if (q.filters.changeCodes !== undefined && !q.filters.changeCodes.includes(Number(props.code))) continue;
      if (q.filters.minAreaM2 !== undefined && !(Number(props.area_m2) >= q.filters.minAreaM2)) continue;
      hits.push(f);
    }
    return { features: hits.slice(q.offset, q.offset + q.limit), numberMatched: hits.length };
  }

  async getItem(collectionId: string, featureId: string): Promise<Feature | null> {
    const c = this.colls.get(collectionId);
    return c?.features.find((f) => String(f.id) === featureId) ?? null;
  }
}

/**
 * A grid of small square patches (about 100 m) starting at `origin` (lon, lat), `cols × rows` of them,
 * with seeded codes (5, 20 or 60) and areas. Ids are `p0000`, `p0001`, … in row-major order.
 */
export function gridPatches(cols: number, rows: number, origin: [number, number], stepDeg: number, seed: number): Feature[] {
  const rnd = mulberry32(seed);
  const codes = [5, 20, 60];
  const out: Feature[] = [];
  const size = stepDeg * 0.4;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x = origin[0] + c * stepDeg;
      const y = origin[1] + r * stepDeg;
      const i = r * cols + c;
      out.push({
        type: 'Feature',
        id: `p${String(i).padStart(4, '0')}`,
        geometry: { type: 'Polygon', coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]] },
        properties: { code: codes[Math.floor(rnd() * codes.length)], area_m2: Math.round(100 + rnd() * 9900) },
      });
    }
  }
  return out;
}
