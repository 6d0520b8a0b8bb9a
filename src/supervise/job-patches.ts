import type { Store } from '../store/index.ts';
import type { CrsRef } from '../vector/crs.ts';
import { decodeWkb } from '../vector/wkb.ts';
import type { PatchRecord } from '../vector/patch-record.ts';

/** What supervision reads of a change patch: a PatchRecord fits; `geojson` (lon/lat text) is optional. */
export type SupervisePatch = Pick<PatchRecord, 'id' | 'code' | 'fromClass' | 'toClass' | 'rings' | 'crs' | 'centroidLonLat'> & {
  geojson?: string;
};

const PAGE = 1000;

/**
 * A stored job's patches with their native geometry (WKB), for supervising a finished job again (new
 * layers or rules) without re-running detection. `crs` is the job's grid CRS (summary.grid / jobs store).
 */
export async function loadJobPatches(store: Store, jobId: string, crs: CrsRef): Promise<SupervisePatch[]> {
  const out: SupervisePatch[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await store.patches.query(jobId, { limit: PAGE, offset });
    for (const p of page.patches) {
      const full = await store.patches.get(jobId, p.id);
      if (!full) continue;
      const polygons = decodeWkb(full.wkb);
      out.push({ id: p.id, code: p.code, fromClass: p.fromClass, toClass: p.toClass, rings: polygons[0] ?? [], crs, centroidLonLat: p.centroidLonLat, geojson: p.geojson });
    }
    if (page.patches.length < PAGE) break;
  }
  return out;
}
