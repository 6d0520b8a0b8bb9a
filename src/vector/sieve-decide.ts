import { VectorError } from './vector-error.ts';

/** A polygon adjacency graph: nodes are whole (stitched) polygons, edges carry GDAL's scan key. */
export interface SieveGraphInput {
  /** per node: pixels */
  sizes: ArrayLike<number>;
  /** per node: polygon value */
  values: ArrayLike<number>;
  nodeCount: number;
  /** edges between distinct nodes (duplicates allowed): edgeA[i], edgeB[i], first-comparison key edgeKeys[i] */
  edgeA: ArrayLike<number>;
  edgeB: ArrayLike<number>;
  edgeKeys: ArrayLike<number>;
  edgeCount: number;
}

export interface SieveDecision {
  /** per node: value after the sieve (its own value when it stays) */
  finalValues: Int32Array;
  /** polygons under the threshold */
  small: number;
  /** small polygons with no valid neighbour at all (left as they are) */
  isolated: number;
  /** small polygons whose chain of largest neighbours never reaches one ≥ the threshold (left as they are) */
  unmergeable: number;
  /** small polygons that took another value */
  merged: number;
  /** of those, polygons with a non-zero value (change patches merged away) */
  mergedNonZero: number;
}

/**
 * GDALSieveFilter's decision (alg/gdalsievefilter.cpp, GDAL 2.x–3.x), on a whole-raster polygon graph:
 * 1. every polygon's largest neighbour: the neighbour with the most pixels; between equal sizes the one
 *    GDAL's scan compares first (smallest key) — GDAL keeps the first and replaces only on strictly larger;
 * 2. a polygon with size ≥ threshold stays;
 * 3. a small polygon with no neighbour stays ("isolated");
 * 4. otherwise follow largest-neighbour links (P → big(P) → big(big(P)) …) until a polygon ≥ threshold
 *    is reached: P takes THAT polygon's value (even when it does not touch P). If the walk comes back to a
 *    polygon already visited (a cycle of equally small polygons), P stays ("unmergeable").
 * Sizes and links come from the ORIGINAL polygons (merges do not grow their targets), so the outcome does
 * not depend on the order polygons are visited; GDAL's in-place chain compression is a memo of the same
 * walk. Walks are memoised here too, so the whole decision is O(nodes + edges).
 */
export function decideSieve(g: SieveGraphInput, thresholdPx: number): SieveDecision {
  if (!(thresholdPx >= 0)) throw new VectorError('E_VECTOR_GEOMETRY', `sieve threshold must be ≥ 0 pixels, got ${thresholdPx}`);
  const n = g.nodeCount;
  const big = new Int32Array(n).fill(-1);
  const bigKey = new Float64Array(n);
  const { sizes, edgeA, edgeB, edgeKeys } = g;
  for (let e = 0; e < g.edgeCount; e++) {
    const a = edgeA[e];
    const b = edgeB[e];
    const k = edgeKeys[e];
    if (a === b) continue;
    offer(a, b, k);
    offer(b, a, k);
  }
  function offer(p: number, q: number, k: number): void {
    const cur = big[p];
    if (cur < 0 || sizes[q] > sizes[cur] || (sizes[q] === sizes[cur] && k < bigKey[p])) {
      big[p] = q;
      bigKey[p] = k;
    }
  }

  // target[p]: -2 unknown, -1 stays, else the node whose value p takes
  const target = new Int32Array(n).fill(-2);
  const stamp = new Int32Array(n).fill(-1);
  const path = new Int32Array(n);
  const out: SieveDecision = {
    finalValues: new Int32Array(n), small: 0, isolated: 0, unmergeable: 0, merged: 0, mergedNonZero: 0,
  };
  for (let p = 0; p < n; p++) {
    out.finalValues[p] = g.values[p];
    if (sizes[p] >= thresholdPx) continue;
    out.small++;
    if (big[p] < 0) {
      out.isolated++;
      target[p] = -1;
      continue;
    }
    // walk: path[0..len) are small nodes whose outcome is the walk's outcome
    let len = 0;
    let cur = p;
    let result = -1;
    stamp[p] = p;
    path[len++] = p;
    for (;;) {
      cur = big[cur];
      if (cur < 0) break; // cannot happen for a node that is someone's neighbour; kept for safety
      if (sizes[cur] >= thresholdPx) {
        result = cur;
        break;
      }
      if (target[cur] !== -2) {
        result = target[cur];
        break;
      }
      if (stamp[cur] === p) break; // cycle of small polygons
      stamp[cur] = p;
      path[len++] = cur;
    }
    for (let i = 0; i < len; i++) target[path[i]] = result;
    if (result < 0) {
      out.unmergeable++;
      continue;
    }
    const v = g.values[result];
    if (v !== g.values[p]) {
      out.finalValues[p] = v;
      out.merged++;
      if (g.values[p] !== 0) out.mergedNonZero++;
    }
  }
  return out;
}
