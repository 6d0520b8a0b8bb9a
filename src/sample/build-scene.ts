/**
 * The whole sample scene from (seed, size): landscape, planning layers and planted changes. O(features)
 * memory; deterministic in its inputs.
 */
import { buildLandscape } from './build-landscape.ts';
import { plantChanges } from './plant-changes.ts';
import { SampleError } from './sample-error.ts';
import type { Scene } from './sample-types.ts';

export const MIN_SIZE = 256;
export const MAX_SIZE = 32768;

export function buildScene(seed: number, size: number): Scene {
  if (!Number.isInteger(size) || size < MIN_SIZE || size > MAX_SIZE) {
    throw new SampleError('E_SAMPLE_OPTIONS', `size must be an integer from ${MIN_SIZE} to ${MAX_SIZE} px, got ${size}`, { size });
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new SampleError('E_SAMPLE_OPTIONS', `seed must be an integer from 0 to 2^32−1, got ${seed}`, { seed });
  }
  const { scene, districts } = buildLandscape(seed, size);
  plantChanges(scene, districts);
  if (scene.changes.length === 0) {
    throw new SampleError('E_SAMPLE_PLACEMENT', `no change could be planted in a ${size}² scene`, { size, seed });
  }
  return scene;
}
