import { describe, expect, it } from 'vitest';
import { runTiles } from './run-tiles.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runTiles', () => {
  it('commits every tile once, one commit at a time, with bounded tiles in flight', async () => {
    let inFlight = 0;
    let maxSeen = 0;
    let committing = 0;
    const committed: number[] = [];
    await runTiles({
      tiles: Array.from({ length: 20 }, (_, i) => i),
      maxInFlight: 3,
      run: async (t) => {
        inFlight++;
        maxSeen = Math.max(maxSeen, inFlight);
        await sleep((t * 7) % 5);
        inFlight--;
        return t * 2;
      },
      commit: async (t, r) => {
        expect(committing).toBe(0);
        committing++;
        await sleep(1);
        committed.push(r / 2);
        committing--;
      },
    });
    expect(committed.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(maxSeen).toBeLessThanOrEqual(3);
  });

  it('stops starting tiles after a failure and rethrows it', async () => {
    const started: number[] = [];
    await expect(
      runTiles({
        tiles: Array.from({ length: 50 }, (_, i) => i),
        maxInFlight: 2,
        run: async (t) => {
          started.push(t);
          await sleep(1);
          if (t === 3) throw new Error('tile 3 broke');
          return t;
        },
        commit: () => undefined,
      }),
    ).rejects.toThrow('tile 3 broke');
    expect(started.length).toBeLessThan(10);
  });

  it('stops when cancelled', async () => {
    const ac = new AbortController();
    const done: number[] = [];
    const p = runTiles({
      tiles: Array.from({ length: 100 }, (_, i) => i),
      maxInFlight: 2,
      run: async (t) => {
        await sleep(2);
        return t;
      },
      commit: (t) => {
        done.push(t);
        if (done.length === 5) ac.abort(new Error('cancelled by user'));
      },
      signal: ac.signal,
    });
    await expect(p).rejects.toThrow('cancelled by user');
    expect(done.length).toBeLessThan(10);
  });
});
