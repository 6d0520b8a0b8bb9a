import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './open-store.ts';
import { REVIEW_STATUSES, type ReviewStatus } from './review-status.ts';
import { testPatches } from './test-patches.ts';

describe('reviews store', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore(':memory:');
    await store.patches.insertMany('j1', testPatches(5, 3));
  });
  afterEach(() => store.close());

  it('keeps every decision of 50 concurrent updates and the latest as the patch status', async () => {
    const ids = ['p000000', 'p000001', 'p000002', 'p000003', 'p000004'];
    const decided = REVIEW_STATUSES.filter((s) => s !== 'unreviewed');
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store.reviews.record({
          jobId: 'j1',
          patchId: ids[i % 5],
          status: decided[i % decided.length],
          reviewer: `reviewer-${i}`,
          comment: i % 3 === 0 ? `note ${i}` : null,
          approvalRef: i % 7 === 0 ? `APP-${i}` : null,
        }),
      ),
    );
    const history = await store.reviews.history('j1');
    expect(history).toHaveLength(50);
    expect(new Set(history.map((r) => r.reviewId)).size).toBe(50);
    expect(new Set(history.map((r) => r.reviewer))).toEqual(new Set(results.map((r) => r.reviewer)));
    for (const id of ids) {
      const mine = await store.reviews.history('j1', id);
      expect(mine).toHaveLength(10);
      // each decision saw the one before it
      let previous: ReviewStatus = 'unreviewed';
      for (const r of mine) {
        expect(r.previousStatus).toBe(previous);
        previous = r.status;
      }
      expect((await store.patches.get('j1', id))?.reviewStatus).toBe(previous);
    }
  });

  it('returns what it stored', async () => {
    const r = await store.reviews.record({
      jobId: 'j1',
      patchId: 'p000002',
      status: 'legal',
      reviewer: '张三',
      comment: "approved; O'Brien said so",
      approvalRef: '浙规许 2024-017',
      at: '2024-06-01T09:30:00.000Z',
    });
    expect(await store.reviews.history('j1', 'p000002')).toEqual([r]);
    expect(r).toMatchObject({ previousStatus: 'unreviewed', status: 'legal', at: '2024-06-01T09:30:00.000Z' });
    const page = await store.patches.query('j1', { reviewStatus: 'legal' });
    expect(page.patches.map((p) => p.id)).toEqual(['p000002']);
  });

  it('rejects an unknown patch or status and writes no audit row', async () => {
    await expect(store.reviews.record({ jobId: 'j1', patchId: 'nope', status: 'confirmed' })).rejects.toMatchObject({
      code: 'E_STORE_NOT_FOUND',
    });
    await expect(
      store.reviews.record({ jobId: 'j1', patchId: 'p000000', status: "confirmed' OR 1=1 --" as ReviewStatus }),
    ).rejects.toMatchObject({ code: 'E_STORE_INVALID' });
    expect(await store.reviews.history('j1')).toEqual([]);
    expect((await store.patches.get('j1', 'p000000'))?.reviewStatus).toBe('unreviewed');
  });

  it('keeps the audit when the patches are deleted for a re-run', async () => {
    await store.reviews.record({ jobId: 'j1', patchId: 'p000001', status: 'field_check' });
    await store.patches.deleteForJob('j1');
    expect(await store.reviews.history('j1')).toHaveLength(1);
  });
});
