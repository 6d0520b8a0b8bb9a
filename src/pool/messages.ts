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
  change: [ChangeTask, ChangeResult];
  label: [LabelTask, LabelResult];
  detectTile: [DetectTileTask, DetectTileResult];
  sieveApply: [SieveApplyTask, SieveApplyResult];
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
  /** 0-based alpha band of each epoch (a read band): where it is 0 the pixel is nodata; null/absent: none */
  alphaA?: number | null;
  alphaB?: number | null;
  /** each epoch's internal transparency mask over the window (1-bit WindowRead, see executeMaskRead); null/absent: none */
  maskA?: WindowRead | null;
  maskB?: WindowRead | null;
  /** cached decoded pixels covering the window (see pool/tasks/pixel-cache.ts); read instead of decoding when intact */
  cache?: { path: string; entries: PixelCacheEntry[] } | null;
}

/** One statistics unit's entry in the pixel cache. */
export interface PixelCacheEntry {
  window: PixelWindow;
  offset: number;
  crc: number;
  /** check the CRC before use: the entry was written by an earlier run (this one may have resumed after a crash) */
  verify: boolean;
}

/** Where the stats task writes its unit's decoded pixels. */
export interface PixelCacheRef {
  path: string;
  offset: number;
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
  /** when set, the decoded pixels are also written to the pixel cache for the next pass */
  cache?: PixelCacheRef | null;
}
export interface StatsResult {
  statsA: BandStats;
  statsB: BandStats;
  /** CRC32 of the unit's pixel-cache entry (when the task wrote one) */
  cacheCrc: number | null;
  ms: number;
}

/** Pass "histogram": fixed-bin histogram of the CVA magnitude (for a global Otsu threshold). */
export interface HistogramTask {
  tile: TileRef;
  imagery: EpochPair;
  cvaBands: number[];
  normalization: Normalization | null;
  spec: HistogramSpec;
  /** when set, the decoded pixels are also written to the pixel cache (no stats pass wrote it) */
  cache?: PixelCacheRef | null;
}
export interface HistogramResult {
  counts: Float64Array;
  /** CRC32 of the tile's pixel-cache entry (when the task wrote one) */
  cacheCrc: number | null;
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

/**
 * Pass "detect", step 1 ("change"): change codes of the tile core, read without a halo so every source
 * block is decoded once. Returns the raw per-pixel results the labelling step needs.
 */
export interface ChangeTask {
  tile: TileRef;
  /** pixels the tile owns; every read plans exactly this window */
  core: PixelWindow;
  mode: 'spectral' | 'landuse' | 'combined';
  spectral: SpectralParams | null;
  landuse: LanduseParams | null;
  /** the transition matrix counts only this part of `core` (the tile, when `core` is its label window); absent: all */
  countWindow?: PixelWindow;
}
export interface ChangeResult {
  /** change codes of the core before cleanup (uint8 legend), row-major */
  codes: Uint8Array;
  /** from·2048+to per pixel (0 unchanged, TRANSITION_INVALID invalid) in land-use modes, else empty */
  transitionCodes: Uint32Array;
  /** CVA magnitude per pixel in spectral modes, else empty */
  magnitude: Float32Array;
  /**
   * sparse transition counts over the core: [from, to, pixels] triples of classes, then [-1 | -2, raw
   * value, pixels] for raw values of epoch A | B without a usable class (packClassPairCounts; land-use modes)
   */
  transitions: Float64Array;
  ms: { read: number; kernel: number };
}

/**
 * Pass "detect", step 2 ("label"): cleanup and connected components of one tile. The main thread cuts the
 * window (core + halo) out of the neighbouring tiles' step-1 results, so the task carries those computed
 * arrays (not source pixels: nothing is decoded twice).
 */
export interface LabelTask {
  tile: TileRef;
  core: PixelWindow;
  /** core grown by the halo, clipped to the raster; the arrays below cover it */
  window: PixelWindow;
  rasterWidth: number;
  rasterHeight: number;
  codes: Uint8Array;
  transitionCodes: Uint32Array;
  magnitude: Float32Array;
  openRadiusPx: number;
  closeRadiusPx: number;
  connectivity: 4 | 8;
  /**
   * 'merge' (gdal_sieve MMU): instead of polygon components, return the core's sieve graph
   * (encoded SieveComponents) in `components`; the tile is polygonized after the global sieve decision.
   */
  mmuMode?: 'drop' | 'merge';
  /** merge mode: the sieve threshold T in pixels (decides which weights the tile keeps, see packSieveExtras) */
  sieveThresholdPx?: number;
}
export interface LabelResult {
  /** final change codes of the core (uint8 legend), row-major core.width × core.height */
  codes: Uint8Array;
  /** encoded TileComponents (labelled components, border labels, boundary chains); SieveComponents in merge mode */
  components: Uint8Array;
  /** pixel count per change code (index = code) over the core */
  codeCounts: Float64Array;
  /** valid pixels in the core */
  validPixels: number;
  /** merge mode: the core's transitions and weights where they can still count (packSieveExtras) */
  sieveExtras?: Uint8Array;
  ms: number;
}

/**
 * Merge-mode MMU, phase 3 for one tile: the main thread has decided the sieve on the whole-raster graph; the
 * task relabels the checkpointed core, applies the sieved values and polygonizes the sieved tile.
 */
export interface SieveApplyTask {
  tile: TileRef;
  core: PixelWindow;
  connectivity: 4 | 8;
  rasterWidth: number;
  /** cleaned (pre-sieve) change codes of the core */
  codes: Uint8Array;
  /** the label step's packSieveExtras of the core (sparse transitions and weights) */
  extras: Uint8Array;
  /** the sieve threshold T in pixels the extras were packed with */
  thresholdPx: number;
  /** sieved value per local component id (ids as the sieve kernel numbers them) */
  finalValues: Int32Array;
  /** sieved values around the core: top row (w+2, with corners), bottom row (w+2), left col (h), right col (h) */
  ringValues: Int32Array;
  ringValid: Uint8Array;
}
export interface SieveApplyResult {
  /** sieved change codes of the core */
  codes: Uint8Array;
  /** encoded TileComponents of the sieved core */
  components: Uint8Array;
  codeCounts: Float64Array;
  ms: number;
}

/**
 * Pass "detect" in one step, used when the pixel cache makes reading a halo cheap: the change step runs over
 * the label window itself (core + halo, from the cache) and the label step follows in the same task — the
 * same bytes as the two steps, without the round trip of the change results through the main thread.
 */
export interface DetectTileTask {
  /** `core` is the label window; `countWindow` the tile's core */
  change: ChangeTask;
  label: Omit<LabelTask, 'codes' | 'transitionCodes' | 'magnitude'>;
}
export interface DetectTileResult extends LabelResult {
  /** sparse transition counts over the tile's core */
  transitions: Float64Array;
  changeMs: { read: number; kernel: number };
}
