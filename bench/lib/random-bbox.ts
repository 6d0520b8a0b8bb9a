/** [west, south, east, north] in degrees */
export type Bbox = readonly [number, number, number, number];

/**
 * A random query window inside `extent`: each side 2–20 % of the extent's side, centre uniform (clamped
 * inside), drawn from `rand` (a seeded mulberry32), so runs with the same seed send the same boxes.
 */
export function randomBbox(rand: () => number, extent: Bbox): [number, number, number, number] {
  const [w, s, e, n] = extent;
  const fw = (e - w) * (0.02 + 0.18 * rand());
  const fh = (n - s) * (0.02 + 0.18 * rand());
  const x = w + (e - w - fw) * rand();
  const y = s + (n - s - fh) * rand();
  return [x, y, x + fw, y + fh];
}

export function bboxParam(b: Bbox): string {
  return b.map((v) => v.toFixed(7)).join(',');
}
