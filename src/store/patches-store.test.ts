import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeWkb } from '../vector/wkb.ts';
import { migrate } from './migrate.ts';
import type { PatchRow } from './patch-row.ts';
import { createPatchesStore, type PatchesStore } from './patches-store.ts';
import { StoreDb } from './store-db.ts';
import { testPatches } from './test-patches.ts';

const N = 50_000;
const INJECTIONS = ["' OR 1=1 --", "j1'; DROP TABLE patches; --", '1) OR (1=1', '%', "x' OR '1'='1"];

function intersects(p: PatchRow, [w, s, e, n]: readonly number[]): boolean {
  const b = p.bboxLonLat;
  return b[2] >= w && b[0] <= e && b[3] >= s && b[1] <= n;
}

describe('patches store', () => {
  let db: StoreDb;
  let patches: PatchesStore;
  const rows = testPatches(N, 7);

  /** An independent count with the bbox as SQL literals (test-only SQL). */
  async function sqlCount(bbox: readonly number[]): Promise<number> {
    const [w, s, e, n] = bbox;
    return db.exclusive(async (ss) => {
      const r = await ss.connection.runAndReadAll(
        `SELECT count(*)::INTEGER FROM patches WHERE job_id = 'j1' AND lon_max >= ${w} AND lat_max >= ${s} AND lon_min <= ${e} AND lat_min <= ${n}`,
      );
      return Number(r.getRowsJS()[0][0]);
    });
  }

  beforeAll(async () => {
    db = await StoreDb.open(':memory:');
    await migrate(db);
    patches = createPatchesStore(db);
    expect(await patches.insertMany('j1', rows)).toBe(N);
    await patches.insertMany('j2', rows.slice(0, 10));
  });
  afterAll(() => db.close());

  it('bulk-inserts 50k patches', async () => {
    expect(await patches.count('j1')).toBe(N);
    expect(await patches.count('j2')).toBe(10);
    expect(await patches.count('nope')).toBe(0);
  });

  it('pages a bbox query with limit/offset; numberMatched equals COUNT(*)', async () => {
    const bbox = [104, 24, 106.5, 26] as const;
    const expected = rows.filter((p) => intersects(p, bbox)).map((p) => p.id);
    expect(expected.length).toBeGreaterThan(2000);
    expect(await sqlCount(bbox)).toBe(expected.length);
    const seen: string[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await patches.query('j1', { bbox, limit: 1000, offset });
      expect(page.numberMatched).toBe(expected.length);
      for (const p of page.patches) expect(intersects(p as PatchRow, bbox)).toBe(true);
      seen.push(...page.patches.map((p) => p.id));
      if (page.patches.length < 1000) break;
    }
    expect(seen).toEqual([...expected].sort());
  });

  it('filters by code, change type, minimum area and review status', async () => {
    const bbox = [100, 20, 103, 23] as const;
    const want = (f: (p: PatchRow) => boolean) => rows.filter((p) => intersects(p, bbox) && f(p)).length;
    const q = (extra: object) => patches.query('j1', { bbox, limit: 5, ...extra });
    expect((await q({ code: 5 })).numberMatched).toBe(want((p) => p.code === 5));
    expect((await q({ code: [1, 2] })).numberMatched).toBe(want((p) => p.code === 1 || p.code === 2));
    expect((await q({ changeType: 'cropland_to_construction' })).numberMatched).toBe(want((p) => p.code === 20));
    expect((await q({ changeType: 'cropland_to_construction_label_only' })).numberMatched).toBe(want((p) => p.code === 60));
    expect((await q({ changeType: 'vegetation_loss', code: 2 })).numberMatched).toBe(0);
    expect((await q({ minAreaM2: 500_000 })).numberMatched).toBe(want((p) => p.areaM2 >= 500_000));
    expect((await q({ minAreaM2: 500_000, code: 3 })).numberMatched).toBe(want((p) => p.areaM2 >= 500_000 && p.code === 3));
    expect((await q({ reviewStatus: 'unreviewed' })).numberMatched).toBe(want(() => true));
    expect((await q({ reviewStatus: 'confirmed' })).numberMatched).toBe(0);
    const all = await patches.query('j1', { limit: 0 });
    expect(all).toEqual({ patches: [], numberMatched: N });
  });

  it('treats SQL-injection strings as plain values', async () => {
    for (const evil of INJECTIONS) {
      expect(await patches.query(evil, { limit: 10 })).toEqual({ patches: [], numberMatched: 0 });
      expect(await patches.query('j1', { changeType: evil })).toEqual({ patches: [], numberMatched: 0 });
      expect(await patches.get('j1', evil)).toBeNull();
      expect(await patches.get(evil, 'p000001')).toBeNull();
      expect(await patches.count(evil)).toBe(0);
      await expect(patches.query('j1', { reviewStatus: evil as 'confirmed' })).rejects.toMatchObject({ code: 'E_STORE_INVALID' });
      expect(await patches.deleteForJob(evil)).toBe(0);
    }
    const nan = Number('1 OR 1=1');
    await expect(patches.query('j1', { bbox: [nan, 0, 1, 1] })).rejects.toMatchObject({ code: 'E_STORE_INVALID' });
    await expect(patches.query('j1', { limit: nan })).rejects.toMatchObject({ code: 'E_STORE_INVALID' });
    expect(await patches.count('j1')).toBe(N);
  });

  it('returns one patch with every field and its WKB', async () => {
    for (const src of [rows[1234], rows[1235]]) {
      const got = await patches.get('j1', src.id);
      expect(got).not.toBeNull();
      const { rings, wkb, ...fields } = src;
      expect(got).toMatchObject({ ...fields, jobId: 'j1', reviewStatus: 'unreviewed' });
      const ring = rings?.[0] ?? decodeWkb(wkb as Uint8Array)[0][0];
      expect(decodeWkb(got?.wkb as Uint8Array)).toEqual([[ring]]);
    }
  });

  it('inserts a batch all or nothing: a duplicate id fails the whole batch', async () => {
    const batch = testPatches(20, 99, 'dup');
    batch[15] = { ...batch[15], id: batch[3].id };
    await expect(patches.insertMany('j3', batch)).rejects.toMatchObject({ code: 'E_STORE_CONSTRAINT' });
    expect(await patches.count('j3')).toBe(0);
    await expect(patches.insertMany('j2', rows.slice(5, 6))).rejects.toMatchObject({ code: 'E_STORE_CONSTRAINT' });
    expect(await patches.count('j2')).toBe(10);
  });

  it('names the patch whose values cannot be stored', async () => {
    const batch = testPatches(4, 5, 'bad');
    batch[2] = { ...batch[2], code: 300 };
    await expect(patches.insertMany('j4', batch)).rejects.toMatchObject({ message: expect.stringContaining('bad000002') });
    expect(await patches.count('j4')).toBe(0);
  });
});
