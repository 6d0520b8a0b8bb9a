import { VectorError } from './vector-error.ts';

/**
 * Minimum mapping unit by dropping: keeps polygons of at least minPixels pixels. Runs after stitching (a
 * polygon cut by tile seams is judged whole — DESIGN invariant 2). This is NOT gdal_sieve.py, which merges a
 * small polygon into its largest neighbour; that needs component adjacency, which the stitcher does not
 * collect yet.
 */
export function filterSmall<T extends { pixelCount: number }>(polygons: Iterable<T>, minPixels: number): T[] {
  if (!Number.isFinite(minPixels) || minPixels < 0) {
    throw new VectorError('E_VECTOR_GEOMETRY', `minimum mapping unit must be a non-negative number of pixels, got ${minPixels}`);
  }
  const out: T[] = [];
  for (const p of polygons) if (p.pixelCount >= minPixels) out.push(p);
  return out;
}
