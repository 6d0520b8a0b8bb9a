/**
 * Public surface of the kernels room: pure functions over flat typed arrays (one array per band,
 * row-major). Same input → same bytes; `out` arguments let callers reuse memory; module scratch is per
 * worker.
 *
 * Tiles: every per-pixel kernel (validMask … combineLanduseSpectral) needs no halo. Only the morphology
 * reads neighbours: run cleanChanges on the tile plus haloFor(openR, closeR) px (clipped to the raster)
 * and cropWindow the tile back out; the result equals whole-raster processing. Global decisions use
 * mergeable partials: BandStats (mergeBandStats) → normalizationFromStats; histograms with a spec fixed
 * up front (magnitudeHistogramSpec / …FromStats) → mergeHistograms → otsuThreshold / kSigmaThreshold;
 * transition matrices and code counts merge with mergeHistograms.
 */
export * from './kernel-types.ts';
export * from './kernel-error.ts';
export * from './change-legend.ts';
export * from './landuse-codes.ts';
export * from './valid-mask.ts';
export * from './band-stats.ts';
export * from './normalization.ts';
export * from './cva-magnitude.ts';
export * from './band-roles.ts';
export * from './spectral-indices.ts';
export * from './histogram.ts';
export * from './magnitude-histogram-spec.ts';
export * from './otsu-threshold.ts';
export * from './k-sigma-threshold.ts';
export * from './threshold-mask.ts';
export * from './classify-spectral.ts';
export * from './classify-spectral-sparse.ts';
export * from './remap-table.ts';
export * from './remap-presets.ts';
export * from './transition-codes.ts';
export * from './transition-category.ts';
export * from './combine-landuse-spectral.ts';
export * from './change-morphology.ts';
export * from './crop-window.ts';
export * from './pixel-area.ts';
export * from './label-tile.ts';
export * from './label-tile-input.ts';
export * from './tile-components.ts';
export * from './tile-components-error.ts';
export * from './sieve-components.ts';
export * from './sieve-extras.ts';
