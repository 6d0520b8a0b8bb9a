import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TilePool } from './tile-pool.ts';
import { RasterError } from '../raster/raster-error.ts';

type FaultyMap = {
  exitUntil: [{ counter: string; failures: number }, { attempts: number }];
  throwAlways: [Record<string, never>, never];
  typedError: [Record<string, never>, never];
  echoMoved: [{ n: number }, { buf: Float64Array }];
};

const filename = new URL('../../test/fixtures/pool/faulty-worker.mjs', import.meta.url).href;
const dir = mkdtempSync(join(tmpdir(), 'lw-pool-'));
const pool = new TilePool<FaultyMap>({ workers: 1, retries: 2, filename });
afterAll(() => pool.destroy());

describe('TilePool', () => {
  it('retries a task whose worker exits, on a fresh worker', async () => {
    const counter = join(dir, 'a');
    await expect(pool.run('exitUntil', { counter, failures: 2 })).resolves.toEqual({ attempts: 3 });
  });

  it('fails the task with its label after all retries', async () => {
    const counter = join(dir, 'b');
    await expect(pool.run('exitUntil', { counter, failures: 9 }, { label: 'tile 4,5' })).rejects.toMatchObject({
      code: 'E_POOL_TASK_FAILED',
      message: expect.stringContaining('tile 4,5: failed 3 times'),
    });
    await expect(pool.run('throwAlways', {})).rejects.toMatchObject({ code: 'E_POOL_TASK_FAILED' });
  });

  it('rebuilds typed errors from workers without retrying them', async () => {
    const err = await pool.run('typedError', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RasterError);
    expect(err).toMatchObject({ code: 'E_RASTER_DECODE', details: { file: 'a.tif', tile: '1,2' } });
  });

  it('moves result buffers instead of copying them', async () => {
    const { buf } = await pool.run('echoMoved', { n: 1000 });
    expect(buf.length).toBe(1000);
    expect(buf[999]).toBe(7);
  });

  it('rejects a task cancelled before it starts', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(pool.run('echoMoved', { n: 1 }, { signal: ac.signal })).rejects.toMatchObject({ code: 'E_POOL_ABORTED' });
  });

  it('survives a reply that arrives after its task was cancelled', async () => {
    const errors: Error[] = [];
    const late = new TilePool<FaultyMap>({ workers: 1, filename, onPoolError: (e) => errors.push(e) });
    const quiet = new TilePool<FaultyMap>({ workers: 1, filename });
    /** One race: the worker replies while this thread is busy; the abort then lands before the reply is read. */
    const race = async (p: TilePool<FaultyMap>) => {
      await p.run('echoMoved', { n: 1 }); // worker up
      const ac = new AbortController();
      const run = p.run('echoMoved', { n: 1 }, { signal: ac.signal });
      const until = Date.now() + 300;
      while (Date.now() < until);
      ac.abort();
      await expect(run).rejects.toMatchObject({ code: 'E_POOL_ABORTED' });
      await new Promise((r) => setTimeout(r, 100));
      await expect(p.run('echoMoved', { n: 2 })).resolves.toMatchObject({ buf: expect.any(Float64Array) });
    };
    try {
      // a loaded machine may not run the worker within the busy wait: try again until the late reply is seen
      for (let attempt = 0; attempt < 5 && errors.length === 0; attempt++) await race(late);
      expect(errors.length).toBeGreaterThan(0);
      for (const e of errors) expect(e.message).toMatch(/^Unexpected message from Worker/);
      await race(quiet); // default handler: no uncaught error
    } finally {
      await Promise.all([late.destroy(), quiet.destroy()]);
    }
  });

  it('types tasks by name', () => {
    // @ts-expect-error a detect-style task does not fit the echo handler
    void (() => pool.run('echoMoved', { counter: 'x' }));
    // @ts-expect-error unknown task names do not compile
    void (() => pool.run('nope', {}));
  });
});
