/**
 * Rings of pixel-edge polygons: Int32Array of x0,y0,x1,y1,… in pixel-vertex coordinates (y down), closed
 * (first vertex repeated last). Exterior rings are clockwise on screen (positive shoelace sum with y down),
 * holes anticlockwise.
 */

let scratch = new Int32Array(1024);

/** Growable Int32Array that rings are appended to (one buffer for many rings: no per-ring allocation). */
export class RingPool {
  data = new Int32Array(4096);
  length = 0;

  reserve(n: number): void {
    if (this.length + n <= this.data.length) return;
    const next = new Int32Array(Math.max(2 * this.data.length, this.length + n));
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
}

/**
 * Appends the canonical closed ring of an open vertex cycle (nVertices vertices at src[from…], the last not
 * repeating the first) to pool: collinear vertices removed, starting at the smallest (y, x) vertex (always a
 * corner), first vertex repeated last. Returns twice its signed area (positive = clockwise on screen with
 * y down = exterior).
 */
export function appendCanonicalRing(src: Int32Array, from: number, nVertices: number, pool: RingPool): number {
  if (scratch.length < 2 * nVertices) scratch = new Int32Array(4 * nVertices);
  let m = 0;
  let best = 0;
  for (let i = 0; i < nVertices; i++) {
    const ip = i === 0 ? nVertices - 1 : i - 1;
    const inx = i === nVertices - 1 ? 0 : i + 1;
    const x = src[from + 2 * i];
    const y = src[from + 2 * i + 1];
    if ((src[from + 2 * ip] === x && x === src[from + 2 * inx]) || (src[from + 2 * ip + 1] === y && y === src[from + 2 * inx + 1])) continue;
    scratch[2 * m] = x;
    scratch[2 * m + 1] = y;
    const by = scratch[2 * best + 1];
    if (y < by || (y === by && x < scratch[2 * best])) best = m;
    m++;
  }
  pool.reserve(2 * (m + 1));
  const out = pool.data;
  const o = pool.length;
  let area2 = 0;
  for (let k = 0, i = best; k < m; k++, i = i + 1 === m ? 0 : i + 1) {
    out[o + 2 * k] = scratch[2 * i];
    out[o + 2 * k + 1] = scratch[2 * i + 1];
  }
  out[o + 2 * m] = out[o];
  out[o + 2 * m + 1] = out[o + 1];
  for (let k = 0; k < m; k++) {
    area2 += out[o + 2 * k] * out[o + 2 * k + 3] - out[o + 2 * k + 2] * out[o + 2 * k + 1];
  }
  pool.length = o + 2 * (m + 1);
  return area2;
}

/** Like appendCanonicalRing, returning the ring in its own array. */
export function canonicalRing(src: Int32Array, from: number, nVertices: number): { ring: Int32Array; area2: number } {
  const pool = new RingPool();
  const area2 = appendCanonicalRing(src, from, nVertices, pool);
  return { ring: pool.data.slice(0, pool.length), area2 };
}

/** Twice the signed area of a closed ring (positive = clockwise on screen with y down). */
export function ringArea2(ring: Int32Array): number {
  let a = 0;
  for (let k = 0; k + 3 < ring.length; k += 2) a += ring[k] * ring[k + 3] - ring[k + 2] * ring[k + 1];
  return a;
}

/**
 * Checks that a ring is a valid OGC ring of pixel edges: closed, at least 4 corners, axis-aligned segments,
 * no collinear or repeated vertex, and simple (no lattice point visited twice, which for axis-aligned rings on
 * the integer grid also excludes crossings and self-touching). Returns null when valid, else the problem.
 *
 * allowPinch: accept a ring that touches itself at corner vertices (each visited at most twice, as a corner
 * both times). That is what an 8-connected component joined only through a diagonal looks like (GDAL emits
 * the same ring); OGC calls it invalid, ESRI calls it valid, and no single OGC Polygon can represent it.
 */
export function ringProblem(ring: Int32Array, opts: { allowPinch?: boolean } = {}): string | null {
  const n = ring.length / 2 - 1;
  if (ring.length % 2 !== 0 || n < 4) return `too few vertices (${n})`;
  if (ring[0] !== ring[2 * n] || ring[1] !== ring[2 * n + 1]) return 'not closed';
  const seen = new Set<number>();
  const pinches = new Set<number>();
  for (let k = 0; k < n; k++) {
    const x0 = ring[2 * k];
    const y0 = ring[2 * k + 1];
    const x1 = ring[2 * k + 2];
    const y1 = ring[2 * k + 3];
    if (x0 !== x1 && y0 !== y1) return `segment ${k} is not axis-aligned`;
    if (x0 === x1 && y0 === y1) return `repeated vertex ${x0},${y0}`;
    const kp = k === 0 ? n - 1 : k - 1;
    const xp = ring[2 * kp];
    const yp = ring[2 * kp + 1];
    if ((xp === x0 && x0 === x1) || (yp === y0 && y0 === y1)) return `collinear vertex ${x0},${y0}`;
    const dx = Math.sign(x1 - x0);
    const dy = Math.sign(y1 - y0);
    for (let x = x0, y = y0; x !== x1 || y !== y1; x += dx, y += dy) {
      const key = y * 4294967296 + x;
      const corner = x === x0 && y === y0;
      if (seen.has(key)) {
        if (opts.allowPinch !== true || !corner || !pinches.has(key)) return `ring touches itself at ${x},${y}`;
        pinches.delete(key);
        continue;
      }
      seen.add(key);
      if (corner) pinches.add(key);
    }
  }
  return null;
}
