import type { PixelWindow, RasterSource } from '../raster/index.ts';

export interface StatsUnit {
  /** stable id: index in the full unit grid (row-major) */
  id: number;
  col: number;
  row: number;
  window: PixelWindow;
}

export interface StatsUnits {
  units: StatsUnit[];
  /** the unit grid: unit id = row · cols + col */
  unitWidth: number;
  unitHeight: number;
  cols: number;
  /** share of the unit grid that is read: 1 = exact statistics */
  fraction: number;
}

/** Below this many units the statistics are always exact (a sample of a small scene is no saving). */
const EXACT_BELOW_UNITS = 64;

/**
 * The windows the statistics pass reads, on the SOURCE block grid (never the job's tiles), so the
 * statistics — and the normalisation and threshold after them — do not depend on --tile-size. A unit is a
 * whole number of source blocks about 512 px on a side. `sample` keeps one unit in four on a diagonal
 * lattice (each row shifted by one), which spreads the sample evenly over the scene, like GDAL's approximate
 * statistics; small scenes are always read whole.
 */
export function statsUnits(src: RasterSource, mode: 'exact' | 'sample'): StatsUnits {
  const uw = src.blockWidth * Math.max(1, Math.round(512 / src.blockWidth));
  const uh = src.blockHeight * Math.max(1, Math.round(512 / src.blockHeight));
  const cols = Math.ceil(src.width / uw);
  const rows = Math.ceil(src.height / uh);
  const all = cols * rows;
  const sample = mode === 'sample' && all >= EXACT_BELOW_UNITS;
  const units: StatsUnit[] = [];
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < cols; col++) {
      if (sample && (col + 3 * row) % 4 !== 0) continue;
      const x = col * uw;
      const y = row * uh;
      units.push({ id: row * cols + col, col, row, window: { x, y, width: Math.min(uw, src.width - x), height: Math.min(uh, src.height - y) } });
    }
  }
  return { units, unitWidth: uw, unitHeight: uh, cols, fraction: units.length / all };
}
