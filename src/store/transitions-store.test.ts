import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './open-store.ts';
import { testPatches } from './test-patches.ts';

let store: Store;
beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(() => store.close());

describe('transitions store', () => {
  it('replaces counts and summarises them with the kept polygons', async () => {
    await store.transitions.replace('j1', [{ fromClass: 9, toClass: 9, pixels: 1, areaM2: 1 }]);
    await store.transitions.replace('j1', [
      { fromClass: 1, toClass: 1, pixels: 1000, areaM2: 4000 },
      { fromClass: 1, toClass: 20, pixels: 300, areaM2: 1200 },
      { fromClass: 3, toClass: 20, pixels: 100, areaM2: 400 },
      { fromClass: 4, toClass: 11, pixels: 5_000_000_000, areaM2: 0 },
    ]);
    expect((await store.transitions.list('j1')).map((t) => [t.fromClass, t.toClass, t.pixels])).toEqual([
      [1, 1, 1000],
      [1, 20, 300],
      [3, 20, 100],
      [4, 11, 5_000_000_000],
    ]);
    const patches = testPatches(30, 11).filter((p) => p.fromClass === 1 && p.toClass === 20);
    await store.patches.insertMany('j1', patches);
    const summary = await store.transitions.summary('j1');
    expect(summary[0]).toMatchObject({
      fromClass: 1,
      toClass: 20,
      areaShare: 0.75,
      patchCount: patches.length,
      patchAreaM2: expect.closeTo(patches.reduce((s, p) => s + p.areaM2, 0), 3),
    });
    expect(summary[1]).toMatchObject({ fromClass: 3, toClass: 20, areaShare: 0.25, patchCount: 0, patchAreaM2: 0 });
    expect(summary.at(-1)).toMatchObject({ fromClass: 1, toClass: 1, areaShare: null });
  });
});
