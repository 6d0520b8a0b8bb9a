/**
 * The tile worker: thin. Each export is one handler of the task map (piscina's `name` option); it decodes
 * what the task points at, runs kernels, and moves the result buffers back. No state between tasks.
 */
import { workerHandler } from '../src/pool/worker-handler.ts';
import { decodeTask } from '../src/pool/tasks/decode-task.ts';
import { statsTask } from '../src/pool/tasks/stats-task.ts';
import { histogramTask } from '../src/pool/tasks/histogram-task.ts';
import { detectTask } from '../src/pool/tasks/detect-task.ts';

export const decode = workerHandler(decodeTask, (r) => r.bands.map((b) => b.buffer as ArrayBuffer));
export const stats = workerHandler(statsTask, () => []);
export const histogram = workerHandler(histogramTask, (r) => [r.counts.buffer as ArrayBuffer]);
export const detect = workerHandler(detectTask, (r) => [
  r.codes.buffer as ArrayBuffer,
  r.components.buffer as ArrayBuffer,
  r.codeCounts.buffer as ArrayBuffer,
  r.transitions.buffer as ArrayBuffer,
]);
