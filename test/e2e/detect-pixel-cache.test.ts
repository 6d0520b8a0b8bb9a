import { existsSync, openSync, readdirSync, closeSync, writeSync, writeFileSync, fstatSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TilePool } from '../../src/pool/tile-pool.ts';
import type { TaskMap } from '../../src/pool/messages.ts';
import type { TileRunner } from '../../src/pool/tile-runner.ts';
import { openStore } from '../../src/store/index.ts';
import { runDetectJob } from '../../src/jobs/index.ts';
import type { DetectParams } from '../../src/jobs/job-types.ts';
import { params, sample, sha256, tmp } from '../helpers/run-job.ts';

const pool = new TilePool<TaskMap>({ workers: 2 });
afterAll(() => pool.destroy());

/** The same pool seen as a remote backend: no shared files, so no cache. */
const remote: TileRunner<TaskMap> = { workers: pool.workers, run: (n, t, o) => pool.run(n, t, o), destroy: async () => {} };

async function detect(p: DetectParams, runner: TileRunner<TaskMap>, jobId = 'cache-job'): Promise<string[]> {
  const store = await openStore(':memory:');
  try {
    await runDetectJob({ jobId, params: p, store, pool: runner });
  } finally {
    await store.close();
  }
  const files = ['change.tif', 'patches.geojson', ...(p.mode === 'spectral' ? [] : ['transitions.csv'])];
  return files.map((f) => sha256(join(p.outDir, f)));
}

const caches = (dir: string) => readdirSync(dir).filter((n) => n.startsWith('.cache-'));

describe('detect: the pixel cache changes speed, never bytes', () => {
  let s: Awaited<ReturnType<typeof sample>>;
  let dir: string;
  beforeAll(async () => {
    s = await sample(1024, 3);
    dir = tmp('pxcache');
  });
  const base = (outDir: string, over: Partial<DetectParams> = {}) =>
    params({ epochA: join(s.dir, 'epoch-a.tif'), epochB: join(s.dir, 'epoch-b.tif'), outDir, mmuM2: 40, ...over });

  const cases: Array<[string, Partial<DetectParams>]> = [
    ['stats pass writes it (exact statistics), tiles cut across units', { tileSizePx: 384 }],
    ['histogram pass writes it (sampled statistics)', { stats: 'sample', tileSizePx: 256 }],
    ['histogram pass writes it (no normalisation, no stats pass)', { normalize: false }],
    ['a fixed threshold: the detect pass reads what the stats pass cached', { threshold: 900 }],
    ['combined mode: transitions counted over each tile core only, halos read from the cache', { mode: 'combined', tileSizePx: 300, openRadiusPx: 1 }],
  ];
  for (const [name, over] of cases) {
    it(name, async () => {
      const key = name.replace(/\W+/g, '-');
      if (over.mode === 'combined') Object.assign(over, { landuseA: join(s.dir, 'landuse-a.tif'), landuseB: join(s.dir, 'landuse-b.tif') });
      const cached = await detect(base(join(dir, `${key}-cached`), over), pool);
      const plain = await detect(base(join(dir, `${key}-plain`), over), remote);
      expect(cached).toEqual(plain);
      expect(caches(join(dir, `${key}-cached`))).toEqual([]);
    });
  }

  it('a resumed job checks inherited entries and decodes again where the cache was damaged; stale caches go', async () => {
    const outDir = join(dir, 'resume');
    const p = base(outDir);
    const want = await detect(base(join(dir, 'resume-ref')), remote);
    const store = await openStore(':memory:');
    let failed = false;
    const failing: TileRunner<TaskMap> = {
      workers: pool.workers,
      localFiles: true,
      run: (n, t, o) => {
        if ((n === 'change' || n === 'detectTile') && !failed) {
          failed = true;
          return Promise.reject(new Error('injected failure'));
        }
        return pool.run(n, t, o);
      },
      destroy: async () => {},
    };
    await expect(runDetectJob({ jobId: 'resume-job', params: p, store, pool: failing })).rejects.toThrow(/injected/);
    const [file] = caches(outDir);
    expect(file).toMatch(/^\.cache-pixels-resume-job\.bin$/);
    // damage every entry: the stats checkpoints still promise the old CRCs
    const fd = openSync(join(outDir, file), 'r+');
    const size = fstatSync(fd).size;
    for (let at = 0; at < size; at += 4096) writeSync(fd, Buffer.from([0x5a, 0xa5, 0x5a]), 0, 3, at);
    closeSync(fd);
    writeFileSync(join(outDir, '.cache-pixels-other-job.bin'), 'stale');
    await runDetectJob({ jobId: 'resume-job', params: p, store, pool: failing });
    await store.close();
    expect([sha256(join(outDir, 'change.tif')), sha256(join(outDir, 'patches.geojson'))]).not.toContain(undefined);
    expect(sha256(join(outDir, 'change.tif'))).toBe(want[0]);
    expect(caches(outDir)).toEqual([]);
    expect(existsSync(join(outDir, '.cache-pixels-other-job.bin'))).toBe(false);
  });
});
