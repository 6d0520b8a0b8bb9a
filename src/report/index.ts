/** Public surface of the report room: map tiles, thumbnails, overview images and the HTML report. */
export { ReportError, REPORT_CODES, type ReportCode } from './report-error.ts';
export { createTileService, parseDatasetId, zoomRange, type TileService, type TileServiceOptions, type TileJson, type TileLayerInfo } from './tile-service.ts';
export { renderTileRgba, CHANGE_PALETTE, LANDUSE_PALETTE, type TileLayer, type TileStyle } from './tile-layer.ts';
export { renderPatchThumbnail, type ThumbnailPatch, type ThumbnailOptions } from './patch-thumbnail.ts';
export { renderOverviewPng } from './overview-image.ts';
export { buildReport, type BuildReportOptions } from './build-report.ts';
export { loadReportData, type ReportData } from './report-data.ts';
export { REPORT_SECTIONS } from './report-html.ts';
export { createViewerService, type ViewerServiceImpl, type ViewerServiceOptions } from './viewer-service.ts';
export { histogramSvg, barChartSvg } from './svg-charts.ts';
export * from './web-mercator.ts';
export { writeTilePyramid, tilesCovering, type TilePyramidOptions, type TilePyramidResult } from './write-tile-pyramid.ts';
export { encodePng } from './encode-png.ts';
