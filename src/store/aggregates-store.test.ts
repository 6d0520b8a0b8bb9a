import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './open-store.ts';
import { testPatches } from './test-patches.ts';

let store: Store;
beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(() => store.close());

describe('aggregates store', () => {
  it('sums change area by code and reads per-tile change from tile stats', async () => {
    const patches = testPatches(200, 21);
    await store.patches.insertMany('j1', patches);
    await store.reviews.record({ jobId: 'j1', patchId: patches[0].id, status: 'false_detection' });
    const byCode = await store.aggregates.changeAreaByCode('j1');
    for (const row of byCode) {
      const mine = patches.filter((p) => p.code === row.code);
      expect(row.patchCount).toBe(mine.length);
      expect(row.areaM2).toBeCloseTo(mine.reduce((s, p) => s + p.areaM2, 0), 3);
      expect(row.pixelCount).toBe(mine.reduce((s, p) => s + p.pixelCount, 0));
      expect(row.falseDetectionCount).toBe(row.code === patches[0].code ? 1 : 0);
    }
    expect(byCode.reduce((s, r) => s + r.patchCount, 0)).toBe(200);

    const tile = { jobId: 'j1', pass: 'detect' as const, status: 'done' as const, payload: null, ms: 5, attempts: 1 };
    await store.tiles.commit({ ...tile, tileId: 1, col: 1, row: 0, stats: { changedPixels: 40, changedAreaM2: 160 } });
    await store.tiles.commit({ ...tile, tileId: 0, col: 0, row: 0, stats: {} });
    await store.tiles.commit({ ...tile, tileId: 2, col: 2, row: 0, stats: null, status: 'failed' });
    await store.tiles.commit({ ...tile, tileId: 3, col: 3, row: 0, stats: { changedPixels: 1 }, pass: 'stats' });
    expect(await store.aggregates.changeByTile('j1')).toEqual([
      { tileId: 0, col: 0, row: 0, changedPixels: null, changedAreaM2: null, ms: 5, attempts: 1 },
      { tileId: 1, col: 1, row: 0, changedPixels: 40, changedAreaM2: 160, ms: 5, attempts: 1 },
    ]);
  });
});
