import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './open-store.ts';
import type { TileCommit } from './tiles-store.ts';

function tile(tileId: number, over: Partial<TileCommit> = {}): TileCommit {
  return {
    jobId: 'j1',
    pass: 'detect',
    tileId,
    col: tileId % 4,
    row: Math.floor(tileId / 4),
    status: 'done',
    stats: { changedPixels: tileId * 10, changedAreaM2: tileId * 2.5 },
    payload: Uint8Array.from({ length: 16 + tileId }, (_, i) => (i * 7 + tileId) & 255),
    ms: 12,
    attempts: 1,
    updated: '2024-05-01T10:00:00.000Z',
    ...over,
  };
}

describe('tiles store', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore(':memory:');
  });
  afterEach(() => store.close());

  it('makes re-committing a done tile a no-op', async () => {
    expect(await store.tiles.commit(tile(3))).toBe(true);
    expect(await store.tiles.commit(tile(3))).toBe(false);
    // a later, different commit of a done tile does not rewrite the checkpoint either
    expect(await store.tiles.commit(tile(3, { payload: new Uint8Array([9]), updated: '2025-01-01T00:00:00.000Z' }))).toBe(false);
    const got = await store.tiles.get('j1', 'detect', 3);
    expect(got).toEqual({ ...tile(3), payload: tile(3).payload });
    expect(await store.tiles.count('j1', 'detect')).toEqual({ done: 1, failed: 0 });
  });

  it('commits checkpoints that arrive together in one group, each resolving on its own', async () => {
    const first = await Promise.all(Array.from({ length: 40 }, (_, i) => store.tiles.commit(tile(i))));
    expect(first).toEqual(Array(40).fill(true));
    // a group mixing new tiles and already-done ones: each caller gets its own answer
    const second = await Promise.all([store.tiles.commit(tile(3)), store.tiles.commit(tile(40)), store.tiles.commit(tile(7))]);
    expect(second).toEqual([false, true, false]);
    expect(await store.tiles.count('j1', 'detect')).toEqual({ done: 41, failed: 0 });
    expect(await store.tiles.get('j1', 'detect', 17)).toEqual({ ...tile(17), payload: tile(17).payload });
    await expect(store.tiles.commit(tile(50, { status: 'weird' as never }))).rejects.toThrow(/unknown status/);
  });

  it('replaces a failed tile by a later attempt', async () => {
    expect(await store.tiles.commit(tile(5, { status: 'failed', payload: null, stats: { error: 'E_RASTER_TRUNCATED' } }))).toBe(true);
    expect(await store.tiles.commit(tile(5, { status: 'failed', payload: null, stats: { error: 'E_RASTER_TRUNCATED' } }))).toBe(false);
    expect(await store.tiles.count('j1', 'detect')).toEqual({ done: 0, failed: 1 });
    expect(await store.tiles.commit(tile(5, { attempts: 2 }))).toBe(true);
    expect(await store.tiles.get('j1', 'detect', 5)).toMatchObject({ status: 'done', attempts: 2 });
    expect(await store.tiles.count('j1', 'detect')).toEqual({ done: 1, failed: 0 });
  });

  it('lists checkpoints by tile id whatever the commit order, per pass', async () => {
    for (const id of [7, 2, 9, 0, 4]) await store.tiles.commit(tile(id));
    await store.tiles.commit(tile(1, { pass: 'histogram' }));
    const list = await store.tiles.list('j1', 'detect');
    expect(list.map((t) => t.tileId)).toEqual([0, 2, 4, 7, 9]);
    expect(list[3]).toMatchObject({ col: 3, row: 1, payloadBytes: 23, stats: { changedPixels: 70 } });
    expect((await store.tiles.list('j1', 'histogram')).map((t) => t.tileId)).toEqual([1]);
  });

  it('streams payloads in tile order, page by page, while other writes go on', async () => {
    const ids = [12, 3, 8, 0, 5, 1, 10, 7, 2, 11];
    for (const id of ids) await store.tiles.commit(tile(id));
    await store.tiles.commit(tile(4, { status: 'failed', payload: null }));
    const seen: number[] = [];
    for await (const p of store.tiles.listPayloads('j1', 'detect', { pageSize: 3 })) {
      seen.push(p.tileId);
      expect(p.payload).toEqual(tile(p.tileId).payload);
      // the store is not locked between pages
      await store.jobs.list({ limit: 1, offset: 0 });
      if (p.tileId === 2) await store.tiles.commit(tile(6)); // ahead of the cursor, before page 2 is read
    }
    // tile 6 is streamed in order; failed tile 4 is not
    expect(seen).toEqual([0, 1, 2, 3, 5, 6, 7, 8, 10, 11, 12]);
  });

  it('deletes one pass or every pass of a job', async () => {
    await store.tiles.commit(tile(0));
    await store.tiles.commit(tile(0, { pass: 'stats' }));
    await store.tiles.commit(tile(0, { jobId: 'other' }));
    expect(await store.tiles.deleteForJob('j1', 'stats')).toBe(1);
    expect(await store.tiles.deleteForJob('j1')).toBe(1);
    expect(await store.tiles.count('other', 'detect')).toEqual({ done: 1, failed: 0 });
  });

  it('rejects an unknown pass', async () => {
    const bad = { ...tile(0), pass: 'bogus' } as unknown as TileCommit;
    await expect(store.tiles.commit(bad)).rejects.toMatchObject({ code: 'E_STORE_INVALID' });
  });
});
