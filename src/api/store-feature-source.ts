import type { Feature, Geometry } from 'geojson';
import type { Store, StoredPatch } from '../store/index.ts';
import type { CollectionInfo, FeatureSource, ItemPage, ItemQuery } from './feature-source.ts';

/** The Features API over the store: one collection per successful job, its patches as items. */
export function storeFeatureSource(store: Store): FeatureSource {
  return {
    async listCollections(): Promise<CollectionInfo[]> {
      const { jobs } = await store.jobs.list({ limit: 10_000, offset: 0, status: 'successful' });
      const out: CollectionInfo[] = [];
      for (const j of jobs) {
        const p = j.params as { epochA?: string; epochB?: string };
        out.push({
          id: j.id,
          title: `Change patches of job ${j.id}`,
          description: `${p.epochA ?? '?'} → ${p.epochB ?? '?'} (${j.processId})`,
          bboxLonLat: await store.patches.extent(j.id),
          interval: [j.started, j.finished],
        });
      }
      return out;
    },
    async queryItems(collectionId: string, q: ItemQuery): Promise<ItemPage | null> {
      if (!(await isCollection(store, collectionId))) return null;
      const page = await store.patches.query(collectionId, {
        bbox: q.bbox,
        limit: q.limit,
        offset: q.offset,
        code: q.filters.changeCodes,
        minAreaM2: q.filters.minAreaM2,
      });
      return { features: page.patches.map(toFeature), numberMatched: page.numberMatched };
    },
    async getItem(collectionId: string, featureId: string): Promise<Feature | null> {
      if (!(await isCollection(store, collectionId))) return null;
      const p = await store.patches.get(collectionId, featureId);
      return p ? toFeature(p) : null;
    },
  };
}

async function isCollection(store: Store, id: string): Promise<boolean> {
  const job = await store.jobs.get(id);
  return job !== null && job.status === 'successful';
}

function toFeature(p: StoredPatch): Feature {
  return {
    type: 'Feature',
    id: p.id,
    geometry: JSON.parse(p.geojson) as Geometry,
    properties: {
      code: p.code,
      value: p.value,
      from_class: p.fromClass,
      to_class: p.toClass,
      pixel_count: p.pixelCount,
      area_m2: p.areaM2,
      area_ellipsoid_m2: p.areaEllipsoidM2,
      perimeter_m: p.perimeterM,
      mean_magnitude: p.meanMagnitude,
      review_status: p.reviewStatus,
      ...p.properties,
    },
  };
}
