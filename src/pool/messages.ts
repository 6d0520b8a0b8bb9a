import type { BandStats } from '../kernels/band-stats.ts';
import type { Normalization } from '../kernels/normalization.ts';
import type { BandRoles } from '../kernels/band-roles.ts';
import type { HistogramSpec } from '../kernels/histogram.ts';
import type { LanduseRemap } from '../kernels/remap-table.ts';
import type { PixelArray, PixelWindow, WindowRead } from '../raster/raster-types.ts';

/**
 * The worker protocol: one map from task name to [task, result]. Tasks carry what to read (byte ranges,
 * windows), never pixels; results come back as typed arrays moved to the main thread.
 */
export type TaskMap = {
  decode: [DecodeTask, DecodeResult];
  stats: [StatsTask, StatsResult];
  histogram: [HistogramTask, HistogramResult];
  detect: [DetectTask, DetectResult];
};

export type TaskName = keyof TaskMap;

export interface TileRef {
  id: number;
  col: number;
  row: number;
  /** 'col,row', for error messages */
  label: string;
}

export interface EpochPair {
  a: WindowRead;
  b: WindowRead;
  nodataA: number | null;
  nodataB: number | null;
}

export interface DecodeTask {
  read: WindowRead;
}
export interface DecodeResult {
  bands: PixelArray[];
  ms: number;
}

/** Pass "stats": per-band statistics of both epochs over jointly valid pixels (for normalisation). */
export interface StatsTask {
  tile: TileRef;
  imagery: EpochPair;
}
export interface StatsResult {
  statsA: BandStats;
  statsB: BandStats;
  ms: number;
}

/** Pass "histogram": fixed-bin histogram of the CVA magnitude (for a global Otsu threshold). */
export interface HistogramTask {
  tile: TileRef;
  imagery: EpochPair;
  cvaBands: number[];
  normalization: Normalization | null;
  spec: HistogramSpec;
}
export interface HistogramResult {
  counts: Float64Array;
  ms: number;
}

export interface SpectralParams {
  imagery: EpochPair;
  cvaBands: number[];
  roles: BandRoles;
  normalization: Normalization | null;
  threshold: number;
}

export interface LanduseParams {
  landuse: EpochPair;
  /** table mapping another classification onto GB/T 21010 codes, or null */
  remap: LanduseRemap | null;
}

/** Pass "detect": change codes, cleanup, component labelling of the tile core with a 1-px context ring. */
export interface DetectTask {
  tile: TileRef;
  /** pixels the tile owns */
  core: PixelWindow;
  /** the window read from every input (core + halo, clipped to the raster) */
  read: PixelWindow;
  rasterWidth: number;
  rasterHeight: number;
  mode: 'spectral' | 'landuse' | 'combined';
  spectral: SpectralParams | null;
  landuse: LanduseParams | null;
  openRadiusPx: number;
  closeRadiusPx: number;
  connectivity: 4 | 8;
}
export interface DetectResult {
  /** change codes of the core (uint8 legend), row-major core.width × core.height */
  codes: Uint8Array;
  /** encoded TileComponents (labelled components, border labels, boundary chains) */
  components: Uint8Array;
  /** changed pixel count per change code (index = code) */
  codeCounts: Float64Array;
  /** sparse transition counts: [from, to, pixels] triples (landuse/combined), over the core */
  transitions: Float64Array;
  /** valid pixels in the core */
  validPixels: number;
  ms: { read: number; kernel: number; label: number };
}
