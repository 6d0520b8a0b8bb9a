import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './open-store.ts';
import type { StoredJobInput } from './stored-job.ts';

/** A job exactly as src/jobs builds a JobRecord. */
function job(id: string, created: string, over: Partial<StoredJobInput> = {}): StoredJobInput {
  return {
    id,
    processId: 'change-detection',
    status: 'accepted',
    params: {
      epochA: '/data/a.tif',
      epochB: '/data/b.tif',
      outDir: '/tmp/run',
      mode: 'spectral',
      threshold: 'otsu',
      mmuM2: 400,
      openRadiusPx: 1,
      closeRadiusPx: 1,
      connectivity: 4,
      tileSizePx: 512,
      normalize: true,
      bands: [0, 2],
    },
    progress: { phase: 'queued', tilesDone: 0, tilesTotal: 0, percent: 0, etaSeconds: null },
    message: null,
    error: null,
    created,
    started: null,
    finished: null,
    updated: created,
    ...over,
  };
}

describe('jobs store', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore(':memory:');
  });
  afterEach(() => store.close());

  it('round-trips a job record field for field', async () => {
    const rec = job('j1', '2024-05-01T10:00:00.123Z', {
      status: 'failed',
      message: '3 tiles failed',
      error: { code: 'E_RASTER_TRUNCATED', message: 'b.tif: tile 3,7: truncated', details: { file: 'b.tif', tile: '3,7' } },
      progress: { phase: 'detect', tilesDone: 12, tilesTotal: 40, percent: 31.25, etaSeconds: 12.5 },
      started: '2024-05-01T10:00:01.000Z',
      finished: '2024-05-01T10:05:00.999Z',
      updated: '2024-05-01T10:05:00.999Z',
    });
    await store.jobs.insert(rec);
    expect(await store.jobs.get('j1')).toEqual(rec);
    expect(await store.jobs.get('nope')).toBeNull();
  });

  it('rejects a duplicate id and an unknown status', async () => {
    await store.jobs.insert(job('j1', '2024-05-01T10:00:00.000Z'));
    await expect(store.jobs.insert(job('j1', '2024-05-01T10:00:00.000Z'))).rejects.toMatchObject({ code: 'E_STORE_CONSTRAINT' });
    const bad = { ...job('j2', '2024-05-01T10:00:00.000Z'), status: 'paused' } as unknown as StoredJobInput;
    await expect(store.jobs.insert(bad)).rejects.toMatchObject({ code: 'E_STORE_INVALID' });
  });

  it('merges updates, keeps fields not given and can clear nullable ones', async () => {
    await store.jobs.insert(job('j1', '2024-05-01T10:00:00.000Z', { message: 'queued' }));
    const running = await store.jobs.update('j1', {
      status: 'running',
      started: '2024-05-01T10:00:02.000Z',
      updated: '2024-05-01T10:00:02.000Z',
    });
    expect(running).toMatchObject({ status: 'running', message: 'queued', started: '2024-05-01T10:00:02.000Z' });
    const cleared = await store.jobs.update('j1', { message: null });
    expect(cleared?.message).toBeNull();
    expect(cleared?.status).toBe('running');
    expect(Date.parse(cleared?.updated ?? '')).toBeGreaterThan(Date.parse('2024-05-01T10:00:02.000Z'));
    expect(await store.jobs.get('j1')).toEqual(cleared);
    expect(await store.jobs.update('missing', { status: 'failed' })).toBeNull();
  });

  it('writes progress and reports unknown ids', async () => {
    await store.jobs.insert(job('j1', '2024-05-01T10:00:00.000Z'));
    const progress = { phase: 'detect', tilesDone: 7, tilesTotal: 9, percent: 77.7, etaSeconds: 3 };
    expect(await store.jobs.setProgress('j1', progress, '2024-05-01T10:01:00.000Z')).toBe(true);
    expect(await store.jobs.setProgress('zz', progress)).toBe(false);
    const got = await store.jobs.get('j1');
    expect(got?.progress).toEqual(progress);
    expect(got?.updated).toBe('2024-05-01T10:01:00.000Z');
  });

  it('lists newest first with a total, filters by status and finds unfinished jobs', async () => {
    for (let i = 0; i < 5; i++) {
      await store.jobs.insert(
        job(`j${i}`, `2024-05-0${i + 1}T00:00:00.000Z`, { status: i % 2 === 0 ? 'successful' : i === 1 ? 'running' : 'accepted' }),
      );
    }
    const page = await store.jobs.list({ limit: 2, offset: 1 });
    expect(page.total).toBe(5);
    expect(page.jobs.map((j) => j.id)).toEqual(['j3', 'j2']);
    const done = await store.jobs.list({ limit: 10, offset: 0, status: 'successful' });
    expect(done.total).toBe(3);
    expect(done.jobs.map((j) => j.id)).toEqual(['j4', 'j2', 'j0']);
    expect((await store.jobs.listUnfinished()).map((j) => j.id)).toEqual(['j1', 'j3']);
  });
});
