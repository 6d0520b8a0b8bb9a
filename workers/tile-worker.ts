/**
 * The tile worker: thin. Each export is one handler of the task map (piscina's `name` option); it decodes
 * what the task points at, runs kernels, and moves the result buffers back. No state between tasks.
 */
import { workerHandler } from '../src/pool/worker-handler.ts';
import { decodeTask } from '../src/pool/tasks/decode-task.ts';
import { statsTask } from '../src/pool/tasks/stats-task.ts';
import { histogramTask } from '../src/pool/tasks/histogram-task.ts';
import { changeTask } from '../src/pool/tasks/change-task.ts';
import { labelTask } from '../src/pool/tasks/label-task.ts';
import { sieveApplyTask } from '../src/pool/tasks/sieve-tile.ts';
import { detectTileTask } from '../src/pool/tasks/detect-tile-task.ts';

export const decode = workerHandler(decodeTask, (r) => r.bands.map((b) => b.buffer as ArrayBuffer));
export const stats = workerHandler(statsTask, () => []);
export const histogram = workerHandler(histogramTask, (r) => [r.counts.buffer as ArrayBuffer]);
export const change = workerHandler(changeTask, (r) => [
  r.codes.buffer as ArrayBuffer,
  r.transitionCodes.buffer as ArrayBuffer,
  r.magnitude.buffer as ArrayBuffer,
  r.transitions.buffer as ArrayBuffer,
]);
export const label = workerHandler(labelTask, (r) => [
  r.codes.buffer as ArrayBuffer,
  r.components.buffer as ArrayBuffer,
  r.codeCounts.buffer as ArrayBuffer,
  ...(r.sieveExtras ? [r.sieveExtras.buffer as ArrayBuffer] : []),
]);
export const detectTile = workerHandler(detectTileTask, (r) => [
  r.codes.buffer as ArrayBuffer,
  r.components.buffer as ArrayBuffer,
  r.codeCounts.buffer as ArrayBuffer,
  r.transitions.buffer as ArrayBuffer,
  ...(r.sieveExtras ? [r.sieveExtras.buffer as ArrayBuffer] : []),
]);
export const sieveApply = workerHandler(sieveApplyTask, (r) => [
  r.codes.buffer as ArrayBuffer,
  r.components.buffer as ArrayBuffer,
  r.codeCounts.buffer as ArrayBuffer,
]);
