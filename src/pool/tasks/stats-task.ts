import { bandStats } from '../../kernels/index.ts';
import type { StatsResult, StatsTask } from '../messages.ts';
import { writePixelCache } from './pixel-cache.ts';
import { readEpochs } from './read-epochs.ts';

/** Pass "stats": per-band statistics of both epochs over the pixels valid in both (and the pixel cache). */
export async function statsTask(task: StatsTask): Promise<StatsResult> {
  const t0 = performance.now();
  const px = await readEpochs(task.imagery);
  return {
    statsA: bandStats(px.a, px.valid, px.n),
    statsB: bandStats(px.b, px.valid, px.n),
    cacheCrc: task.cache ? writePixelCache(task.cache, px.valid, px.a, px.b) : null,
    ms: performance.now() - t0,
  };
}
