import { executeWindowRead } from '../../raster/index.ts';
import type { DecodeResult, DecodeTask } from '../messages.ts';

/** Pure decode of a window: the floor every other pass is measured against. */
export async function decodeTask(task: DecodeTask): Promise<DecodeResult> {
  const t0 = performance.now();
  const bands = await executeWindowRead(task.read);
  return { bands, ms: performance.now() - t0 };
}
