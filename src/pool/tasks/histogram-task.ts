import { cvaMagnitude, histogram } from '../../kernels/index.ts';
import type { HistogramResult, HistogramTask } from '../messages.ts';
import { writePixelCache } from './pixel-cache.ts';
import { readEpochs } from './read-epochs.ts';

/** Pass "histogram": fixed-bin histogram of the CVA magnitude over valid pixels of the tile core. */
export async function histogramTask(task: HistogramTask): Promise<HistogramResult> {
  const t0 = performance.now();
  const px = await readEpochs(task.imagery);
  const magnitude = cvaMagnitude(px.a, px.b, task.cvaBands, task.normalization, px.valid, px.n);
  return {
    counts: histogram(magnitude, px.valid, px.n, task.spec),
    cacheCrc: task.cache ? writePixelCache(task.cache, px.valid, px.a, px.b) : null,
    ms: performance.now() - t0,
  };
}
