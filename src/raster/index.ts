export * from './raster-types.ts';
export * from './raster-error.ts';
export { openRaster, parseNodata } from './open-raster.ts';
export { planWindowRead } from './plan-window-read.ts';
export { readWindow, executeWindowRead } from './read-window.ts';
export { rasterInfo, formatRasterInfo, type RasterInfo } from './raster-info.ts';
export { createTiffWriter, writeTiff, type TiffWriter, type TiffWriterOptions } from './tiff-writer.ts';
export { planTiles, growWindow, type PlannedTile, type TilePlan } from './tile-plan.ts';
export { alignEpochs, type EpochInput } from './align-epochs.ts';
