import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TilePool } from '../../src/pool/tile-pool.ts';
import type { TaskMap } from '../../src/pool/messages.ts';
import { readWindow } from '../../src/raster/index.ts';
import { POLYGON_VALUE_CODE_FACTOR } from '../../src/kernels/index.ts';
import { runDetectJob } from '../../src/jobs/index.ts';
import type { DetectParams } from '../../src/jobs/job-types.ts';
import { params, runJob, sample, sha256, tmp } from '../helpers/run-job.ts';
import { gdalPolygonize } from './polygonize-oracle.ts';
import { gdalSieve, hasGdalSieve } from './sieve-oracle.ts';

const pool = new TilePool<TaskMap>({ workers: 2 });
afterAll(() => pool.destroy());

const SIZE = 512;

async function changeRaster(outDir: string): Promise<Uint8Array> {
  return (await readWindow(join(outDir, 'change.tif'), { x: 0, y: 0, width: SIZE, height: SIZE }))[0] as Uint8Array;
}

interface PatchProps { value: number; pixel_count: number }
function patchKeys(outDir: string): string[] {
  const fc = JSON.parse(readFileSync(join(outDir, 'patches.geojson'), 'utf8')) as { features: Array<{ properties: PatchProps }> };
  return fc.features.map((f) => `${f.properties.value}:${f.properties.pixel_count}`).sort();
}

function ringArea2(r: number[]): number {
  let a = 0;
  for (let i = 0; i + 3 < r.length; i += 2) a += r[i] * r[i + 3] - r[i + 2] * r[i + 1];
  return Math.abs(a);
}

describe.skipIf(!hasGdalSieve())('detect --mmu-mode merge = gdal_sieve.py on the change raster (sample 512², seed 1)', () => {
  let s: Awaited<ReturnType<typeof sample>>;
  let dir: string;
  let base: (over: Partial<DetectParams>) => DetectParams;
  beforeAll(async () => {
    s = await sample(SIZE, 1);
    dir = tmp('sieve');
    base = (over) => params({
      epochA: join(s.dir, 'epoch-a.tif'), epochB: join(s.dir, 'epoch-b.tif'), outDir: join(dir, 'x'),
      mode: 'spectral', openRadiusPx: 1, closeRadiusPx: 1, ...over,
    });
  });

  for (const connectivity of [4, 8] as const) {
    it(`-${connectivity}: change.tif equals gdal_sieve.py of the unsieved change.tif at tile sizes 64, 256, 333 and whole; patches equal gdal_polygonize.py of it`, async () => {
      const unsievedDir = join(dir, `drop-${connectivity}`);
      const r0 = await runJob(base({ outDir: unsievedDir, mmuM2: 0, mmuMode: 'drop', connectivity, tileSizePx: SIZE }), pool);
      await r0.store.close();
      const unsieved = await changeRaster(unsievedDir);
      const pixelArea = r0.summary.grid.pixelAreaM2;
      const T = 30;
      const mmuM2 = (T - 0.5) * pixelArea; // ceil → T
      const gdal = gdalSieve(Int32Array.from(unsieved), SIZE, SIZE, 255, T, connectivity);

      const outs: string[] = [];
      for (const tileSizePx of [64, 256, 333, SIZE]) {
        const outDir = join(dir, `merge-${connectivity}-${tileSizePx}`);
        const { summary, store } = await runJob(base({ outDir, mmuM2, mmuMode: 'merge', connectivity, tileSizePx }), pool);
        await store.close();
        expect(summary.patches.sieve?.thresholdPx).toBe(T);
        expect(summary.patches.mergedByMmu).toBeGreaterThan(0);
        expect(summary.patches.droppedByMmu).toBe(0);
        expect(summary.parameters.mmuMode).toBe('merge');
        const ours = await changeRaster(outDir);
        let diff = 0;
        let changedBySieve = 0;
        for (let i = 0; i < ours.length; i++) {
          if (ours[i] !== gdal[i]) diff++;
          if (gdal[i] !== unsieved[i]) changedBySieve++;
        }
        expect(changedBySieve).toBeGreaterThan(0);
        expect(diff, `tile ${tileSizePx}: pixels differing from gdal_sieve.py`).toBe(0);
        outs.push(outDir);
      }
      for (const o of outs.slice(1)) {
        expect(sha256(join(o, 'change.tif'))).toBe(sha256(join(outs[0], 'change.tif')));
        expect(sha256(join(o, 'patches.geojson'))).toBe(sha256(join(outs[0], 'patches.geojson')));
      }

      // the patches are gdal_polygonize.py of GDAL's sieved raster: same count per value and the same areas
      const [feats] = gdalPolygonize([{ width: SIZE, height: SIZE, values: Array.from(gdal), nodata: 255, mask: null, connectivity }]);
      const expected = feats
        .filter((f) => f.value !== 0)
        .map((f) => `${f.value * POLYGON_VALUE_CODE_FACTOR}:${(ringArea2(f.rings[0]) - f.rings.slice(1).reduce((a, r) => a + ringArea2(r), 0)) / 2}`)
        .sort();
      expect(patchKeys(outs[0])).toEqual(expected);
    });
  }

  it('combined mode (values carry transitions): tile sizes 128 and 333 give byte-identical outputs; a resumed job rewrites the same bytes', async () => {
    const over = (outDir: string, tileSizePx: number): DetectParams => base({
      outDir, tileSizePx, mode: 'combined', mmuM2: 25 * 4, mmuMode: 'merge', connectivity: 8,
      landuseA: join(s.dir, 'landuse-a.tif'), landuseB: join(s.dir, 'landuse-b.tif'),
    });
    const a = join(dir, 'comb-128');
    const b = join(dir, 'comb-333');
    const ra = await runJob(over(a, 128), pool);
    const rb = await runJob(over(b, 333), pool);
    await rb.store.close();
    expect(ra.summary.patches.mergedByMmu).toBeGreaterThan(0);
    for (const f of ['change.tif', 'patches.geojson', 'patches.csv', 'transitions.csv']) expect(sha256(join(b, f)), f).toBe(sha256(join(a, f)));
    // same job id, same store: every tile comes back from its checkpoint (graph rebuilt from the payloads)
    const before = ['change.tif', 'patches.geojson'].map((f) => sha256(join(a, f)));
    const again = await runDetectJob({ jobId: 'test-job', params: over(a, 128), store: ra.store, pool });
    await ra.store.close();
    expect(again.patches.count).toBe(ra.summary.patches.count);
    expect(['change.tif', 'patches.geojson'].map((f) => sha256(join(a, f)))).toEqual(before);
  });
});
