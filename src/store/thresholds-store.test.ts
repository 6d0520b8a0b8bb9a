import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './open-store.ts';

let store: Store;
beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(() => store.close());

describe('thresholds store', () => {
  it('round-trips the threshold, its Float64 histogram and spec, and upserts per method', async () => {
    const histogram = Float64Array.from({ length: 256 }, (_, i) => (i * 37) % 101 + 0.5);
    await store.thresholds.save({ jobId: 'j1', method: 'otsu', value: 17.25, histogram, spec: { bins: 256, range: [0, 64] } });
    await store.thresholds.save({ jobId: 'j1', method: 'fixed', value: 9, histogram: null, spec: null, updated: '2024-01-01T00:00:00.000Z' });
    const otsu = await store.thresholds.get('j1', 'otsu');
    expect(otsu?.histogram).toEqual(histogram);
    expect(otsu).toMatchObject({ value: 17.25, spec: { bins: 256, range: [0, 64] } });
    await store.thresholds.save({ jobId: 'j1', method: 'otsu', value: 18, histogram: histogram.subarray(1, 3), spec: null });
    expect(await store.thresholds.get('j1', 'otsu')).toMatchObject({ value: 18, histogram: histogram.slice(1, 3) });
    expect((await store.thresholds.list('j1')).map((t) => t.method)).toEqual(['fixed', 'otsu']);
    expect(await store.thresholds.get('j2', 'otsu')).toBeNull();
  });
});
