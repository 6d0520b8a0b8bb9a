/** Derives an independent 32-bit seed for one purpose (k) from the scene seed. */
export function subSeed(seed: number, k: number): number {
  let h = Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(k + 1, 0x632be5ab);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return (h ^ (h >>> 13)) | 0;
}
