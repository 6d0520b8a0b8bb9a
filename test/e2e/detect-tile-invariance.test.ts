import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TilePool } from '../../src/pool/tile-pool.ts';
import type { TaskMap } from '../../src/pool/messages.ts';
import { readWindow } from '../../src/raster/index.ts';
import { params, runJob, sample, sha256, tmp } from '../helpers/run-job.ts';

const pool = new TilePool<TaskMap>({ workers: 2 });
afterAll(() => pool.destroy());

describe('detect: tile size never changes the result (DESIGN invariant 1)', () => {
  let dir: string;
  let s: Awaited<ReturnType<typeof sample>>;
  beforeAll(async () => {
    s = await sample(1024, 1);
    dir = tmp('inv');
  });

  for (const mode of ['spectral', 'combined'] as const) {
    it(`${mode}: tile sizes 256, 512, 1000 and the whole raster give identical change rasters and polygons`, async () => {
      const outs: string[] = [];
      for (const tileSizePx of [256, 512, 1000, 1024]) {
        const outDir = join(dir, `${mode}-${tileSizePx}`);
        const p = params({
          epochA: join(s.dir, 'epoch-a.tif'),
          epochB: join(s.dir, 'epoch-b.tif'),
          outDir,
          mode,
          tileSizePx,
          openRadiusPx: 1,
          closeRadiusPx: 2,
          mmuM2: 40,
          ...(mode === 'combined' ? { landuseA: join(s.dir, 'landuse-a.tif'), landuseB: join(s.dir, 'landuse-b.tif') } : {}),
        });
        const { summary, store } = await runJob(p, pool);
        await store.close();
        expect(summary.tiles.tileSizePx).toBe(tileSizePx);
        outs.push(outDir);
      }
      const [ref, ...rest] = outs;
      const refPixels = (await readWindow(join(ref, 'change.tif'), { x: 0, y: 0, width: 1024, height: 1024 }))[0];
      for (const o of rest) {
        const px = (await readWindow(join(o, 'change.tif'), { x: 0, y: 0, width: 1024, height: 1024 }))[0];
        expect(Buffer.compare(Buffer.from(px.buffer), Buffer.from(refPixels.buffer))).toBe(0);
        // the output COG has its own fixed tiling, so even the file bytes agree
        expect(sha256(join(o, 'change.tif'))).toBe(sha256(join(ref, 'change.tif')));
        expect(sha256(join(o, 'patches.geojson'))).toBe(sha256(join(ref, 'patches.geojson')));
        expect(sha256(join(o, 'patches.csv'))).toBe(sha256(join(ref, 'patches.csv')));
        if (mode === 'combined') expect(sha256(join(o, 'transitions.csv'))).toBe(sha256(join(ref, 'transitions.csv')));
      }
    });
  }
});
