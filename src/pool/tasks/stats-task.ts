import { bandStats } from '../../kernels/index.ts';
import type { StatsResult, StatsTask } from '../messages.ts';
import { readEpochs } from './read-epochs.ts';

/** Pass "stats": per-band statistics of both epochs over the pixels valid in both. */
export async function statsTask(task: StatsTask): Promise<StatsResult> {
  const t0 = performance.now();
  const px = await readEpochs(task.imagery);
  return {
    statsA: bandStats(px.a, px.valid, px.n),
    statsB: bandStats(px.b, px.valid, px.n),
    ms: performance.now() - t0,
  };
}
